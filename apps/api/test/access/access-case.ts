import type { Action, BoardRef, Role } from '@townhall/domain';
import type { Person, TestApp } from '../test-app.ts';

/** What every feature's access cases can use: the app, one person per role, fixtures by name. */
export type AccessContext = {
  t: TestApp;
  people: Map<Role, Person | null>;
  /** Fixture ids a feature's `setup` stored (e.g. `topic:qa`). */
  ids: Record<string, number>;
  /** A fresh number for unique titles and e-mails. */
  next(): number;
};

/** One route, one kind of resource: the test runs it for every role and derives the expected status. */
export type AccessCase = {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Route pattern as OpenAPI lists it, to prove every route is covered. */
  route: string;
  url: (ctx: AccessContext) => string;
  body?: (ctx: AccessContext) => unknown;
  /** Headers the request needs (an upload's image type). */
  headers?: Record<string, string>;
  /** Who the resource belongs to, for owner rules: a role whose person owns it. */
  ownerRole?: Role;
  access: 'public' | { action: Action; board?: BoardRef };
  /** The status when allowed (a valid request that the route then answers). */
  success: number;
  /** Needs a fresh session per run (sign-out ends it). */
  freshSession?: boolean;
};

/** A feature's contribution to the matrix walk. */
export type AccessCaseFile = {
  setup?: (ctx: AccessContext) => Promise<void>;
  cases: AccessCase[];
};

export const boardsUnderTest = {
  qa: { kind: 'qa', visibility: 'public' },
  'members-qa': { kind: 'qa', visibility: 'members' },
  'release-notes': { kind: 'release_notes', visibility: 'public' },
  beta: { kind: 'beta', visibility: 'members' },
} as const satisfies Record<string, BoardRef>;
