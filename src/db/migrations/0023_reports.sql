CREATE TABLE "api_keys" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" bigint,
	CONSTRAINT "api_keys_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "api_keys_token_key" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "weekly_digests" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"user_id" bigint NOT NULL,
	"week" date NOT NULL,
	"digest" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"chat_queued_at" timestamp with time zone,
	"email_claimed_at" timestamp with time zone,
	"emailed_at" timestamp with time zone,
	"email_error" text,
	CONSTRAINT "weekly_digests_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "weekly_digests_once" UNIQUE("workspace_id","user_id","week")
);
