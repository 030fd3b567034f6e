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
CREATE INDEX "join_requests_pending_idx" ON "join_requests" USING btree ("workspace_id","account_id","requested_at") WHERE status = 'pending';