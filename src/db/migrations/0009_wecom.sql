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
CREATE INDEX "pending_callbacks_due_idx" ON "pending_callbacks" USING btree ("workspace_id","account_id","next_attempt_at");