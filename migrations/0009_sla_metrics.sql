CREATE TYPE "public"."sla_stop_reason" AS ENUM('staff_reply', 'accepted_answer', 'closed');--> statement-breakpoint
CREATE TABLE "sla_first_responses" (
	"topic_id" bigint PRIMARY KEY NOT NULL,
	"organization_id" bigint,
	"tier" "organization_tier" NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"due_at" timestamp (3) with time zone NOT NULL,
	"responded_at" timestamp (3) with time zone NOT NULL,
	"business_minutes" double precision NOT NULL,
	"target_minutes" integer NOT NULL,
	"met" boolean NOT NULL,
	"stopped_by" "sla_stop_reason" NOT NULL,
	"responder_id" bigint
);
--> statement-breakpoint
ALTER TABLE "sla_first_responses" ADD CONSTRAINT "sla_first_responses_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_first_responses" ADD CONSTRAINT "sla_first_responses_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_first_responses" ADD CONSTRAINT "sla_first_responses_responder_id_users_id_fk" FOREIGN KEY ("responder_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sla_first_responses_started_idx" ON "sla_first_responses" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "sla_first_responses_organization_idx" ON "sla_first_responses" USING btree ("organization_id","started_at");