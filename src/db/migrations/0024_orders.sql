CREATE TABLE "order_costs" (
	"workspace_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"target_id" bigint NOT NULL,
	"cost_cents" bigint NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_costs_workspace_id_kind_target_id_pk" PRIMARY KEY("workspace_id","kind","target_id")
);
--> statement-breakpoint
CREATE TABLE "order_customers" (
	"workspace_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"member_id" bigint NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_customers_workspace_id_kind_value_pk" PRIMARY KEY("workspace_id","kind","value")
);
--> statement-breakpoint
CREATE TABLE "order_settings" (
	"workspace_id" bigint PRIMARY KEY NOT NULL,
	"webhook_key" text NOT NULL,
	"webhook_secret" text NOT NULL,
	"window_days" integer DEFAULT 30 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_settings_webhook_key" UNIQUE("webhook_key")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"workspace_id" bigint NOT NULL,
	"id" bigserial NOT NULL,
	"order_id" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"currency" text NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"platform_user_id" text,
	"phone" text,
	"customer_id" text,
	"via" text NOT NULL,
	"member_id" bigint,
	"matched_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_workspace_id_id_pk" PRIMARY KEY("workspace_id","id"),
	CONSTRAINT "orders_order_key" UNIQUE("workspace_id","order_id")
);
--> statement-breakpoint
CREATE INDEX "orders_paid_idx" ON "orders" USING btree ("workspace_id","paid_at");--> statement-breakpoint
CREATE INDEX "orders_member_idx" ON "orders" USING btree ("workspace_id","member_id","paid_at");