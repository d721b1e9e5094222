import type { DigestItem } from '@townhall/domain';
import { describe, expect, it } from 'vitest';
import { checkInDigestContent, checkInDigestText, digestSummary } from './digest-content.ts';

const item = (topicId: number, title: string, dueAt: string): DigestItem => ({
  topicId,
  title,
  boardId: 1,
  tier: 'head',
  dueAt: new Date(dueAt),
  state: 'within',
  assigneeId: null,
  urgent: false,
});

describe('digestSummary', () => {
  it.each([
    [{ breached: 1, due: 0 }, '1 question breached'],
    [{ breached: 2, due: 0 }, '2 questions breached'],
    [{ breached: 0, due: 1 }, '1 question due'],
    [{ breached: 0, due: 2 }, '2 questions due'],
    [{ breached: 1, due: 2 }, '3 questions: 1 breached, 2 due'],
    [{ breached: 1, due: 1 }, '2 questions: 1 breached, 1 due'],
  ])('counts %o as "%s"', (counts, summary) => {
    expect(digestSummary(counts)).toBe(summary);
  });
});

describe('checkInDigestContent', () => {
  // Monday's evening window in Shanghai (17:30–18:00, UTC+8); the next opens Tuesday 09:00.
  const window = { opensAt: new Date('2026-11-30T09:30:00Z'), closesAt: new Date('2026-11-30T10:00:00Z') };
  const nextWindow = { opensAt: new Date('2026-12-01T01:00:00Z'), closesAt: new Date('2026-12-01T01:30:00Z') };
  const content = checkInDigestContent({
    digest: {
      recipientId: 1,
      breached: [item(1, 'Breached last week', '2026-11-27T02:00:00Z')],
      dueThisWindow: [item(2, 'Due tonight', '2026-11-30T09:45:00Z')],
      dueBeforeNextWindow: [item(3, 'Due tomorrow', '2026-12-01T01:15:00Z')],
    },
    window,
    nextWindow,
    timeZone: 'Asia/Shanghai',
    publicUrl: 'https://forum.test',
  });

  it('gives times on the window’s day in the workspace zone, and the day of any other deadline', () => {
    expect(content.title).toBe('Check-in 17:30–18:00: 3 questions: 1 breached, 2 due');
    expect(content.sections.map((section) => section.heading)).toEqual(['Breached', 'Due before 18:00', 'Due before the next check-in (Tue 1 Dec 09:00)']);
    expect(content.sections.map((section) => section.items[0]!.text)).toEqual([
      'Breached last week (head, due Fri 27 Nov 10:00)',
      'Due tonight (head, due 17:45)',
      'Due tomorrow (head, due Tue 1 Dec 09:15)',
    ]);
  });

  it('says in the e-mail which time zone the times are in', () => {
    expect(checkInDigestText(content)).toContain('Times are in Asia/Shanghai.');
  });
});
