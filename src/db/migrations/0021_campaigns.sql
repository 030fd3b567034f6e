CREATE TABLE "campaign_participants" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"campaign_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"name" text NOT NULL,
	"token" text NOT NULL,
	"device_hash" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reached_at" timestamp with time zone,
	CONSTRAINT "campaign_participants_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "campaign_participants_member_key" UNIQUE("workspace_id","campaign_id","member_id"),
	CONSTRAINT "campaign_participants_token_key" UNIQUE("workspace_id","token")
);
--> statement-breakpoint
CREATE TABLE "campaign_referrals" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"campaign_id" bigint NOT NULL,
	"participant_id" bigint NOT NULL,
	"inviter_member_id" bigint NOT NULL,
	"invitee_member_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	"spoke_at" timestamp with time zone,
	"ip_hash" text,
	"device_hash" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"override" text,
	"decided_by" bigint,
	"decided_at" timestamp with time zone,
	"note" text,
	"credited_at" timestamp with time zone,
	CONSTRAINT "campaign_referrals_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "campaign_referrals_invitee_key" UNIQUE("workspace_id","campaign_id","invitee_member_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_rewards" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"campaign_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"participant_id" bigint,
	"key" text NOT NULL,
	"reward" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" bigint,
	"decided_at" timestamp with time zone,
	CONSTRAINT "campaign_rewards_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "campaign_rewards_key" UNIQUE("workspace_id","campaign_id","member_id","key")
);
--> statement-breakpoint
CREATE TABLE "campaign_visits" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"campaign_id" bigint NOT NULL,
	"participant_id" bigint NOT NULL,
	"visitor" text,
	"ip_hash" text,
	"device_hash" text,
	"reservation_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_visits_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"slug" text NOT NULL,
	"code_id" bigint NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"settings" jsonb NOT NULL,
	"stock" integer NOT NULL,
	"stock_total" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"status" text DEFAULT 'active' NOT NULL,
	"art" text DEFAULT 'red' NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "campaigns_slug_key" UNIQUE("workspace_id","slug")
);
--> statement-breakpoint
ALTER TABLE "code_reservations" ADD COLUMN "inviter_member_id" bigint;--> statement-breakpoint
CREATE INDEX "campaign_participants_token_idx" ON "campaign_participants" USING btree ("token");--> statement-breakpoint
CREATE INDEX "campaign_referrals_participant_idx" ON "campaign_referrals" USING btree ("workspace_id","participant_id","joined_at");--> statement-breakpoint
CREATE INDEX "campaign_referrals_ip_idx" ON "campaign_referrals" USING btree ("workspace_id","campaign_id","ip_hash");--> statement-breakpoint
CREATE INDEX "campaign_referrals_device_idx" ON "campaign_referrals" USING btree ("workspace_id","campaign_id","device_hash");--> statement-breakpoint
CREATE INDEX "campaign_referrals_invitee_idx" ON "campaign_referrals" USING btree ("workspace_id","invitee_member_id");--> statement-breakpoint
CREATE INDEX "campaign_referrals_open_idx" ON "campaign_referrals" USING btree ("workspace_id","campaign_id") WHERE status in ('pending', 'held') and override is null;--> statement-breakpoint
CREATE INDEX "campaign_rewards_campaign_idx" ON "campaign_rewards" USING btree ("workspace_id","campaign_id","status");--> statement-breakpoint
CREATE INDEX "campaign_visits_reservation_idx" ON "campaign_visits" USING btree ("workspace_id","reservation_id");--> statement-breakpoint
CREATE INDEX "campaign_visits_campaign_idx" ON "campaign_visits" USING btree ("workspace_id","campaign_id","created_at");--> statement-breakpoint
CREATE INDEX "campaigns_slug_idx" ON "campaigns" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "campaigns_code_idx" ON "campaigns" USING btree ("workspace_id","code_id");