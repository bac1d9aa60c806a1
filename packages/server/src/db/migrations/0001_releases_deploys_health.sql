CREATE TABLE "deploys" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"release" text NOT NULL,
	"environment" text NOT NULL,
	"revision" text,
	"url" text,
	"deployer" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "env_minutely" (
	"project_id" integer NOT NULL,
	"environment" text DEFAULT '' NOT NULL,
	"release" text DEFAULT '' NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "env_minutely_project_id_environment_minute_release_pk" PRIMARY KEY("project_id","environment","minute","release")
);
--> statement-breakpoint
CREATE TABLE "issue_activity" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"issue_id" integer NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"release" text,
	"actor" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "issue_minutely" (
	"project_id" integer NOT NULL,
	"issue_id" integer NOT NULL,
	"environment" text DEFAULT '' NOT NULL,
	"minute" timestamp with time zone NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "issue_minutely_project_id_issue_id_environment_minute_pk" PRIMARY KEY("project_id","issue_id","environment","minute")
);
--> statement-breakpoint
CREATE TABLE "spikes" (
	"project_id" integer NOT NULL,
	"issue_id" integer NOT NULL,
	"environment" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	"expected" double precision NOT NULL,
	"score" double precision NOT NULL,
	CONSTRAINT "spikes_project_id_issue_id_environment_window_start_pk" PRIMARY KEY("project_id","issue_id","environment","window_start")
);
--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "hold_release_key" text;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "merged_into" integer;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "settings" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "releases" ADD COLUMN "regressed_issues" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "deploys" ADD CONSTRAINT "deploys_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deploys_env_time" ON "deploys" USING btree ("project_id","environment","finished_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "issue_activity_issue" ON "issue_activity" USING btree ("project_id","issue_id","at");--> statement-breakpoint
CREATE INDEX "issue_activity_kind_time" ON "issue_activity" USING btree ("project_id","kind","at");--> statement-breakpoint
CREATE INDEX "issue_minutely_env_minute" ON "issue_minutely" USING btree ("project_id","environment","minute");