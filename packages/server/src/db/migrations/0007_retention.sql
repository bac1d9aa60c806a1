-- Retention (retention/): events become a table partitioned by day of received_at, so that removing a
-- day is dropping a table; event_ids keeps event_id unique per project across the partitions.
CREATE TABLE "event_ids" (
	"project_id" integer NOT NULL,
	"event_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "event_ids_project_id_event_id_pk" PRIMARY KEY("project_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"last_run" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "retention_days" integer;--> statement-breakpoint
CREATE INDEX "event_ids_received" ON "event_ids" USING btree ("received_at");--> statement-breakpoint
ALTER TABLE "events" RENAME TO "events_before_0007";--> statement-breakpoint
ALTER TABLE "events_before_0007" RENAME CONSTRAINT "events_project_id_event_id_pk" TO "events_before_0007_pk";--> statement-breakpoint
ALTER INDEX "events_issue_time" RENAME TO "events_before_0007_issue_time";--> statement-breakpoint
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
	CONSTRAINT "events_project_id_event_id_received_at_pk" PRIMARY KEY("project_id","event_id","received_at")
) PARTITION BY RANGE ("received_at");
--> statement-breakpoint
CREATE INDEX "events_issue_time" ON "events" USING btree ("project_id","issue_id","timestamp" DESC NULLS LAST,"event_id" DESC NULLS LAST);--> statement-breakpoint
-- rows of days without their own partition (those stored before this migration, clocks far off);
-- day partitions are only ever created ahead, for days this one cannot hold rows of yet
CREATE TABLE "events_default" PARTITION OF "events" DEFAULT;--> statement-breakpoint
INSERT INTO "event_ids" ("project_id", "event_id", "received_at")
	SELECT "project_id", "event_id", "received_at" FROM "events_before_0007";--> statement-breakpoint
INSERT INTO "events" SELECT * FROM "events_before_0007";--> statement-breakpoint
DROP TABLE "events_before_0007";
