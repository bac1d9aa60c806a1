CREATE TABLE "sourcemaps" (
	"id" serial PRIMARY KEY NOT NULL,
	"project_id" integer NOT NULL,
	"release" text NOT NULL,
	"url" text NOT NULL,
	"name" text NOT NULL,
	"debug_id" text,
	"size" integer NOT NULL,
	"content" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sourcemaps" ADD CONSTRAINT "sourcemaps_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sourcemaps_release_url" ON "sourcemaps" USING btree ("project_id","release","url");--> statement-breakpoint
CREATE INDEX "sourcemaps_release_name" ON "sourcemaps" USING btree ("project_id","release","name");--> statement-breakpoint
CREATE UNIQUE INDEX "sourcemaps_debug_id" ON "sourcemaps" USING btree ("project_id","debug_id") WHERE debug_id is not null;