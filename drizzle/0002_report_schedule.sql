ALTER TABLE "progress_reports" ADD COLUMN "review_comment" text;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "report_interval_months" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "progress_reports" ADD CONSTRAINT "progress_reports_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;