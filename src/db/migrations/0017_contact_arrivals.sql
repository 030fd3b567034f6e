CREATE TABLE "code_contact_arrivals" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"code_id" bigint NOT NULL,
	"staff_user_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"platform_user_id" text NOT NULL,
	"external_user_id" text NOT NULL,
	"state" text NOT NULL,
	"source" text NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reservation_id" bigint,
	"member_id" bigint,
	"arrived_at" timestamp with time zone NOT NULL,
	CONSTRAINT "code_contact_arrivals_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "code_contact_arrivals_contact_key" UNIQUE("workspace_id","code_id","external_user_id")
);
--> statement-breakpoint
CREATE INDEX "code_contact_arrivals_code_idx" ON "code_contact_arrivals" USING btree ("workspace_id","code_id","arrived_at");