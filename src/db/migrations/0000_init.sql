CREATE TABLE "dead_letters" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"account_id" bigint NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reason" text NOT NULL,
	"raw" jsonb,
	CONSTRAINT "dead_letters_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"workspace_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"platform_event_id" text NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"group_id" bigint NOT NULL,
	"member_id" bigint,
	"message_id" text,
	"payload" jsonb NOT NULL,
	CONSTRAINT "events_workspace_id_account_id_platform_event_id_pk" PRIMARY KEY("workspace_id","account_id","platform_event_id")
);
--> statement-breakpoint
CREATE TABLE "group_daily" (
	"workspace_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"day" date NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	"joins" integer DEFAULT 0 NOT NULL,
	"leaves" integer DEFAULT 0 NOT NULL,
	"reactions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "group_daily_workspace_id_group_id_day_pk" PRIMARY KEY("workspace_id","group_id","day")
);
--> statement-breakpoint
CREATE TABLE "group_hourly" (
	"workspace_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"hour" timestamp NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	"joins" integer DEFAULT 0 NOT NULL,
	"leaves" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "group_hourly_workspace_id_group_id_hour_pk" PRIMARY KEY("workspace_id","group_id","hour")
);
--> statement-breakpoint
CREATE TABLE "group_join_sources" (
	"workspace_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"day" date NOT NULL,
	"source" text NOT NULL,
	"joins" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "group_join_sources_workspace_id_group_id_day_source_pk" PRIMARY KEY("workspace_id","group_id","day","source")
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"account_id" bigint NOT NULL,
	"platform_group_id" text NOT NULL,
	"name" text NOT NULL,
	"capacity" integer DEFAULT 200 NOT NULL,
	"purpose" text DEFAULT 'general' NOT NULL,
	"layer" text DEFAULT 'basic' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"owner_staff_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"name_at" timestamp with time zone,
	CONSTRAINT "groups_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "groups_platform_key" UNIQUE("workspace_id","account_id","platform_group_id")
);
--> statement-breakpoint
CREATE TABLE "member_group_daily" (
	"workspace_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"day" date NOT NULL,
	"member_id" bigint NOT NULL,
	CONSTRAINT "member_group_daily_workspace_id_group_id_day_member_id_pk" PRIMARY KEY("workspace_id","group_id","day","member_id")
);
--> statement-breakpoint
CREATE TABLE "member_identities" (
	"workspace_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"platform_user_id" text NOT NULL,
	"member_id" bigint NOT NULL,
	"display_name" text NOT NULL,
	"is_bot" boolean DEFAULT false NOT NULL,
	"profile_at" timestamp with time zone,
	CONSTRAINT "member_identities_workspace_id_account_id_platform_user_id_pk" PRIMARY KEY("workspace_id","account_id","platform_user_id")
);
--> statement-breakpoint
CREATE TABLE "members" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"display_name" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "members_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"workspace_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"active" boolean NOT NULL,
	"first_joined_at" timestamp with time zone,
	"joined_at" timestamp with time zone,
	"left_at" timestamp with time zone,
	"state_at" timestamp with time zone NOT NULL,
	"source" text,
	"inviter_member_id" bigint,
	"staff_id" text,
	"invite_code" text,
	"leave_reason" text,
	CONSTRAINT "memberships_workspace_id_group_id_member_id_pk" PRIMARY KEY("workspace_id","group_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "message_changes" (
	"workspace_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"message_id" text NOT NULL,
	"text" text,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"reactions" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "message_changes_workspace_id_group_id_message_id_pk" PRIMARY KEY("workspace_id","group_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "platform_accounts" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_accounts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "platform_accounts_external_key" UNIQUE("workspace_id","platform","external_id")
);
--> statement-breakpoint
CREATE TABLE "staff_users" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text DEFAULT 'operator' NOT NULL,
	"password_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_users_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "staff_users_email_key" UNIQUE("workspace_id","email")
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"timezone" text DEFAULT 'Asia/Shanghai' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspaces_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE INDEX "events_group_time_idx" ON "events" USING btree ("workspace_id","group_id","occurred_at");--> statement-breakpoint
CREATE INDEX "events_member_time_idx" ON "events" USING btree ("workspace_id","member_id","occurred_at");--> statement-breakpoint
CREATE INDEX "member_group_daily_member_idx" ON "member_group_daily" USING btree ("workspace_id","member_id","day");--> statement-breakpoint
CREATE INDEX "member_identities_member_idx" ON "member_identities" USING btree ("workspace_id","member_id");--> statement-breakpoint
CREATE INDEX "memberships_member_idx" ON "memberships" USING btree ("workspace_id","member_id");