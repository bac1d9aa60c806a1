CREATE TABLE "usage_hourly" (
	"project_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"accepted" bigint DEFAULT 0 NOT NULL,
	"rate_limited" bigint DEFAULT 0 NOT NULL,
	"dropped" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "usage_hourly_project_id_hour_pk" PRIMARY KEY("project_id","hour")
);
