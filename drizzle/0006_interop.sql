CREATE TABLE "project_countries" (
	"project_id" uuid NOT NULL,
	"country_code" text NOT NULL,
	"percentage" numeric(7, 4),
	CONSTRAINT "project_countries_project_id_country_code_pk" PRIMARY KEY("project_id","country_code")
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"filename" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"bytes_total" bigint DEFAULT 0 NOT NULL,
	"bytes_done" bigint DEFAULT 0 NOT NULL,
	"records" integer DEFAULT 0 NOT NULL,
	"summary" jsonb,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "river_basin_organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"rbo_code" text NOT NULL,
	"name" text NOT NULL,
	"basin_code" text,
	"basin_name" text,
	"country_code" text,
	"agreement_name" text,
	"agreement_year" integer,
	"continent" text,
	"mechanism_id" uuid,
	"attributes" jsonb NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "river_basin_organisations_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "water_treaties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"signed_on" date,
	"basin_code" text,
	"basin_name" text,
	"country_code" text,
	"country_name" text,
	"signatories" text,
	"attributes" jsonb NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "water_treaties_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "external_ref" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "external_id" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "external_source" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "external_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "external_hash" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "external_detail" jsonb;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "bar_scale" smallint;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "basin_code" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "country_codes" jsonb;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "issue_types" jsonb;--> statement-breakpoint
ALTER TABLE "project_countries" ADD CONSTRAINT "project_countries_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "river_basin_organisations" ADD CONSTRAINT "river_basin_organisations_mechanism_id_mechanisms_id_fk" FOREIGN KEY ("mechanism_id") REFERENCES "public"."mechanisms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_countries_country_idx" ON "project_countries" USING btree ("country_code");--> statement-breakpoint
CREATE INDEX "import_jobs_created_idx" ON "import_jobs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "rbo_rbo_code_idx" ON "river_basin_organisations" USING btree ("rbo_code");--> statement-breakpoint
CREATE INDEX "rbo_basin_idx" ON "river_basin_organisations" USING btree ("basin_code");--> statement-breakpoint
CREATE INDEX "water_treaties_basin_idx" ON "water_treaties" USING btree ("basin_code");--> statement-breakpoint
CREATE INDEX "projects_external_source_idx" ON "projects" USING btree ("external_source");--> statement-breakpoint
CREATE INDEX "events_basin_date_idx" ON "events" USING btree ("basin_code","date");--> statement-breakpoint
ALTER TABLE "actors" ADD CONSTRAINT "actors_external_ref_unique" UNIQUE("external_ref");--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_external_id_unique" UNIQUE("external_id");--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_bar_scale_range" CHECK ("events"."bar_scale" is null or "events"."bar_scale" between -7 and 7);