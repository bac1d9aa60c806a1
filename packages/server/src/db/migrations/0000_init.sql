CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"project_ids" integer[],
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"project_id" integer NOT NULL,
	"event_id" text NOT NULL,
	"issue_id" integer NOT NULL,
	"timestamp" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"level" text NOT NULL,
	"release" text,
	"environment" text,
	"title" text NOT NULL,
	"user_key" text,
	"data" json NOT NULL,
	CONSTRAINT "events_project_id_event_id_pk" PRIMARY KEY("project_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "issue_hashes" (
	"project_id" integer NOT NULL,
	"hash" text NOT NULL,
	"issue_id" integer NOT NULL,
	CONSTRAINT "issue_hashes_project_id_hash_pk" PRIMARY KEY("project_id","hash")
);
--> statement-breakpoint
CREATE TABLE "issue_hourly" (
	"project_id" integer NOT NULL,
	"issue_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"environment" text DEFAULT '' NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "issue_hourly_project_id_issue_id_hour_environment_pk" PRIMARY KEY("project_id","issue_id","hour","environment")
);
--> statement-breakpoint
CREATE TABLE "issue_tag_values" (
	"project_id" integer NOT NULL,
	"issue_id" integer NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "issue_tag_values_project_id_issue_id_key_value_pk" PRIMARY KEY("project_id","issue_id","key","value")
);
--> statement-breakpoint
CREATE TABLE "issues" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"fingerprint" text NOT NULL,
	"site" text,
	"grouping_version" smallint NOT NULL,
	"grouping" jsonb NOT NULL,
	"title" text NOT NULL,
	"culprit" text DEFAULT '' NOT NULL,
	"type" text DEFAULT '' NOT NULL,
	"value" text DEFAULT '' NOT NULL,
	"level" text DEFAULT 'error' NOT NULL,
	"platform" text,
	"status" text DEFAULT 'unresolved' NOT NULL,
	"substatus" text DEFAULT 'new',
	"count" bigint DEFAULT 0 NOT NULL,
	"user_count" integer DEFAULT 0 NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"first_release" text,
	"last_release" text,
	"resolved_in_release" text,
	"resolved_before_release" text,
	"resolved_at" timestamp with time zone,
	"ignore_until" timestamp with time zone,
	"ignore_until_count" bigint,
	"assignee" text
);
--> statement-breakpoint
CREATE TABLE "project_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"public_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "projects_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "releases" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"version" text NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"event_count" bigint DEFAULT 0 NOT NULL,
	"new_issues" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_keys" ADD CONSTRAINT "project_keys_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_issue_time" ON "events" USING btree ("project_id","issue_id","timestamp" DESC NULLS LAST,"event_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "issue_hashes_issue" ON "issue_hashes" USING btree ("project_id","issue_id");--> statement-breakpoint
CREATE INDEX "issue_hourly_project_hour" ON "issue_hourly" USING btree ("project_id","hour");--> statement-breakpoint
CREATE UNIQUE INDEX "issues_project_fingerprint" ON "issues" USING btree ("project_id","fingerprint");--> statement-breakpoint
CREATE INDEX "issues_list_last_seen" ON "issues" USING btree ("project_id","status","last_seen" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "issues_list_first_seen" ON "issues" USING btree ("project_id","status","first_seen" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "issues_list_count" ON "issues" USING btree ("project_id","status","count" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "project_keys_public_key" ON "project_keys" USING btree ("public_key");--> statement-breakpoint
CREATE INDEX "project_keys_project" ON "project_keys" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "releases_project_version" ON "releases" USING btree ("project_id","version");