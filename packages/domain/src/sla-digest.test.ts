import { describe, expect, it } from 'vitest';
import { buildCheckInDigest, type DigestItem, type DigestStaffMember } from './sla-digest.ts';

// Shanghai (UTC+8, no DST): the morning window of Wednesday 2026-01-14, the evening one next.
const at = (local: string) => new Date(`${local}+08:00`);
const window = { opensAt: at('2026-01-14T09:00:00'), closesAt: at('2026-01-14T09:30:00') };
const nextWindow = { opensAt: at('2026-01-14T17:30:00'), closesAt: at('2026-01-14T18:00:00') };
const timeZone = 'Asia/Shanghai';
const qaBoard = 1;
const betaBoard = 2;

function item(topicId: number, dueAt: string, overrides: Partial<DigestItem> = {}): DigestItem {
  return { topicId, title: `Question ${topicId}`, boardId: qaBoard, tier: 'waist', dueAt: at(dueAt), state: 'within', assigneeId: null, urgent: false, ...overrides };
}

function member(id: number, overrides: Partial<DigestStaffMember> = {}): DigestStaffMember {
  return { id, role: 'ops', boardIds: [qaBoard], daysOff: [], backupId: null, ...overrides };
}

const ids = (items: DigestItem[]) => items.map((i) => i.topicId);

describe('buildCheckInDigest', () => {
  it('sorts items into breached, due this window and due before the next window', () => {
    const items = [
      item(1, '2026-01-13T17:00:00'),
      item(2, '2026-01-14T09:00:00'),
      item(3, '2026-01-14T09:15:00'),
      item(4, '2026-01-14T09:30:00'),
      item(5, '2026-01-14T12:00:00'),
      item(6, '2026-01-14T17:30:00'),
      item(7, '2026-01-14T17:31:00'),
      item(8, '2026-01-15T10:00:00', { state: 'breached' }),
    ];
    const { digests } = buildCheckInDigest({ window, nextWindow, timeZone, items, staff: [member(10)] });
    expect(digests).toHaveLength(1);
    expect(ids(digests[0]!.breached)).toEqual([1, 2, 8]);
    expect(ids(digests[0]!.dueThisWindow)).toEqual([3, 4]);
    expect(ids(digests[0]!.dueBeforeNextWindow)).toEqual([5, 6]);
  });

  it('puts urgent items first, then the earliest deadline, then head before waist before tail', () => {
    const items = [
      item(1, '2026-01-14T12:00:00', { tier: 'tail' }),
      item(2, '2026-01-14T12:00:00', { tier: 'head' }),
      item(3, '2026-01-14T11:00:00', { tier: 'tail' }),
      item(4, '2026-01-14T15:00:00', { tier: 'waist', urgent: true }),
      item(5, '2026-01-14T12:00:00', { tier: 'waist' }),
    ];
    const { digests } = buildCheckInDigest({ window, nextWindow, timeZone, items, staff: [member(10)] });
    expect(ids(digests[0]!.dueBeforeNextWindow)).toEqual([4, 3, 2, 5, 1]);
  });

  it('leaves out paused and met clocks', () => {
    const items = [item(1, '2026-01-13T17:00:00', { state: 'paused' }), item(2, '2026-01-14T09:10:00', { state: 'met' })];
    const { digests } = buildCheckInDigest({ window, nextWindow, timeZone, items, staff: [member(10)] });
    expect(digests[0]).toEqual({ recipientId: 10, breached: [], dueThisWindow: [], dueBeforeNextWindow: [] });
  });

  it('sends items to everyone covering the board, and assigned items to the assignee only', () => {
    const items = [item(1, '2026-01-14T12:00:00'), item(2, '2026-01-14T12:00:00', { assigneeId: 11 }), item(3, '2026-01-14T12:00:00', { boardId: betaBoard })];
    const staff = [member(10), member(11, { role: 'pm' }), member(12, { boardIds: [betaBoard] })];
    const { digests } = buildCheckInDigest({ window, nextWindow, timeZone, items, staff });
    expect(Object.fromEntries(digests.map((d) => [d.recipientId, ids(d.dueBeforeNextWindow)]))).toEqual({ 10: [1], 11: [1, 2], 12: [3] });
  });

  it('gives a person on leave nothing and hands their items to the backup', () => {
    const items = [item(1, '2026-01-14T12:00:00', { assigneeId: 10 }), item(2, '2026-01-14T12:00:00', { boardId: betaBoard })];
    const staff = [member(10, { daysOff: ['2026-01-14'], backupId: 11, boardIds: [betaBoard] }), member(11, { boardIds: [] })];
    const { digests } = buildCheckInDigest({ window, nextWindow, timeZone, items, staff });
    expect(digests.map((d) => [d.recipientId, ids(d.dueBeforeNextWindow)])).toEqual([[11, [1, 2]]]);
  });

  it('follows the chain of backups past people also on leave', () => {
    const items = [item(1, '2026-01-14T12:00:00', { assigneeId: 10 })];
    const staff = [
      member(10, { daysOff: ['2026-01-14'], backupId: 11 }),
      member(11, { daysOff: ['2026-01-14'], backupId: 12, boardIds: [] }),
      member(12, { boardIds: [] }),
      member(13, { boardIds: [] }),
    ];
    const { digests, unrouted } = buildCheckInDigest({ window, nextWindow, timeZone, items, staff });
    expect(digests.map((d) => [d.recipientId, ids(d.dueBeforeNextWindow)])).toEqual([[12, [1]], [13, []]]);
    expect(unrouted).toEqual([]);
  });

  it('sends an item on a board nobody covers to every on-duty PM and ops member', () => {
    const items = [item(1, '2026-01-14T08:00:00', { boardId: betaBoard }), item(2, '2026-01-14T12:00:00')];
    const staff = [member(10), member(11, { role: 'pm', boardIds: [] }), member(12, { daysOff: ['2026-01-14'], boardIds: [] }), member(13, { role: 'admin', boardIds: [] })];
    const { digests, unrouted } = buildCheckInDigest({ window, nextWindow, timeZone, items, staff });
    expect(digests.map((d) => [d.recipientId, ids(d.breached), ids(d.dueBeforeNextWindow)])).toEqual([
      [10, [1], [2]],
      [11, [1], []],
    ]);
    expect(unrouted).toEqual([]);
  });

  it('sends an item whose assignee, coverers and backups are all on leave to every on-duty PM and ops member', () => {
    const items = [item(1, '2026-01-14T12:00:00', { assigneeId: 20 }), item(2, '2026-01-14T12:00:00')];
    const staff = [
      member(10, { daysOff: ['2026-01-14'], backupId: 11 }),
      member(11, { daysOff: ['2026-01-14'], boardIds: [] }),
      member(20, { daysOff: ['2026-01-14'], backupId: 21, boardIds: [] }),
      member(21, { daysOff: ['2026-01-14'], backupId: 20, boardIds: [] }),
      member(30, { role: 'pm', boardIds: [betaBoard] }),
      member(31, { boardIds: [] }),
    ];
    const { digests, unrouted } = buildCheckInDigest({ window, nextWindow, timeZone, items, staff });
    expect(digests.map((d) => [d.recipientId, ids(d.dueBeforeNextWindow)])).toEqual([
      [30, [1, 2]],
      [31, [1, 2]],
    ]);
    expect(unrouted).toEqual([]);
  });

  it('reports in unrouted what reaches nobody, when nobody at all is on duty', () => {
    const items = [item(1, '2026-01-14T12:00:00'), item(2, '2026-01-14T12:00:00', { boardId: betaBoard })];
    const staff = [member(10, { daysOff: ['2026-01-14'] }), member(11, { role: 'admin' })];
    const { digests, unrouted } = buildCheckInDigest({ window, nextWindow, timeZone, items, staff });
    expect(digests).toEqual([]);
    expect(ids(unrouted)).toEqual([1, 2]);
  });

  it('takes days off on the local date of the window, not the UTC date', () => {
    // 08:30 in Shanghai on the 14th is still the 13th in UTC.
    const early = { opensAt: at('2026-01-14T07:30:00'), closesAt: at('2026-01-14T08:00:00') };
    const { digests } = buildCheckInDigest({ window: early, nextWindow, timeZone, items: [], staff: [member(10, { daysOff: ['2026-01-14'] }), member(11, { daysOff: ['2026-01-13'] })] });
    expect(digests.map((d) => d.recipientId)).toEqual([11]);
  });

  it('sends digests to PMs and ops, not to admins', () => {
    const { digests } = buildCheckInDigest({ window, nextWindow, timeZone, items: [item(1, '2026-01-14T12:00:00')], staff: [member(10, { role: 'admin' }), member(11, { role: 'pm' })] });
    expect(digests.map((d) => d.recipientId)).toEqual([11]);
  });

  it('counts an item once for a backup standing in for two people', () => {
    const staff = [member(10, { daysOff: ['2026-01-14'], backupId: 12 }), member(11, { daysOff: ['2026-01-14'], backupId: 12 }), member(12, { boardIds: [] })];
    const { digests } = buildCheckInDigest({ window, nextWindow, timeZone, items: [item(1, '2026-01-14T12:00:00')], staff });
    expect(digests.map((d) => [d.recipientId, ids(d.dueBeforeNextWindow)])).toEqual([[12, [1]]]);
  });
});
