CREATE TABLE "audit_log" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" bigint,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"detail" jsonb,
	"ip" text,
	CONSTRAINT "audit_log_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "group_tags" (
	"workspace_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"tag" text NOT NULL,
	CONSTRAINT "group_tags_workspace_id_group_id_tag_pk" PRIMARY KEY("workspace_id","group_id","tag")
);
--> statement-breakpoint
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "member_daily" (
	"workspace_id" bigint NOT NULL,
	"day" date NOT NULL,
	"member_id" bigint NOT NULL,
	CONSTRAINT "member_daily_workspace_id_day_member_id_pk" PRIMARY KEY("workspace_id","day","member_id")
);
--> statement-breakpoint
CREATE TABLE "member_tags" (
	"workspace_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"tag" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_tags_workspace_id_member_id_tag_pk" PRIMARY KEY("workspace_id","member_id","tag")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"workspace_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"renewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "staff_invites" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"token_hash" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"invited_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_user_id" bigint,
	CONSTRAINT "staff_invites_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "staff_invites_token_key" UNIQUE("workspace_id","token_hash")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "workspace_daily" (
	"workspace_id" bigint NOT NULL,
	"day" date NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	"joins" integer DEFAULT 0 NOT NULL,
	"leaves" integer DEFAULT 0 NOT NULL,
	"active_members" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "workspace_daily_workspace_id_day_pk" PRIMARY KEY("workspace_id","day")
);
--> statement-breakpoint
CREATE TABLE "workspace_staff" (
	"workspace_id" bigint NOT NULL,
	"user_id" bigint NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_staff_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "staff_users" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "staff_users" CASCADE;--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "member_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "settings" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_log_time_idx" ON "audit_log" USING btree ("workspace_id","at");--> statement-breakpoint
CREATE INDEX "group_tags_tag_idx" ON "group_tags" USING btree ("workspace_id","tag");--> statement-breakpoint
CREATE INDEX "member_tags_tag_idx" ON "member_tags" USING btree ("workspace_id","tag");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "workspace_staff_user_idx" ON "workspace_staff" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "groups_operator_idx" ON "groups" USING btree ("workspace_id","owner_staff_id");