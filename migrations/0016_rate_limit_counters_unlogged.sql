-- Custom SQL migration (drizzle-kit generate --custom): drizzle's schema cannot say UNLOGGED.
-- Rate-limit counters need no crash safety (after a crash of PostgreSQL the windows start over),
-- so they skip the write-ahead log: counting a request no longer waits for a WAL flush.
ALTER TABLE "rate_limit_counters" SET UNLOGGED;
