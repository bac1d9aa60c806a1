CREATE TABLE "alert_channels" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"url" text,
	"secret" text,
	"emails" jsonb,
	"last_delivery" jsonb,
	"lease_until" timestamp with time zone,
	"lease_owner" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" integer NOT NULL,
	"channel_id" integer NOT NULL,
	"rule_id" integer,
	"fact_id" bigint,
	"trigger" text NOT NULL,
	"issue_id" integer,
	"deploy_id" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"http_status" integer,
	"error" text,
	"digest_of" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_facts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_facts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"project_id" integer NOT NULL,
	"trigger" text NOT NULL,
	"issue_id" integer,
	"deploy_id" integer,
	"environment" text,
	"level" text,
	"data" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"name" text NOT NULL,
	"triggers" jsonb NOT NULL,
	"frequency" jsonb,
	"environments" jsonb,
	"min_level" text,
	"channel_ids" jsonb NOT NULL,
	"throttle_minutes" integer DEFAULT 30 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_channels" ADD CONSTRAINT "alert_channels_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_channel_id_alert_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."alert_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_channels_project" ON "alert_channels" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_channel" ON "alert_deliveries" USING btree ("channel_id","status","id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_project" ON "alert_deliveries" USING btree ("project_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "alert_deliveries_throttle" ON "alert_deliveries" USING btree ("rule_id","issue_id","created_at");--> statement-breakpoint
CREATE INDEX "alert_facts_pending" ON "alert_facts" USING btree ("id") WHERE dispatched_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_facts_deploy" ON "alert_facts" USING btree ("deploy_id","trigger") WHERE deploy_id is not null;--> statement-breakpoint
CREATE INDEX "alert_rules_project" ON "alert_rules" USING btree ("project_id");--> statement-breakpoint
INSERT INTO "alert_rules" ("project_id", "name", "triggers", "channel_ids") SELECT "id", 'New issues, regressions, bad deploys', '["new_issue","regression","deploy_bad"]', '[]' FROM "projects";
