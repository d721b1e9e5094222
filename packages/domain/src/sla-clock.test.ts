import { describe, expect, it } from 'vitest';
import { defaultBusinessCalendar } from './business-calendar.ts';
import { currentSlaState, isOpenSlaClock, nextSlaClock, replyMovesSlaClock, type SlaClock, type SlaCustomer, type SlaEvent } from './sla-clock.ts';
import { defaultSlaPolicy } from './sla-policy.ts';

// Berlin, Monday to Friday 09:00–18:00; 2026-01-14 is a Wednesday (UTC+1).
const calendar = defaultBusinessCalendar({ timeZone: 'Europe/Berlin' });
const policy = defaultSlaPolicy;
const at = (local: string) => new Date(`${local}+01:00`);
const headAdopting: SlaCustomer = { tier: 'head', stage: 'adoption', renewalOn: null };

function running(overrides: Partial<SlaClock> = {}): SlaClock {
  return {
    kind: 'first',
    tier: 'head',
    startedAt: at('2026-01-14T10:00:00'),
    dueAt: at('2026-01-14T12:00:00'),
    targetMinutes: 120,
    tightened: false,
    state: 'within',
    pausedAt: null,
    remainingMinutes: null,
    metAt: null,
    urgentAt: null,
    ...overrides,
  };
}

const paused = running({ state: 'paused', pausedAt: at('2026-01-14T11:00:00'), remainingMinutes: 60 });
const met = running({ state: 'met', metAt: at('2026-01-14T11:00:00') });

describe('nextSlaClock', () => {
  it.each<[string, SlaCustomer, string, string, number, boolean]>([
    ['a head customer', headAdopting, '2026-01-14T10:00:00', '2026-01-14T12:00:00', 120, false],
    ['a tail customer late in the day', { tier: 'tail', stage: 'adoption', renewalOn: null }, '2026-01-14T16:00:00', '2026-01-15T15:00:00', 480, false],
    ['an onboarding waist customer', { tier: 'waist', stage: 'onboarding', renewalOn: null }, '2026-01-14T10:00:00', '2026-01-14T12:00:00', 120, true],
    ['a customer renewing within 60 days', { tier: 'head', stage: 'adoption', renewalOn: '2026-02-01' }, '2026-01-14T10:00:00', '2026-01-14T11:00:00', 60, true],
    ['a question on Saturday', headAdopting, '2026-01-17T10:00:00', '2026-01-19T11:00:00', 120, false],
  ])('starts the first-response clock for %s', (_title, customer, askedAt, dueAt, targetMinutes, tightened) => {
    const result = nextSlaClock({ event: { type: 'question_asked' }, clock: null, now: at(askedAt), calendar, policy, customer });
    expect(result).toMatchObject({ ok: true, changed: true, clock: { kind: 'first', state: 'within', dueAt: at(dueAt), targetMinutes, tightened, tier: customer.tier } });
  });

  it('starts no clock without a customer account (staff asking)', () => {
    expect(nextSlaClock({ event: { type: 'question_asked' }, clock: null, now: at('2026-01-14T10:00:00'), calendar, policy, customer: null })).toEqual({ ok: true, clock: null, changed: false });
  });

  it.each<[string, SlaEvent, SlaClock, string, Partial<SlaClock>]>([
    ['a staff reply in time meets', { type: 'staff_replied' }, running(), '2026-01-14T11:59:00', { state: 'met', metAt: at('2026-01-14T11:59:00') }],
    ['a staff reply at the deadline meets', { type: 'staff_replied' }, running(), '2026-01-14T12:00:00', { state: 'met' }],
    ['a late staff reply breaches', { type: 'staff_replied' }, running(), '2026-01-14T12:00:01', { state: 'breached' }],
    ['an accepted answer meets', { type: 'answer_accepted' }, running(), '2026-01-14T11:00:00', { state: 'met' }],
    ['closing in time meets', { type: 'question_closed' }, running(), '2026-01-14T11:00:00', { state: 'met' }],
    ['closing late breaches', { type: 'question_closed' }, running(), '2026-01-14T13:00:00', { state: 'breached' }],
    ['a staff reply to a paused clock meets', { type: 'staff_replied' }, paused, '2026-01-15T12:00:00', { state: 'met' }],
    ['pausing keeps the minutes left', { type: 'paused' }, running(), '2026-01-14T11:30:00', { state: 'paused', pausedAt: at('2026-01-14T11:30:00'), remainingMinutes: 30 }],
    ['the asker resumes a paused clock', { type: 'asker_replied' }, paused, '2026-01-14T17:30:00', { state: 'within', dueAt: at('2026-01-15T09:30:00'), pausedAt: null, remainingMinutes: null }],
    ['staff resume a paused clock', { type: 'resumed' }, paused, '2026-01-16T17:00:00', { state: 'within', dueAt: at('2026-01-16T18:00:00') }],
    ['the asker follows up after staff answered', { type: 'asker_replied' }, met, '2026-01-14T13:00:00', { kind: 'next', state: 'within', startedAt: at('2026-01-14T13:00:00'), dueAt: at('2026-01-14T15:00:00'), metAt: null }],
    ['marking urgent', { type: 'marked_urgent' }, running(), '2026-01-14T10:30:00', { urgentAt: at('2026-01-14T10:30:00') }],
  ])('%s', (_title, event, clock, now, expected) => {
    const result = nextSlaClock({ event, clock, now: at(now), calendar, policy, customer: headAdopting });
    expect(result).toMatchObject({ ok: true, changed: true, clock: expected });
  });

  it.each<[string, SlaEvent, SlaClock | null]>([
    ['a second question event', { type: 'question_asked' }, running()],
    ['the asker following up before staff answered', { type: 'asker_replied' }, running()],
    ['the asker thanking on a solved or closed question', { type: 'asker_replied', questionSettled: true }, met],
    ['a staff reply after the clock was met', { type: 'staff_replied' }, met],
    ['a staff reply on a question without a clock', { type: 'staff_replied' }, null],
    ['an accepted answer after the clock was met', { type: 'answer_accepted' }, met],
    ['pausing a paused clock', { type: 'paused' }, paused],
    ['resuming a running clock', { type: 'resumed' }, running()],
    ['marking an urgent clock again', { type: 'marked_urgent' }, running({ urgentAt: at('2026-01-14T10:10:00') })],
  ])('leaves the clock alone on %s', (_title, event, clock) => {
    expect(nextSlaClock({ event, clock, now: at('2026-01-14T11:00:00'), calendar, policy, customer: headAdopting })).toEqual({ ok: true, clock, changed: false });
  });

  it.each<[string, SlaEvent, SlaClock | null]>([
    ['pausing a met clock', { type: 'paused' }, met],
    ['pausing without a clock', { type: 'paused' }, null],
    ['resuming a met clock', { type: 'resumed' }, met],
    ['marking a met clock urgent', { type: 'marked_urgent' }, met],
  ])('refuses %s', (_title, event, clock) => {
    expect(nextSlaClock({ event, clock, now: at('2026-01-14T11:00:00'), calendar, policy, customer: headAdopting })).toMatchObject({ ok: false });
  });

  it('keeps the tier of the first clock for the next-response clock', () => {
    const result = nextSlaClock({ event: { type: 'asker_replied' }, clock: { ...met, tier: 'tail' }, now: at('2026-01-14T13:00:00'), calendar, policy, customer: headAdopting });
    expect(result).toMatchObject({ ok: true, clock: { kind: 'next', tier: 'tail', targetMinutes: 480 } });
  });
});

describe('currentSlaState', () => {
  it.each<[string, SlaClock, string, string]>([
    ['a running clock well before its deadline', running(), '2026-01-14T11:00:00', 'within'],
    ['a running clock 30 minutes before its deadline', running(), '2026-01-14T11:30:00', 'due_soon'],
    ['a running clock past its deadline', running(), '2026-01-14T12:00:00', 'breached'],
    ['a paused clock long after its old deadline', paused, '2026-01-20T12:00:00', 'paused'],
    ['a met clock', met, '2026-01-20T12:00:00', 'met'],
    ['a clock answered late', running({ state: 'breached', metAt: at('2026-01-14T13:00:00') }), '2026-01-14T13:00:00', 'breached'],
  ])('%s is %s', (_title, clock, now, state) => {
    expect(currentSlaState({ clock, now: at(now) })).toBe(state);
  });

  it('knows which clocks are open', () => {
    expect([running(), paused, met, null].map(isOpenSlaClock)).toEqual([true, true, false, false]);
  });
});

describe('replyMovesSlaClock', () => {
  it('is true for staff and for the asker, false for anyone else', () => {
    expect(replyMovesSlaClock({ replyIsFromStaff: true, replyIsFromAsker: false })).toBe(true);
    expect(replyMovesSlaClock({ replyIsFromStaff: false, replyIsFromAsker: true })).toBe(true);
    // Staff asking on their own question (a test post, say) still count as staff.
    expect(replyMovesSlaClock({ replyIsFromStaff: true, replyIsFromAsker: true })).toBe(true);
    expect(replyMovesSlaClock({ replyIsFromStaff: false, replyIsFromAsker: false })).toBe(false);
  });
});
