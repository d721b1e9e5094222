import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { betaApplications, betaPrograms } from '@townhall/db';
import { apply, decide, recruitingProgram } from './beta-helpers.ts';
import { createTestApp, type Person, type TestApp } from './test-app.ts';

let t: TestApp;
let pm: Person;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: { signInPerMinute: 10_000, postsPerMinute: 10_000 } });
  pm = await t.signedIn('pm');
});
afterAll(() => t.close());

/** One by one: the helper numbers people and creates organizations on first use. */
async function signInCustomers(count: number, options: (i: number) => Parameters<TestApp['signedIn']>[1]): Promise<Person[]> {
  const people: Person[] = [];
  for (let i = 0; i < count; i += 1) people.push(await t.signedIn('customer', options(i)));
  return people;
}

async function statuses(programId: number) {
  const rows = await t.db.select().from(betaApplications).where(eq(betaApplications.programId, programId));
  const [program] = await t.db.select().from(betaPrograms).where(eq(betaPrograms.topicId, programId));
  return { rows, seatsTaken: program!.seatsTaken };
}

describe('seats under concurrency', () => {
  it('accepts exactly 5 of 30 simultaneous applications to a 5-seat auto-accept program', async () => {
    const program = await recruitingProgram(t, pm, { seatCapacity: 5, autoAccept: true });
    const customers = await signInCustomers(30, (i) => ({ organization: `Concurrent ${i}`, tier: 'waist' }));
    const responses = await Promise.all(customers.map((customer) => apply(t, customer, program.id)));
    expect(responses.map((r) => r.statusCode)).toEqual(Array(30).fill(201));
    const answered = responses.map((r) => r.json().status as string);
    expect(answered.filter((s) => s === 'accepted')).toHaveLength(5);
    expect(answered.filter((s) => s === 'waitlisted')).toHaveLength(25);
    const { rows, seatsTaken } = await statuses(program.id);
    expect(rows.filter((row) => row.status === 'accepted')).toHaveLength(5);
    expect(seatsTaken).toBe(5);
    // Waitlist places are 1..25 without gaps.
    const positions = responses.map((r) => r.json().waitlistPosition).filter((p) => p !== null).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('keeps the per-organization cap under simultaneous applications', async () => {
    const program = await recruitingProgram(t, pm, { seatCapacity: 20, perOrganizationCap: 2, autoAccept: true });
    const customers = await signInCustomers(24, (i) => ({ organization: `Capped ${i % 3}`, tier: 'head' }));
    const responses = await Promise.all(customers.map((customer) => apply(t, customer, program.id)));
    expect(responses.every((r) => r.statusCode === 201)).toBe(true);
    const { rows, seatsTaken } = await statuses(program.id);
    const accepted = rows.filter((row) => row.status === 'accepted');
    expect(accepted).toHaveLength(6);
    const perOrganization = new Map<number, number>();
    for (const row of accepted) perOrganization.set(row.organizationId!, (perOrganization.get(row.organizationId!) ?? 0) + 1);
    expect([...perOrganization.values()]).toEqual([2, 2, 2]);
    expect(seatsTaken).toBe(6);
  });

  it('refuses simultaneous PM acceptances past capacity with SEATS_FULL', async () => {
    const program = await recruitingProgram(t, pm, { seatCapacity: 3 });
    const customers = await signInCustomers(10, () => ({}));
    const ids = (await Promise.all(customers.map((customer) => apply(t, customer, program.id)))).map((r) => r.json().id as number);
    const answers = await Promise.all(ids.map((id) => decide(t, pm, program.id, [id], 'accept')));
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(3);
    const refused = answers.filter((r) => r.statusCode === 409);
    expect(refused).toHaveLength(7);
    expect(new Set(refused.map((r) => r.json().error.code))).toEqual(new Set(['SEATS_FULL']));
    expect((await statuses(program.id)).seatsTaken).toBe(3);
  });
});
