CREATE TABLE "live_code_leases" (
	"workspace_id" bigint NOT NULL,
	"code_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"holder" text NOT NULL,
	"seats" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "live_code_leases_workspace_id_code_id_group_id_holder_pk" PRIMARY KEY("workspace_id","code_id","group_id","holder")
);
--> statement-breakpoint
CREATE INDEX "live_code_leases_expiry_idx" ON "live_code_leases" USING btree ("expires_at");