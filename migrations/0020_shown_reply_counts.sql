DROP INDEX "topics_board_unanswered_idx";--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "hidden_reply_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "has_official_answer" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Added by hand after drizzle-kit generate: the counts of the topics that already exist.
UPDATE "topics" SET "hidden_reply_count" = "counted"."replies"
FROM (
  SELECT "topic_id", count(*)::int AS "replies" FROM "posts"
  WHERE "post_number" > 1 AND ("hidden_at" IS NOT NULL OR "deleted_at" IS NOT NULL)
  GROUP BY "topic_id"
) AS "counted"
WHERE "counted"."topic_id" = "topics"."id";--> statement-breakpoint
UPDATE "topics" SET "has_official_answer" = true
WHERE EXISTS (
  SELECT 1 FROM "posts"
  WHERE "posts"."topic_id" = "topics"."id" AND "post_number" > 1 AND "is_official" AND "hidden_at" IS NULL AND "deleted_at" IS NULL
);--> statement-breakpoint
CREATE INDEX "topics_board_unanswered_idx" ON "topics" USING btree ("board_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "topics"."deleted_at" is null and "topics"."hidden_at" is null and "topics"."reply_count" = "topics"."hidden_reply_count";