CREATE TYPE "public"."search_document_kind" AS ENUM('topic', 'reply', 'release_note', 'beta_program');--> statement-breakpoint
CREATE TABLE "search_documents" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "search_documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" "search_document_kind" NOT NULL,
	"subject_id" bigint NOT NULL,
	"topic_id" bigint,
	"post_id" bigint,
	"title" text DEFAULT '' NOT NULL,
	"body" text NOT NULL,
	"search" "tsvector" NOT NULL,
	"published_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "search_documents_kind_subject_unique" ON "search_documents" USING btree ("kind","subject_id");--> statement-breakpoint
CREATE INDEX "search_documents_search_idx" ON "search_documents" USING gin ("search");--> statement-breakpoint
CREATE INDEX "search_documents_topic_id_index" ON "search_documents" USING btree ("topic_id");--> statement-breakpoint
CREATE INDEX "search_documents_post_id_index" ON "search_documents" USING btree ("post_id");