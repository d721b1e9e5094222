CREATE TYPE "public"."demand_status" AS ENUM('new', 'under_review', 'planned', 'shipped', 'declined');--> statement-breakpoint
CREATE TYPE "public"."demand_verdict" AS ENUM('do', 'be_prudent', 'wont_do');--> statement-breakpoint
CREATE TYPE "public"."value_kind" AS ENUM('user_growth', 'operating_efficiency', 'digital_maturity', 'experience_security_stability');--> statement-breakpoint
ALTER TYPE "public"."notification_kind" ADD VALUE 'demand_shipped';--> statement-breakpoint
ALTER TYPE "public"."search_document_kind" ADD VALUE 'demand';--> statement-breakpoint
CREATE TABLE "demand_sources" (
	"topic_id" bigint PRIMARY KEY NOT NULL,
	"demand_id" bigint NOT NULL,
	"added_by_id" bigint NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demands" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "demands_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" "demand_status" DEFAULT 'new' NOT NULL,
	"decline_reason" text,
	"user_value" integer,
	"business_value" integer,
	"value_kinds" "value_kind"[] DEFAULT '{}'::value_kind[] NOT NULL,
	"verdict_override" "demand_verdict",
	"override_reason" text,
	"scored_by_id" bigint,
	"scored_at" timestamp (3) with time zone,
	"shipped_note_id" bigint,
	"shipped_at" timestamp (3) with time zone,
	"created_by_id" bigint NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "demands_user_value_range" CHECK ("demands"."user_value" between 0 and 10),
	CONSTRAINT "demands_business_value_range" CHECK ("demands"."business_value" between 0 and 10),
	CONSTRAINT "demands_scored_together" CHECK (("demands"."user_value" is null) = ("demands"."business_value" is null)),
	CONSTRAINT "demands_override_reason" CHECK ("demands"."verdict_override" is null or "demands"."override_reason" is not null),
	CONSTRAINT "demands_decline_reason" CHECK ("demands"."status" <> 'declined' or "demands"."decline_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "release_note_demands" (
	"note_id" bigint NOT NULL,
	"demand_id" bigint NOT NULL,
	CONSTRAINT "release_note_demands_note_id_demand_id_pk" PRIMARY KEY("note_id","demand_id")
);
--> statement-breakpoint
ALTER TABLE "demand_sources" ADD CONSTRAINT "demand_sources_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_sources" ADD CONSTRAINT "demand_sources_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demand_sources" ADD CONSTRAINT "demand_sources_added_by_id_users_id_fk" FOREIGN KEY ("added_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_scored_by_id_users_id_fk" FOREIGN KEY ("scored_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_shipped_note_id_topics_id_fk" FOREIGN KEY ("shipped_note_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_note_demands" ADD CONSTRAINT "release_note_demands_note_id_topics_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_note_demands" ADD CONSTRAINT "release_note_demands_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "demand_sources_demand_id_index" ON "demand_sources" USING btree ("demand_id");--> statement-breakpoint
CREATE INDEX "demands_status_idx" ON "demands" USING btree ("status","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "release_note_demands_demand_id_index" ON "release_note_demands" USING btree ("demand_id");