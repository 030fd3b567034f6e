CREATE TABLE "erased_identities" (
	"workspace_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"identity_hash" text NOT NULL,
	"member_id" bigint NOT NULL,
	"erased_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "erased_identities_workspace_id_account_id_identity_hash_pk" PRIMARY KEY("workspace_id","account_id","identity_hash")
);
--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "erased_at" timestamp with time zone;