CREATE TABLE "postings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"factor" text NOT NULL,
	"title" jsonb NOT NULL,
	"description" text,
	"sector" text,
	"places" text[] DEFAULT '{}' NOT NULL,
	"size" double precision,
	"unit" text,
	"valid_from" date,
	"valid_to" date,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "postings_kind_valid" CHECK ("postings"."kind" in ('offer', 'need')),
	CONSTRAINT "postings_factor_valid" CHECK (factor in ('capital', 'technology', 'talent', 'information', 'land', 'labour', 'resources', 'market_access')),
	CONSTRAINT "postings_window" CHECK ("postings"."valid_from" is null or "postings"."valid_to" is null or "postings"."valid_from" <= "postings"."valid_to"),
	CONSTRAINT "postings_size_positive" CHECK ("postings"."size" is null or "postings"."size" > 0)
);
--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "postings_kind_factor_idx" ON "postings" USING btree ("kind","factor","status");--> statement-breakpoint
CREATE INDEX "postings_actor_idx" ON "postings" USING btree ("actor_id");