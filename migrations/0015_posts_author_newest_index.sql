DROP INDEX "posts_author_id_index";--> statement-breakpoint
CREATE INDEX "posts_author_newest_idx" ON "posts" USING btree ("author_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);