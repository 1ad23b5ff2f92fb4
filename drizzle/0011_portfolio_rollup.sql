CREATE TABLE "portfolio_dirty" (
	"project_id" uuid PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portfolio_facts" (
	"project_id" uuid NOT NULL,
	"audience" text NOT NULL,
	"mechanism_id" uuid NOT NULL,
	"dim" text NOT NULL,
	"key" text NOT NULL,
	"currency" text NOT NULL,
	"projects" integer NOT NULL,
	"budget" numeric NOT NULL,
	"committed" numeric NOT NULL,
	"disbursed" numeric NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portfolio_rollup" (
	"audience" text NOT NULL,
	"mechanism_id" uuid NOT NULL,
	"dim" text NOT NULL,
	"key" text NOT NULL,
	"currency" text NOT NULL,
	"projects" integer NOT NULL,
	"budget" numeric NOT NULL,
	"committed" numeric NOT NULL,
	"disbursed" numeric NOT NULL,
	CONSTRAINT "portfolio_rollup_audience_mechanism_id_dim_key_currency_pk" PRIMARY KEY("audience","mechanism_id","dim","key","currency")
);
--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "search_text" text GENERATED ALWAYS AS (project_search_text(code, title)) STORED;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "country_codes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
CREATE INDEX "portfolio_facts_project_idx" ON "portfolio_facts" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "projects_status_budget_idx" ON "projects" USING btree ("status","budget" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "projects_search_trgm_idx" ON "projects" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "projects_country_codes_idx" ON "projects" USING gin ("country_codes");