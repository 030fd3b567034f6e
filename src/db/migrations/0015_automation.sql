CREATE TABLE "automation_executions" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"key" text NOT NULL,
	"rule_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"trigger" text NOT NULL,
	"cause" jsonb NOT NULL,
	"group_id" bigint,
	"member_id" bigint,
	"actions" jsonb NOT NULL,
	"executed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "automation_executions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "automation_executions_key" UNIQUE("workspace_id","key")
);
--> statement-breakpoint
CREATE TABLE "automation_notifications" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"key" text NOT NULL,
	"user_id" bigint,
	"group_id" bigint,
	"text" text NOT NULL,
	"origin" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "automation_notifications_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "automation_notifications_key" UNIQUE("workspace_id","key")
);
--> statement-breakpoint
CREATE TABLE "automation_rule_versions" (
	"workspace_id" bigint NOT NULL,
	"rule_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "automation_rule_versions_workspace_id_rule_id_version_pk" PRIMARY KEY("workspace_id","rule_id","version")
);
--> statement-breakpoint
CREATE TABLE "automation_rules" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"current_version" integer NOT NULL,
	"trigger_kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "automation_rules_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "automation_state" (
	"workspace_id" bigint PRIMARY KEY NOT NULL,
	"revision" bigint DEFAULT 0 NOT NULL,
	"token" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "welcome_batches" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"group_id" bigint NOT NULL,
	"member_ids" bigint[] NOT NULL,
	"names" jsonb NOT NULL,
	"text" text NOT NULL,
	"bad_nickname_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "welcome_batches_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "welcome_greetings" (
	"workspace_id" bigint NOT NULL,
	"batch_id" bigint NOT NULL,
	"seed_member_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "welcome_greetings_workspace_id_batch_id_seed_member_id_pk" PRIMARY KEY("workspace_id","batch_id","seed_member_id")
);
--> statement-breakpoint
CREATE TABLE "welcome_pending" (
	"workspace_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"event_key" text NOT NULL,
	"member_id" bigint NOT NULL,
	"name" text NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	"seq" bigint NOT NULL,
	"batch_id" bigint,
	CONSTRAINT "welcome_pending_workspace_id_group_id_event_key_pk" PRIMARY KEY("workspace_id","group_id","event_key")
);
--> statement-breakpoint
CREATE TABLE "welcome_settings" (
	"workspace_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "welcome_settings_workspace_id_group_id_pk" PRIMARY KEY("workspace_id","group_id")
);
--> statement-breakpoint
CREATE INDEX "automation_executions_rule_idx" ON "automation_executions" USING btree ("workspace_id","rule_id","id");--> statement-breakpoint
CREATE INDEX "automation_notifications_user_idx" ON "automation_notifications" USING btree ("workspace_id","user_id","id");--> statement-breakpoint
CREATE INDEX "welcome_batches_group_idx" ON "welcome_batches" USING btree ("workspace_id","group_id","id");--> statement-breakpoint
CREATE INDEX "welcome_greetings_open_idx" ON "welcome_greetings" USING btree ("workspace_id","group_id","seed_member_id") WHERE done_at is null;--> statement-breakpoint
CREATE INDEX "welcome_pending_open_idx" ON "welcome_pending" USING btree ("workspace_id","group_id","joined_at") WHERE batch_id is null;--> statement-breakpoint
-- hand-written (automation)
-- Rules must not answer Qunyun's own posts coming back from the platform (src/automation/engine.ts, fromPeople): found by (group, platform message id).
CREATE INDEX IF NOT EXISTS "outbox_actions_message_idx" ON "outbox_actions" USING btree ("workspace_id","platform_message_id") WHERE "platform_message_id" is not null;
