CREATE TYPE "public"."reaction_kind" AS ENUM('thumbs_up', 'tada', 'heart', 'confused');--> statement-breakpoint
CREATE TABLE "post_flags" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "post_flags_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"post_id" bigint NOT NULL,
	"reporter_id" bigint NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp (3) with time zone,
	"resolver_id" bigint,
	"resolution" text
);
--> statement-breakpoint
CREATE TABLE "topic_reaction_counts" (
	"topic_id" bigint NOT NULL,
	"kind" "reaction_kind" NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "topic_reaction_counts_topic_id_kind_pk" PRIMARY KEY("topic_id","kind")
);
--> statement-breakpoint
CREATE TABLE "topic_reactions" (
	"topic_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"kind" "reaction_kind" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topic_reactions_topic_id_user_id_kind_pk" PRIMARY KEY("topic_id","user_id","kind")
);
--> statement-breakpoint
CREATE TABLE "topic_votes" (
	"topic_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topic_votes_topic_id_user_id_pk" PRIMARY KEY("topic_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "release_note_revisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "release_note_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"topic_id" bigint NOT NULL,
	"revision" integer NOT NULL,
	"title" text NOT NULL,
	"version" text,
	"released_on" date,
	"introduction_markdown" text NOT NULL,
	"scenarios_markdown" text NOT NULL,
	"precautions_markdown" text NOT NULL,
	"editor_id" bigint NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "release_notes" (
	"topic_id" bigint PRIMARY KEY NOT NULL,
	"version" text,
	"released_on" date,
	"introduction_markdown" text NOT NULL,
	"introduction_html" text NOT NULL,
	"scenarios_markdown" text NOT NULL,
	"scenarios_html" text NOT NULL,
	"precautions_markdown" text NOT NULL,
	"precautions_html" text NOT NULL,
	"renderer_version" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" bigint,
	"role" "role" DEFAULT 'customer' NOT NULL,
	"created_by_id" bigint NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"used_at" timestamp (3) with time zone,
	"used_by_id" bigint,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "posts" ADD COLUMN "current_revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "vote_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "published_at" timestamp (3) with time zone DEFAULT now();--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "post_flags" ADD CONSTRAINT "post_flags_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_flags" ADD CONSTRAINT "post_flags_reporter_id_users_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_flags" ADD CONSTRAINT "post_flags_resolver_id_users_id_fk" FOREIGN KEY ("resolver_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_reaction_counts" ADD CONSTRAINT "topic_reaction_counts_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_reactions" ADD CONSTRAINT "topic_reactions_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_reactions" ADD CONSTRAINT "topic_reactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_votes" ADD CONSTRAINT "topic_votes_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_votes" ADD CONSTRAINT "topic_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_note_revisions" ADD CONSTRAINT "release_note_revisions_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_note_revisions" ADD CONSTRAINT "release_note_revisions_editor_id_users_id_fk" FOREIGN KEY ("editor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_notes" ADD CONSTRAINT "release_notes_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_used_by_id_users_id_fk" FOREIGN KEY ("used_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "post_flags_post_reporter_unique" ON "post_flags" USING btree ("post_id","reporter_id");--> statement-breakpoint
CREATE INDEX "post_flags_open_idx" ON "post_flags" USING btree ("created_at") WHERE "post_flags"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "topic_votes_user_id_index" ON "topic_votes" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "release_note_revisions_topic_revision_unique" ON "release_note_revisions" USING btree ("topic_id","revision");--> statement-breakpoint
CREATE INDEX "release_notes_version_idx" ON "release_notes" USING btree ("version");--> statement-breakpoint
CREATE INDEX "release_notes_released_on_idx" ON "release_notes" USING btree ("released_on");--> statement-breakpoint
CREATE INDEX "invitations_organization_id_index" ON "invitations" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "topics_board_votes_idx" ON "topics" USING btree ("board_id","vote_count" DESC NULLS LAST,"created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "topics"."deleted_at" is null and "topics"."hidden_at" is null;--> statement-breakpoint
CREATE INDEX "topics_board_unanswered_idx" ON "topics" USING btree ("board_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "topics"."deleted_at" is null and "topics"."hidden_at" is null and "topics"."reply_count" = 0;--> statement-breakpoint
CREATE UNIQUE INDEX "topics_author_idempotency_unique" ON "topics" USING btree ("author_id","idempotency_key") WHERE "topics"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "topics_tags_idx" ON "topics" USING gin ("tags");