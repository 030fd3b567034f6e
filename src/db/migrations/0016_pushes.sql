CREATE TABLE "push_campaigns" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"library_id" bigint,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"body" text NOT NULL,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"targets" jsonb NOT NULL,
	"channels" text[] NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"guard_override" jsonb,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"deliveries" bigint DEFAULT 0 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "push_campaigns_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "push_cap_ledger" (
	"workspace_id" bigint NOT NULL,
	"action_id" bigint NOT NULL,
	"scope" text NOT NULL,
	"target_id" bigint NOT NULL,
	"category" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "push_cap_ledger_workspace_id_action_id_scope_pk" PRIMARY KEY("workspace_id","action_id","scope")
);
--> statement-breakpoint
CREATE TABLE "push_guard_settings" (
	"workspace_id" bigint PRIMARY KEY NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_by" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push_library" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"body" text NOT NULL,
	"media" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "push_library_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "push_campaigns_time_idx" ON "push_campaigns" USING btree ("workspace_id","scheduled_at");--> statement-breakpoint
CREATE INDEX "push_cap_ledger_target_idx" ON "push_cap_ledger" USING btree ("workspace_id","scope","target_id","at");