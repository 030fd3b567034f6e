CREATE TABLE "activities" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"group_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"commitment" text,
	"seed" text,
	"result" jsonb,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closes_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "activities_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "activity_entries" (
	"workspace_id" bigint NOT NULL,
	"activity_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"question" integer DEFAULT 0 NOT NULL,
	"choice" integer,
	"at" timestamp with time zone NOT NULL,
	"message_id" text,
	CONSTRAINT "activity_entries_workspace_id_activity_id_member_id_question_pk" PRIMARY KEY("workspace_id","activity_id","member_id","question")
);
--> statement-breakpoint
CREATE TABLE "activity_events" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"kind" text NOT NULL,
	"group_id" bigint NOT NULL,
	"member_id" bigint,
	"value" integer DEFAULT 0 NOT NULL,
	"dedupe" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "activity_events_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "activity_events_dedupe_key" UNIQUE("workspace_id","kind","group_id","dedupe")
);
--> statement-breakpoint
CREATE TABLE "checkins" (
	"workspace_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"used_on" date,
	"at" timestamp with time zone NOT NULL,
	"streak" integer NOT NULL,
	"message_id" text,
	CONSTRAINT "checkins_workspace_id_group_id_member_id_day_pk" PRIMARY KEY("workspace_id","group_id","member_id","day")
);
--> statement-breakpoint
CREATE TABLE "kol_tasks" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"member_id" bigint NOT NULL,
	"title" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"reward_points" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kol_tasks_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "kols" (
	"workspace_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"status" text NOT NULL,
	"score" jsonb NOT NULL,
	"reasons" jsonb NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "kols_workspace_id_member_id_pk" PRIMARY KEY("workspace_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "trust_changes" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"member_id" bigint NOT NULL,
	"from_level" integer NOT NULL,
	"to_level" integer NOT NULL,
	"reasons" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "trust_changes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "trust_levels" (
	"workspace_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"level" integer NOT NULL,
	"facts" jsonb NOT NULL,
	"reasons" jsonb NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "trust_levels_workspace_id_member_id_pk" PRIMARY KEY("workspace_id","member_id")
);
--> statement-breakpoint
CREATE INDEX "activities_group_idx" ON "activities" USING btree ("workspace_id","group_id","created_at");--> statement-breakpoint
CREATE INDEX "activities_open_idx" ON "activities" USING btree ("workspace_id","group_id") WHERE state = 'open';--> statement-breakpoint
CREATE INDEX "checkins_day_idx" ON "checkins" USING btree ("workspace_id","group_id","day");--> statement-breakpoint
CREATE INDEX "kol_tasks_member_idx" ON "kol_tasks" USING btree ("workspace_id","member_id");--> statement-breakpoint
CREATE INDEX "trust_changes_member_idx" ON "trust_changes" USING btree ("workspace_id","member_id","at");--> statement-breakpoint
CREATE INDEX "trust_levels_level_idx" ON "trust_levels" USING btree ("workspace_id","level");