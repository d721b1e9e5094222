-- Custom SQL migration (drizzle-kit generate --custom): drizzle's schema cannot say triggers.
-- An open live socket keeps the session it was opened with. When a session ends (sign-out, a
-- password change or reset, a deactivation) or is cut short, or a person's role, organization or
-- activation changes, every instance is told on the live channel when the change commits, and
-- reads the sessions of that person's open sockets again (apps/api/src/plugins/live.ts). In the
-- database, so that no way of ending a session or changing a role can forget to tell them.
CREATE FUNCTION "notify_session_access_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('townhall_live', 'access:' || OLD."user_id");
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "notify_user_access_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('townhall_live', 'access:' || NEW."id");
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "sessions_access_ended" AFTER DELETE ON "sessions"
  FOR EACH ROW EXECUTE FUNCTION "notify_session_access_change"();
--> statement-breakpoint
-- A renewal moves the expiry later, which an open socket learns when its old expiry comes.
CREATE TRIGGER "sessions_access_shortened" AFTER UPDATE OF "expires_at" ON "sessions"
  FOR EACH ROW WHEN (NEW."expires_at" < OLD."expires_at") EXECUTE FUNCTION "notify_session_access_change"();
--> statement-breakpoint
CREATE TRIGGER "users_access_changed" AFTER UPDATE OF "role", "organization_id", "deactivated_at" ON "users"
  FOR EACH ROW WHEN (
    NEW."role" IS DISTINCT FROM OLD."role"
    OR NEW."organization_id" IS DISTINCT FROM OLD."organization_id"
    OR NEW."deactivated_at" IS DISTINCT FROM OLD."deactivated_at"
  ) EXECUTE FUNCTION "notify_user_access_change"();
