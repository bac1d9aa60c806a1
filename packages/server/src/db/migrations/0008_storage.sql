CREATE TABLE "storage_daily" (
	"project_id" integer NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"bytes" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "storage_daily_project_id_day_pk" PRIMARY KEY("project_id","day")
);
--> statement-breakpoint
-- what is stored already (bytes: the JSON text's length, as the writer and retention count them)
INSERT INTO "storage_daily" ("project_id", "day", "events", "bytes")
	SELECT "project_id", date_trunc('day', "received_at", 'UTC'), count(*), coalesce(sum(octet_length("data"::text)), 0)
	FROM "events" GROUP BY 1, 2;
