CREATE TABLE "code_attributions" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"code_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"member_id" bigint NOT NULL,
	"source" text NOT NULL,
	"staff_user_id" bigint,
	"inviter_member_id" bigint,
	"reservation_id" bigint,
	"event_seq" bigint NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	CONSTRAINT "code_attributions_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "code_attributions_member_key" UNIQUE("workspace_id","group_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "code_entries" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"code_id" bigint NOT NULL,
	"token" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"tags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"proof_base64" text,
	"proof_type" text,
	"order_id" text,
	"decided_by" bigint,
	"decided_at" timestamp with time zone,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "code_entries_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "code_entries_token_key" UNIQUE("workspace_id","token")
);
--> statement-breakpoint
CREATE TABLE "code_orders" (
	"workspace_id" bigint NOT NULL,
	"code_id" bigint NOT NULL,
	"order_id" text NOT NULL,
	"entry_id" bigint NOT NULL,
	"amount_cents" integer NOT NULL,
	"currency" text NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"via" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "code_orders_workspace_id_code_id_order_id_pk" PRIMARY KEY("workspace_id","code_id","order_id")
);
--> statement-breakpoint
CREATE TABLE "code_reservations" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"code_id" bigint NOT NULL,
	"group_id" bigint,
	"staff_user_id" bigint,
	"source" text NOT NULL,
	"entry_id" bigint,
	"visitor" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"member_id" bigint,
	CONSTRAINT "code_reservations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "code_tasks" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"code_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "code_tasks_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "live_code_groups" (
	"workspace_id" bigint NOT NULL,
	"code_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"source" text,
	"cap" integer NOT NULL,
	"load" integer DEFAULT 0 NOT NULL,
	"routed" integer DEFAULT 0 NOT NULL,
	"link_url" text,
	"link_code" text,
	"link_expires_at" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"opened" boolean DEFAULT false NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_code_groups_workspace_id_code_id_group_id_pk" PRIMARY KEY("workspace_id","code_id","group_id")
);
--> statement-breakpoint
CREATE TABLE "live_code_staff" (
	"workspace_id" bigint NOT NULL,
	"code_id" bigint NOT NULL,
	"staff_user_id" bigint NOT NULL,
	"platform_user_id" text NOT NULL,
	"daily_cap" integer DEFAULT 50 NOT NULL,
	"backup" boolean DEFAULT false NOT NULL,
	"position" integer NOT NULL,
	"contact_url" text,
	"contact_config_id" text,
	"contact_state" text,
	CONSTRAINT "live_code_staff_workspace_id_code_id_staff_user_id_pk" PRIMARY KEY("workspace_id","code_id","staff_user_id")
);
--> statement-breakpoint
CREATE TABLE "live_code_staff_daily" (
	"workspace_id" bigint NOT NULL,
	"code_id" bigint NOT NULL,
	"staff_user_id" bigint NOT NULL,
	"day" date NOT NULL,
	"routed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "live_code_staff_daily_workspace_id_code_id_staff_user_id_day_pk" PRIMARY KEY("workspace_id","code_id","staff_user_id","day")
);
--> statement-breakpoint
CREATE TABLE "live_codes" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"slug" text NOT NULL,
	"kind" text DEFAULT 'group' NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"expires_at" timestamp with time zone,
	"rule" text DEFAULT 'fill_first' NOT NULL,
	"first_phase" integer DEFAULT 100 NOT NULL,
	"sweet_spot_min" integer DEFAULT 150 NOT NULL,
	"sweet_spot_max" integer DEFAULT 200 NOT NULL,
	"hard_cap" integer DEFAULT 350 NOT NULL,
	"template" jsonb,
	"threshold" jsonb DEFAULT '{"kind":"none"}'::jsonb NOT NULL,
	"staff_settings" jsonb,
	"staff_user_id" bigint,
	"credit_per_join" integer DEFAULT 1 NOT NULL,
	"retention_days" integer DEFAULT 7 NOT NULL,
	"webhook_secret" text NOT NULL,
	"opening_since" timestamp with time zone,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_codes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "live_codes_slug_key" UNIQUE("workspace_id","slug")
);
--> statement-breakpoint
CREATE INDEX "code_attributions_code_idx" ON "code_attributions" USING btree ("workspace_id","code_id","joined_at");--> statement-breakpoint
CREATE INDEX "code_entries_pending_idx" ON "code_entries" USING btree ("workspace_id","created_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "code_reservations_visitor_idx" ON "code_reservations" USING btree ("workspace_id","code_id","visitor") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "code_reservations_pending_idx" ON "code_reservations" USING btree ("workspace_id","code_id","group_id","created_at") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "code_tasks_open_idx" ON "code_tasks" USING btree ("workspace_id","code_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "live_codes_slug_idx" ON "live_codes" USING btree ("slug");