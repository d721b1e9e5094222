CREATE TYPE "public"."sla_clock_kind" AS ENUM('first', 'next');--> statement-breakpoint
CREATE TYPE "public"."sla_state" AS ENUM('within', 'due_soon', 'breached', 'met', 'paused');--> statement-breakpoint
CREATE TABLE "sla_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"time_zone" text NOT NULL,
	"working_weekdays" jsonb NOT NULL,
	"working_hours" jsonb NOT NULL,
	"holidays" jsonb NOT NULL,
	"make_up_working_days" jsonb NOT NULL,
	"check_in_windows" jsonb NOT NULL,
	"alert_lead_minutes" integer NOT NULL,
	"first_response_target_minutes_by_tier" jsonb NOT NULL,
	"next_response_target_minutes_by_tier" jsonb NOT NULL,
	"lifecycle_target_factor" double precision NOT NULL,
	"tightened_lifecycle_stages" jsonb NOT NULL,
	"renewal_tightening_days" integer NOT NULL,
	"updated_by_id" bigint,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_settings_single_row" CHECK ("sla_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "staff_coverage" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"backup_user_id" bigint,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_coverage_boards" (
	"user_id" bigint NOT NULL,
	"board_id" bigint NOT NULL,
	CONSTRAINT "staff_coverage_boards_user_id_board_id_pk" PRIMARY KEY("user_id","board_id")
);
--> statement-breakpoint
CREATE TABLE "staff_days_off" (
	"user_id" bigint NOT NULL,
	"day" date NOT NULL,
	CONSTRAINT "staff_days_off_user_id_day_pk" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
CREATE TABLE "topic_sla" (
	"topic_id" bigint PRIMARY KEY NOT NULL,
	"kind" "sla_clock_kind" NOT NULL,
	"state" "sla_state" NOT NULL,
	"tier" "organization_tier" NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"target_minutes" integer NOT NULL,
	"tightened" boolean NOT NULL,
	"paused_at" timestamp (3) with time zone,
	"remaining_minutes" double precision,
	"urgent_at" timestamp (3) with time zone,
	"met_at" timestamp (3) with time zone,
	"assignee_id" bigint,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sla_settings" ADD CONSTRAINT "sla_settings_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_coverage" ADD CONSTRAINT "staff_coverage_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_coverage" ADD CONSTRAINT "staff_coverage_backup_user_id_users_id_fk" FOREIGN KEY ("backup_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_coverage_boards" ADD CONSTRAINT "staff_coverage_boards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_coverage_boards" ADD CONSTRAINT "staff_coverage_boards_board_id_boards_id_fk" FOREIGN KEY ("board_id") REFERENCES "public"."boards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_days_off" ADD CONSTRAINT "staff_days_off_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_sla" ADD CONSTRAINT "topic_sla_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topic_sla" ADD CONSTRAINT "topic_sla_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "staff_coverage_boards_board_id_index" ON "staff_coverage_boards" USING btree ("board_id");--> statement-breakpoint
CREATE INDEX "staff_days_off_day_index" ON "staff_days_off" USING btree ("day");--> statement-breakpoint
CREATE INDEX "topic_sla_queue_idx" ON "topic_sla" USING btree (("urgent_at" is null),"due_at","tier","topic_id") WHERE "topic_sla"."state" = 'within';--> statement-breakpoint
CREATE INDEX "topic_sla_assignee_idx" ON "topic_sla" USING btree ("assignee_id") WHERE "topic_sla"."assignee_id" is not null;