import { describe, expect, it } from 'vitest';
import { createSocketQuota } from './socket-quota.ts';

const limits = { perPerson: 3, perGuestAddress: 2 };
const alice = { userId: 1, address: '203.0.113.7' };
const bob = { userId: 2, address: '203.0.113.7' };
const guest = { userId: null, address: '203.0.113.7' };
const otherGuest = { userId: null, address: '198.51.100.9' };

describe('createSocketQuota', () => {
  it('gives a person slots up to the limit, then refuses', () => {
    const quota = createSocketQuota(limits);
    const taken = [quota.take(alice), quota.take(alice), quota.take(alice), quota.take(alice)];
    expect(taken.map((release) => release !== null)).toEqual([true, true, true, false]);
  });

  it('counts guests per address, apart from the people signed in there', () => {
    const quota = createSocketQuota(limits);
    expect([quota.take(guest), quota.take(guest), quota.take(guest)].map((release) => release !== null)).toEqual([true, true, false]);
    expect(quota.take(otherGuest)).not.toBeNull();
    // Alice and Bob share the guests' address (one office), but each counts as a person.
    expect(quota.take(alice)).not.toBeNull();
    expect(quota.take(bob)).not.toBeNull();
  });

  it('frees a slot when a socket is released', () => {
    const quota = createSocketQuota(limits);
    const releases = [quota.take(alice)!, quota.take(alice)!, quota.take(alice)!];
    expect(quota.take(alice)).toBeNull();
    releases[1]!();
    expect(quota.take(alice)).not.toBeNull();
    expect(quota.take(alice)).toBeNull();
  });

  it('frees one slot however often the same socket is released', () => {
    // A socket closed for an ended session is released there and again by its close event.
    const quota = createSocketQuota(limits);
    const first = quota.take(alice)!;
    quota.take(alice);
    quota.take(alice);
    first();
    first();
    expect(quota.count(alice)).toBe(2);
    expect(quota.take(alice)).not.toBeNull();
    expect(quota.take(alice)).toBeNull();
  });

  it('forgets a holder once its last socket is released', () => {
    const quota = createSocketQuota(limits);
    const release = quota.take(guest)!;
    release();
    expect(quota.count(guest)).toBe(0);
    expect(quota.holders()).toBe(0);
  });
});
