CREATE TABLE "review_reports" (
	"workspace_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"scope" text NOT NULL,
	"params" text NOT NULL,
	"scope_user_id" bigint,
	"body" text,
	"computed_at" timestamp with time zone,
	"compute_ms" bigint,
	"projected_seq" bigint,
	"today" date,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	"refreshing_until" timestamp with time zone,
	CONSTRAINT "review_reports_workspace_id_kind_scope_params_pk" PRIMARY KEY("workspace_id","kind","scope","params")
);
--> statement-breakpoint
CREATE INDEX "review_reports_read_idx" ON "review_reports" USING btree ("workspace_id","read_at");