CREATE TYPE "public"."email_skip_reason" AS ENUM('read', 'deactivated', 'unreadable', 'digest', 'off');--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "email_skipped" "email_skip_reason";--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "email_skipped_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "notifications_email_skipped_idx" ON "notifications" USING btree ("id" DESC NULLS LAST) WHERE "notifications"."email_skipped" is not null;