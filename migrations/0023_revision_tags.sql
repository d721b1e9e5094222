ALTER TABLE "post_revisions" ADD COLUMN "tags" text[];--> statement-breakpoint
-- Added by hand after drizzle-kit generate: an opening post's latest revision holds the topic's
-- tags as they are now; earlier revisions stay null (what their tags were is not known).
UPDATE "post_revisions" SET "tags" = "topics"."tags"
FROM "posts" JOIN "topics" ON "topics"."id" = "posts"."topic_id"
WHERE "post_revisions"."post_id" = "posts"."id" AND "posts"."post_number" = 1 AND "post_revisions"."revision" = "posts"."current_revision";
