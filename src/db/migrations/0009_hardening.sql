CREATE TABLE "erased_identities" (
	"workspace_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"identity_hash" text NOT NULL,
	"member_id" bigint NOT NULL,
	"erased_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "erased_identities_workspace_id_account_id_identity_hash_pk" PRIMARY KEY("workspace_id","account_id","identity_hash")
);
--> statement-breakpoint
CREATE TABLE "join_requests" (
	"workspace_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"platform_group_id" text NOT NULL,
	"platform_user_id" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"invite_code" text,
	"source" text,
	"bio" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "join_requests_workspace_id_account_id_platform_group_id_platform_user_id_pk" PRIMARY KEY("workspace_id","account_id","platform_group_id","platform_user_id")
);
--> statement-breakpoint
CREATE TABLE "known_devices" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pending_callbacks" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"account_id" bigint NOT NULL,
	"key" text NOT NULL,
	"group_ref" text,
	"payload" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	CONSTRAINT "pending_callbacks_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "pending_callbacks_key" UNIQUE("workspace_id","account_id","key")
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "join_requests_pending_idx" ON "join_requests" USING btree ("workspace_id","account_id","requested_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "known_devices_user_idx" ON "known_devices" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "pending_callbacks_due_idx" ON "pending_callbacks" USING btree ("workspace_id","account_id","next_attempt_at");