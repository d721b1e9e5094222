ALTER TYPE "public"."notification_kind" ADD VALUE 'post_hidden';--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
-- Posts hidden before this column existed keep the reason staff gave, from the audit log. Hides
-- that upheld a flag carry the flagger's words there, which their author is not shown.
UPDATE "posts" SET "hidden_reason" = (
  SELECT CASE WHEN "details" ? 'flagId' THEN NULL ELSE "details"->>'reason' END FROM "audit_log"
  WHERE "action" = 'post.hidden' AND "subject_type" = 'post' AND "subject_id" = "posts"."id"::text
  ORDER BY "id" DESC LIMIT 1
) WHERE "hidden_at" IS NOT NULL;
