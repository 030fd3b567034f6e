CREATE TABLE "moderation_appeals" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"decision_id" bigint NOT NULL,
	"member_id" bigint,
	"text" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"decided_by" bigint,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "moderation_appeals_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "moderation_appeals_decision_key" UNIQUE("workspace_id","decision_id")
);
--> statement-breakpoint
CREATE TABLE "moderation_bans" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"member_id" bigint,
	"platform" text,
	"platform_user_id" text,
	"reason" text NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text NOT NULL,
	"decision_id" bigint,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by" bigint,
	CONSTRAINT "moderation_bans_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "moderation_decisions" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"key" text NOT NULL,
	"source" text NOT NULL,
	"event_seq" bigint,
	"group_id" bigint NOT NULL,
	"member_id" bigint,
	"message_id" text,
	"text" text,
	"rule" text,
	"category" text,
	"score" real,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actions" text[] DEFAULT '{}'::text[] NOT NULL,
	"mute_minutes" integer,
	"state" text DEFAULT 'applied' NOT NULL,
	"task" text,
	"rules_version" integer,
	"strike" integer,
	"reviewed_by" bigint,
	"reviewed_at" timestamp with time zone,
	"appeal_token_hash" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "moderation_decisions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "moderation_decisions_key" UNIQUE("workspace_id","key")
);
--> statement-breakpoint
CREATE TABLE "moderation_examples" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"text" text NOT NULL,
	"label" text NOT NULL,
	"source" text NOT NULL,
	"decision_id" bigint,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "moderation_examples_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "moderation_reports" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"event_seq" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"reporter_member_id" bigint,
	"message_id" text NOT NULL,
	"member_id" bigint,
	"text" text,
	"state" text DEFAULT 'open' NOT NULL,
	"decision_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "moderation_reports_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "moderation_reports_event_key" UNIQUE("workspace_id","event_seq")
);
--> statement-breakpoint
CREATE TABLE "moderation_rule_versions" (
	"workspace_id" bigint NOT NULL,
	"version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"ladder" jsonb NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"note" text,
	"dry_run" jsonb,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"enabled_at" timestamp with time zone,
	CONSTRAINT "moderation_rule_versions_workspace_id_version_pk" PRIMARY KEY("workspace_id","version")
);
--> statement-breakpoint
CREATE TABLE "moderation_strikes" (
	"workspace_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"rule" text NOT NULL,
	"count" integer NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "moderation_strikes_workspace_id_member_id_rule_pk" PRIMARY KEY("workspace_id","member_id","rule")
);
--> statement-breakpoint
CREATE TABLE "moderation_verifications" (
	"workspace_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"join_seq" bigint NOT NULL,
	"state" text NOT NULL,
	"token" text NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "moderation_verifications_workspace_id_group_id_member_id_pk" PRIMARY KEY("workspace_id","group_id","member_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "moderation_bans_member_active" ON "moderation_bans" USING btree ("workspace_id","member_id") WHERE lifted_at is null and member_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "moderation_bans_identity_active" ON "moderation_bans" USING btree ("workspace_id","platform","platform_user_id") WHERE lifted_at is null and member_id is null;--> statement-breakpoint
CREATE INDEX "moderation_decisions_time_idx" ON "moderation_decisions" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "moderation_decisions_member_idx" ON "moderation_decisions" USING btree ("workspace_id","member_id");--> statement-breakpoint
CREATE UNIQUE INDEX "moderation_examples_decision_key" ON "moderation_examples" USING btree ("workspace_id","decision_id") WHERE decision_id is not null;--> statement-breakpoint
CREATE INDEX "moderation_verifications_due_idx" ON "moderation_verifications" USING btree ("workspace_id","deadline") WHERE state = 'pending';