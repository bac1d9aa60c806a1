-- Keys led by project_id (README, Scaling out): every primary key and unique index of a table that grows
-- with traffic holds the distribution column, so the tables can be distributed by project (Citus).
-- Ids stay unique by their sequences; issues and alert deliveries keep an index on id alone for the
-- lookups that have no project at hand.
DROP INDEX "alert_facts_deploy";--> statement-breakpoint
ALTER TABLE "alert_deliveries" DROP CONSTRAINT "alert_deliveries_pkey";--> statement-breakpoint
ALTER TABLE "alert_facts" DROP CONSTRAINT "alert_facts_pkey";--> statement-breakpoint
ALTER TABLE "deploys" DROP CONSTRAINT "deploys_pkey";--> statement-breakpoint
ALTER TABLE "issue_activity" DROP CONSTRAINT "issue_activity_pkey";--> statement-breakpoint
ALTER TABLE "issue_comments" DROP CONSTRAINT "issue_comments_pkey";--> statement-breakpoint
ALTER TABLE "issues" DROP CONSTRAINT "issues_pkey";--> statement-breakpoint
ALTER TABLE "releases" DROP CONSTRAINT "releases_pkey";--> statement-breakpoint
ALTER TABLE "sourcemaps" DROP CONSTRAINT "sourcemaps_pkey";--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_project_id_id_pk" PRIMARY KEY("project_id","id");--> statement-breakpoint
ALTER TABLE "alert_facts" ADD CONSTRAINT "alert_facts_project_id_id_pk" PRIMARY KEY("project_id","id");--> statement-breakpoint
ALTER TABLE "deploys" ADD CONSTRAINT "deploys_project_id_id_pk" PRIMARY KEY("project_id","id");--> statement-breakpoint
ALTER TABLE "issue_activity" ADD CONSTRAINT "issue_activity_project_id_id_pk" PRIMARY KEY("project_id","id");--> statement-breakpoint
ALTER TABLE "issue_comments" ADD CONSTRAINT "issue_comments_project_id_id_pk" PRIMARY KEY("project_id","id");--> statement-breakpoint
ALTER TABLE "issues" ADD CONSTRAINT "issues_project_id_id_pk" PRIMARY KEY("project_id","id");--> statement-breakpoint
ALTER TABLE "releases" ADD CONSTRAINT "releases_project_id_id_pk" PRIMARY KEY("project_id","id");--> statement-breakpoint
ALTER TABLE "sourcemaps" ADD CONSTRAINT "sourcemaps_project_id_id_pk" PRIMARY KEY("project_id","id");--> statement-breakpoint
CREATE INDEX "alert_deliveries_id" ON "alert_deliveries" USING btree ("id");--> statement-breakpoint
CREATE INDEX "issues_id" ON "issues" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_facts_deploy" ON "alert_facts" USING btree ("project_id","deploy_id","trigger") WHERE deploy_id is not null;
