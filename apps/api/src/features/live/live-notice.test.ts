import { describe, expect, it } from 'vitest';
import { parseLiveNotice } from './live.repository.ts';

describe('parseLiveNotice', () => {
  it('reads a whole event', () => {
    const notice = parseLiveNotice(JSON.stringify({ id: 7, channel: 'topic:1', kind: 'post.created', payload: { topicId: 1 }, createdAt: '2026-11-26T10:00:00.123456+00:00' }));
    expect(notice).toEqual({ event: { id: 7, channel: 'topic:1', kind: 'post.created', payload: { topicId: 1 }, createdAt: new Date('2026-11-26T10:00:00.123Z') } });
  });

  it('reads a bare id, for an event too large to carry', () => {
    expect(parseLiveNotice('12345')).toEqual({ id: 12345 });
  });

  it('reads a change of access to a person', () => {
    expect(parseLiveNotice('access:42')).toEqual({ accessOf: 42 });
  });

  it('ignores anything else', () => {
    for (const payload of ['', 'abc', 'access:', 'access:x', 'access:99999999999999999999', '{"id":"7"}', '{"id":1.5,"channel":"a","kind":"b"}', '{not json', '99999999999999999999']) {
      expect(parseLiveNotice(payload)).toBeNull();
    }
  });
});
