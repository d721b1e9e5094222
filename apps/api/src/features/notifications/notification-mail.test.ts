import { describe, expect, it } from 'vitest';
import { notificationDetail, notificationMail } from './notification-mail.ts';

describe('notificationMail', () => {
  it('names who did what, links the page and the settings', () => {
    const mail = notificationMail({
      kind: 'question_answered',
      actorName: 'Ana',
      title: 'How do I export?',
      url: 'https://forum.test/t/1#post-2',
      preferencesUrl: 'https://forum.test/notifications/settings',
    });
    expect(mail.subject).toBe('[Townhall] How do I export?');
    expect(mail.text).toContain('Ana answered your question: How do I export?');
    expect(mail.text).toContain('https://forum.test/t/1#post-2');
    expect(mail.text).toContain('https://forum.test/notifications/settings');
  });

  it('keeps subjects short', () => {
    const mail = notificationMail({ kind: 'mention', actorName: null, title: 'x'.repeat(300), url: 'u', preferencesUrl: 'p' });
    expect(mail.subject.length).toBe(200);
    expect(mail.text).toContain('Someone mentioned you');
  });
});

describe('a hidden post', () => {
  const base = { kind: 'post_hidden' as const, actorName: 'Olga', title: 'How do I export?', url: 'u', preferencesUrl: 'p' };

  it('tells its author why, without naming who hid it', () => {
    const mail = notificationMail({ ...base, data: { reason: 'Shares a customer password' } });
    expect(mail.text).toContain('Staff hid your post: How do I export?');
    expect(mail.text).toContain('Their reason: “Shares a customer password”.');
    expect(mail.text).toContain('Only you and staff can see it now');
    expect(mail.text).not.toContain('Olga');
  });

  it('says a report led to it when staff upheld one, not what the report said', () => {
    expect(notificationDetail('post_hidden', { reason: null })).toBe('They hid it after someone reported it. Only you and staff can see it now; you can still edit it.');
    expect(notificationDetail('mention', { reason: 'x' })).toBeNull();
  });
});
