import { resolve } from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

const EnvSchema = Type.Object({
  HOST: Type.String({ default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ default: './data' }),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  WORKERS: Type.Integer({ minimum: 1, maximum: 64, default: 1 }),
  // Set by the primary process on each worker it starts (see workers/supervisor.ts), not by people.
  TOWNHALL_WORKER_INDEX: Type.Optional(Type.Integer({ minimum: 0 })),
  SEED_DEMO: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  TRUST_PROXY: Type.Union([Type.Literal('true'), Type.Literal('false')], { default: 'false' }),
  COOKIE_SECURE: Type.Union([Type.Literal('auto'), Type.Literal('true'), Type.Literal('false')], { default: 'auto' }),
  SIGN_IN_RATE_LIMIT: Type.Integer({ minimum: 1, default: 10 }),
  POST_RATE_LIMIT: Type.Integer({ minimum: 1, default: 30 }),
  SEARCH_RATE_LIMIT: Type.Integer({ minimum: 1, default: 60 }),
  MENTION_RATE_LIMIT: Type.Integer({ minimum: 1, default: 60 }),
  REACTION_RATE_LIMIT: Type.Integer({ minimum: 1, default: 60 }),
  UPLOAD_MAX_MB: Type.Integer({ minimum: 1, maximum: 50, default: 5 }),
  UPLOAD_DAILY_MB: Type.Integer({ minimum: 1, maximum: 100000, default: 100 }),
  WEB_BUILD_DIR: Type.Optional(Type.String()),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^/]+$' })),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.String({ default: 'Townhall <townhall@localhost>' }),
  MAIL_DELAY_MINUTES: Type.Integer({ minimum: 0, maximum: 1440, default: 10 }),
  JOBS: Type.Union([Type.Literal('true'), Type.Literal('false')], { default: 'true' }),
  LIVE_HEARTBEAT_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 30 }),
  LIVE_MAX_BUFFERED_KB: Type.Integer({ minimum: 16, maximum: 1048576, default: 1024 }),
  // A page holds up to two sockets (its own and the header's notifications): 40 is 20 tabs.
  LIVE_SOCKETS_PER_PERSON: Type.Integer({ minimum: 1, maximum: 100000, default: 40 }),
  // Guests hold one a page, and many may share one address (an office behind NAT).
  LIVE_SOCKETS_PER_GUEST_IP: Type.Integer({ minimum: 1, maximum: 1000000, default: 100 }),
  WEBHOOK_PRIVATE_TARGETS: Type.Union([Type.Literal('true'), Type.Literal('false')], { default: 'false' }),
  NODE_ENV: Type.Enum(['production', 'development', 'test'], { default: 'production' }),
  // Set by npm and pnpm to the folder the command was typed in.
  INIT_CWD: Type.Optional(Type.String()),
});

export type Config = {
  host: string;
  port: number;
  database: { databaseUrl: string; poolSize: number } | { dataDir: string | null };
  /** Processes serving on the one port (node:cluster); above 1 only on a PostgreSQL server. */
  workers: number;
  /** Which worker this process is (0 first), when started by the primary of `workers` > 1. */
  workerIndex: number | null;
  seedDemo: boolean;
  logLevel: string;
  trustProxy: boolean;
  /** `auto`: Secure when the request came over HTTPS (directly or, with TRUST_PROXY, via a proxy). */
  cookieSecure: 'auto' | boolean;
  rateLimits: { signInPerMinute: number; postsPerMinute: number };
  /** Searches per minute per person or client address (similar-question look-ups get twice as many). */
  searchesPerMinute: number;
  /** Mention look-ups (`@…` autocomplete) per minute per person. */
  mentionLookupsPerMinute: number;
  /** "Me too" votes and reactions, given or taken back, per minute per person. */
  reactionsPerMinute: number;
  /** Attached images: the largest one, and how much one person may upload in a day. */
  uploads: { maxBytes: number; dailyBytesPerPerson: number };
  /** Where the SvelteKit build lives; null when the API runs without pages (tests). */
  webBuildDir: string | null;
  /** The address people reach the forum at, for links in e-mail. */
  publicUrl: string;
  mail: {
    /** SMTP server (`smtp://user:pass@host:587`); without it, mail is kept in the outbox for admins. */
    smtpUrl: string | null;
    from: string;
    /** Notification e-mail waits this long and is dropped if the notification was read meanwhile. */
    delayMinutes: number;
  };
  /** Background jobs (mail delivery, digests) run on this instance. */
  jobsEnabled: boolean;
  /** Heartbeat and back-pressure of live sockets, and how many one person or guest address may hold on this instance. */
  live: { heartbeatMs: number; maxBufferedBytes: number; socketsPerPerson: number; socketsPerGuestAddress: number };
  /** Whether chat webhooks may point at loopback and private addresses (a receiver on the same machine or network). */
  webhookPrivateTargets: boolean;
  /** `development`: pages come from Vite's dev server with hot reload instead of the build. */
  environment: 'production' | 'development' | 'test';
};

export class ConfigError extends Error {}

/** Reads and checks the environment once; nothing else reads process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(EnvSchema.properties)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const converted = Value.Convert(EnvSchema, Value.Default(EnvSchema, relevant));
  const errors = [...Value.Errors(EnvSchema, converted)];
  if (errors.length > 0) {
    const first = errors[0]!;
    throw new ConfigError(`Invalid environment variable ${first.instancePath.replace(/^\//, '')}: ${first.message}`);
  }
  const parsed = converted as Static<typeof EnvSchema>;
  const embedded = parsed.DATABASE_URL === undefined;
  if (parsed.WORKERS > 1 && embedded) {
    throw new ConfigError('WORKERS above 1 needs DATABASE_URL: the embedded database can be open in one process only');
  }
  if (parsed.WORKERS > 1 && parsed.NODE_ENV === 'development') {
    throw new ConfigError('WORKERS above 1 is for production: the development server (Vite) runs in one process');
  }
  return {
    host: parsed.HOST,
    port: parsed.PORT,
    database: embedded
      ? // A relative DATA_DIR means relative to where the person typed `pnpm start`.
        { dataDir: resolve(parsed.INIT_CWD ?? process.cwd(), parsed.DATA_DIR) }
      : { databaseUrl: parsed.DATABASE_URL!, poolSize: parsed.DB_POOL_SIZE },
    workers: parsed.WORKERS,
    workerIndex: parsed.TOWNHALL_WORKER_INDEX ?? null,
    // Demo data is the zero-setup default on the embedded database only.
    seedDemo: parsed.SEED_DEMO === undefined ? embedded : parsed.SEED_DEMO === 'true',
    logLevel: parsed.LOG_LEVEL,
    trustProxy: parsed.TRUST_PROXY === 'true',
    cookieSecure: parsed.COOKIE_SECURE === 'auto' ? 'auto' : parsed.COOKIE_SECURE === 'true',
    rateLimits: { signInPerMinute: parsed.SIGN_IN_RATE_LIMIT, postsPerMinute: parsed.POST_RATE_LIMIT },
    searchesPerMinute: parsed.SEARCH_RATE_LIMIT,
    mentionLookupsPerMinute: parsed.MENTION_RATE_LIMIT,
    reactionsPerMinute: parsed.REACTION_RATE_LIMIT,
    uploads: { maxBytes: parsed.UPLOAD_MAX_MB * 1024 * 1024, dailyBytesPerPerson: parsed.UPLOAD_DAILY_MB * 1024 * 1024 },
    webBuildDir: resolve(parsed.WEB_BUILD_DIR ?? new URL('../../web/build', import.meta.url).pathname),
    environment: parsed.NODE_ENV,
    publicUrl: parsed.PUBLIC_URL ?? `http://${parsed.HOST === '0.0.0.0' ? 'localhost' : parsed.HOST}:${parsed.PORT}`,
    mail: { smtpUrl: parsed.SMTP_URL ?? null, from: parsed.MAIL_FROM, delayMinutes: parsed.MAIL_DELAY_MINUTES },
    jobsEnabled: parsed.JOBS === 'true',
    live: {
      heartbeatMs: parsed.LIVE_HEARTBEAT_SECONDS * 1000,
      maxBufferedBytes: parsed.LIVE_MAX_BUFFERED_KB * 1024,
      socketsPerPerson: parsed.LIVE_SOCKETS_PER_PERSON,
      socketsPerGuestAddress: parsed.LIVE_SOCKETS_PER_GUEST_IP,
    },
    webhookPrivateTargets: parsed.WEBHOOK_PRIVATE_TARGETS === 'true',
  };
}
