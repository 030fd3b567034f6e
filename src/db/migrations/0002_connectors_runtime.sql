CREATE TABLE "invite_links" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"group_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"code" text NOT NULL,
	"url" text NOT NULL,
	"platform_link_id" text,
	"source" text NOT NULL,
	"name" text,
	"member_limit" integer,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invite_links_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "invite_links_code_key" UNIQUE("workspace_id","group_id","code")
);
--> statement-breakpoint
CREATE TABLE "pushes" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"group_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"text" text NOT NULL,
	"state" text NOT NULL,
	"platform_message_id" text,
	"error" text,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pushes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "platform_accounts" ADD COLUMN "last_event_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "platform_accounts" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "platform_accounts" ADD COLUMN "cursor" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "pushes_group_idx" ON "pushes" USING btree ("workspace_id","group_id","created_at");