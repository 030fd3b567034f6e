ALTER TABLE "moderation_verifications" ADD COLUMN "kind" text DEFAULT 'button' NOT NULL;--> statement-breakpoint
ALTER TABLE "moderation_verifications" ADD COLUMN "answers" text[];