CREATE TYPE "public"."beta_application_status" AS ENUM('pending', 'accepted', 'waitlisted', 'declined', 'withdrawn', 'removed');--> statement-breakpoint
CREATE TYPE "public"."beta_program_status" AS ENUM('draft', 'recruiting', 'running', 'closed');--> statement-breakpoint
ALTER TYPE "public"."board_visibility" ADD VALUE 'participants';--> statement-breakpoint
CREATE TABLE "beta_applications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "beta_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"program_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"organization_id" bigint,
	"tier" "organization_tier",
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "beta_application_status" DEFAULT 'pending' NOT NULL,
	"decision_message" text,
	"decided_by_id" bigint,
	"decided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "beta_programs" (
	"topic_id" bigint PRIMARY KEY NOT NULL,
	"introduction_markdown" text NOT NULL,
	"introduction_html" text NOT NULL,
	"precautions_markdown" text NOT NULL,
	"precautions_html" text NOT NULL,
	"renderer_version" integer NOT NULL,
	"eligible_tiers" "organization_tier"[] DEFAULT '{}' NOT NULL,
	"eligible_stages" "lifecycle_stage"[] DEFAULT '{}' NOT NULL,
	"eligible_organization_ids" bigint[] DEFAULT '{}' NOT NULL,
	"seat_capacity" integer NOT NULL,
	"tier_quotas" jsonb,
	"per_organization_cap" integer,
	"application_deadline" timestamp (3) with time zone NOT NULL,
	"form" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" "beta_program_status" DEFAULT 'draft' NOT NULL,
	"auto_accept" boolean DEFAULT false NOT NULL,
	"seats_taken" integer DEFAULT 0 NOT NULL,
	"feedback_board_id" bigint,
	CONSTRAINT "beta_programs_seats_within_capacity" CHECK ("beta_programs"."seats_taken" between 0 and "beta_programs"."seat_capacity")
);
--> statement-breakpoint
CREATE TABLE "live_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "live_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"channel" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "beta_applications" ADD CONSTRAINT "beta_applications_program_id_beta_programs_topic_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."beta_programs"("topic_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beta_applications" ADD CONSTRAINT "beta_applications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beta_applications" ADD CONSTRAINT "beta_applications_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beta_applications" ADD CONSTRAINT "beta_applications_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beta_programs" ADD CONSTRAINT "beta_programs_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "beta_programs" ADD CONSTRAINT "beta_programs_feedback_board_id_boards_id_fk" FOREIGN KEY ("feedback_board_id") REFERENCES "public"."boards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "beta_applications_program_user_unique" ON "beta_applications" USING btree ("program_id","user_id");--> statement-breakpoint
CREATE INDEX "beta_applications_program_status_idx" ON "beta_applications" USING btree ("program_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "beta_applications_user_id_index" ON "beta_applications" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "beta_programs_status_index" ON "beta_programs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "live_events_channel_id_index" ON "live_events" USING btree ("channel","id");--> statement-breakpoint
CREATE INDEX "live_events_created_at_index" ON "live_events" USING btree ("created_at");