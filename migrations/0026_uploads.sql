CREATE TABLE "uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"uploader_id" bigint NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"name" text,
	"data" "bytea" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "uploads" ADD CONSTRAINT "uploads_uploader_id_users_id_fk" FOREIGN KEY ("uploader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "uploads_uploader_newest_idx" ON "uploads" USING btree ("uploader_id","created_at" DESC NULLS LAST);