CREATE TABLE "member_people" (
	"workspace_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	"linked_by" bigint,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_people_workspace_id_member_id_pk" PRIMARY KEY("workspace_id","member_id")
);
--> statement-breakpoint
ALTER TABLE "moderation_verifications" ADD COLUMN "kind" text DEFAULT 'button' NOT NULL;--> statement-breakpoint
ALTER TABLE "moderation_verifications" ADD COLUMN "answers" text[];--> statement-breakpoint
CREATE INDEX "member_people_person_idx" ON "member_people" USING btree ("workspace_id","person_id");