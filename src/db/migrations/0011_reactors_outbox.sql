CREATE TABLE "reactor_cursors" (
	"workspace_id" bigint NOT NULL,
	"reactor" text NOT NULL,
	"seq" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reactor_cursors_workspace_id_reactor_pk" PRIMARY KEY("workspace_id","reactor")
);
--> statement-breakpoint
CREATE TABLE "outbox_actions" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"origin" text NOT NULL,
	"account_id" bigint NOT NULL,
	"group_id" bigint,
	"member_id" bigint,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"not_before" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"platform_message_id" text,
	"error" text,
	"instead" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "outbox_actions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "outbox_actions_key" UNIQUE("workspace_id","key")
);
--> statement-breakpoint
CREATE INDEX "outbox_actions_due_idx" ON "outbox_actions" USING btree ("workspace_id","not_before") WHERE state in ('queued', 'sending');--> statement-breakpoint
CREATE INDEX "outbox_actions_sent_idx" ON "outbox_actions" USING btree ("workspace_id","account_id","sent_at") WHERE sent_at is not null;--> statement-breakpoint
CREATE INDEX "outbox_actions_origin_idx" ON "outbox_actions" USING btree ("workspace_id","origin");