CREATE TABLE "experiment_assignments" (
	"workspace_id" bigint NOT NULL,
	"experiment_id" bigint NOT NULL,
	"unit_id" bigint NOT NULL,
	"arm" text NOT NULL,
	"group_id" bigint NOT NULL,
	"member_ids" bigint[] NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	CONSTRAINT "experiment_assignments_workspace_id_experiment_id_unit_id_pk" PRIMARY KEY("workspace_id","experiment_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "experiment_variants" (
	"workspace_id" bigint NOT NULL,
	"experiment_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"text" text NOT NULL,
	"weight" double precision DEFAULT 1 NOT NULL,
	CONSTRAINT "experiment_variants_workspace_id_experiment_id_position_pk" PRIMARY KEY("workspace_id","experiment_id","position")
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"name" text NOT NULL,
	"unit" text DEFAULT 'group' NOT NULL,
	"salt" text NOT NULL,
	"holdout_share" double precision DEFAULT 0 NOT NULL,
	"category" text DEFAULT 'professional' NOT NULL,
	"window_hours" integer DEFAULT 24 NOT NULL,
	"alpha" double precision DEFAULT 0.05 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"started_at" timestamp with time zone,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "experiments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "calendar_entries" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"day" date NOT NULL,
	"slot" text NOT NULL,
	"run_at" timestamp with time zone NOT NULL,
	"layer" text NOT NULL,
	"theme" text NOT NULL,
	"kind" text DEFAULT 'post' NOT NULL,
	"category" text DEFAULT 'professional' NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"assignee_user_id" bigint,
	"status" text DEFAULT 'planned' NOT NULL,
	"done_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"posted" integer DEFAULT 0 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_entries_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "calendar_operators" (
	"workspace_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"feed_token_hash" text,
	"chat_group_id" bigint,
	"chat_member_id" bigint,
	CONSTRAINT "calendar_operators_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id"),
	CONSTRAINT "calendar_operators_feed_key" UNIQUE("workspace_id","feed_token_hash")
);
--> statement-breakpoint
CREATE TABLE "content_plans" (
	"workspace_id" bigint NOT NULL,
	"month" date NOT NULL,
	"acquisition_target" integer DEFAULT 0 NOT NULL,
	"plan" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "content_plans_workspace_id_month_pk" PRIMARY KEY("workspace_id","month")
);
--> statement-breakpoint
CREATE TABLE "live_sessions" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"title" text NOT NULL,
	"group_ids" bigint[] NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"max_messages" integer DEFAULT 35 NOT NULL,
	"max_minutes" integer DEFAULT 25 NOT NULL,
	"steps" jsonb NOT NULL,
	"steps_posted" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"report" jsonb,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_sessions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "calendar_entries_due_idx" ON "calendar_entries" USING btree ("workspace_id","status","run_at");--> statement-breakpoint
CREATE INDEX "calendar_entries_day_idx" ON "calendar_entries" USING btree ("workspace_id","day");--> statement-breakpoint
CREATE INDEX "live_sessions_due_idx" ON "live_sessions" USING btree ("workspace_id","status","starts_at");