import { describe, expect, it } from 'vitest';
import { nextSlaAssignee, type SlaAssignmentChange, type SlaAssignmentResult } from './sla-assignment.ts';

const me = 7;
const colleague = 9;

describe('nextSlaAssignee', () => {
  it.each<[string, SlaAssignmentChange, number | null, boolean, boolean, SlaAssignmentResult]>([
    ['takes an unassigned open question', 'take', null, false, true, { ok: true, assigneeId: me, changed: true }],
    ['keeps a question already mine', 'take', me, false, true, { ok: true, assigneeId: me, changed: false }],
    ['refuses a question someone else has', 'take', colleague, false, true, { ok: false, code: 'SLA_ASSIGNED_TO_SOMEONE_ELSE', reason: expect.any(String) as never }],
    ['refuses a question someone else has, even to an admin', 'take', colleague, true, true, { ok: false, code: 'SLA_ASSIGNED_TO_SOMEONE_ELSE', reason: expect.any(String) as never }],
    ['refuses a question without an open clock', 'take', null, false, false, { ok: false, code: 'SLA_CLOCK_NOT_OPEN', reason: expect.any(String) as never }],
    ['releases my question', 'release', me, false, true, { ok: true, assigneeId: null, changed: true }],
    ['releases my question after its clock stopped', 'release', me, false, false, { ok: true, assigneeId: null, changed: true }],
    ['changes nothing on an unassigned question', 'release', null, false, true, { ok: true, assigneeId: null, changed: false }],
    ["refuses to release someone else's question", 'release', colleague, false, true, { ok: false, code: 'SLA_ASSIGNED_TO_SOMEONE_ELSE', reason: expect.any(String) as never }],
    ["lets an admin release someone else's question", 'release', colleague, true, true, { ok: true, assigneeId: null, changed: true }],
  ])('%s', (_title, change, currentAssigneeId, actorIsAdmin, clockOpen, expected) => {
    expect(nextSlaAssignee({ change, currentAssigneeId, actorId: me, actorIsAdmin, clockOpen })).toEqual(expected);
  });
});
