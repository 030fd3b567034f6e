CREATE TABLE "rollup_recomputes" (
	"workspace_id" bigint PRIMARY KEY NOT NULL,
	"timezone" text NOT NULL,
	"state" text NOT NULL,
	"chunks_done" integer DEFAULT 0 NOT NULL,
	"chunks" integer DEFAULT 0 NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "workspace_monthly" (
	"workspace_id" bigint NOT NULL,
	"month" date NOT NULL,
	"active_members" integer DEFAULT 0 NOT NULL,
	"active_member_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	CONSTRAINT "workspace_monthly_workspace_id_month_pk" PRIMARY KEY("workspace_id","month")
);
--> statement-breakpoint
ALTER TABLE "groups" ADD COLUMN "last_active_day" date;
--> statement-breakpoint
-- hand-written: history
-- Monthly actives of the history already projected, from the daily writers kept in workspace_daily.
INSERT INTO "workspace_monthly" ("workspace_id", "month", "active_members", "active_member_ids")
SELECT "workspace_id", date_trunc('month', "day")::date, count(DISTINCT x)::int, array_agg(DISTINCT x ORDER BY x)
FROM "workspace_daily" CROSS JOIN LATERAL unnest("active_member_ids") AS x
GROUP BY 1, 2;
--> statement-breakpoint
-- Each group's last day with activity, from the rollups already projected.
UPDATE "groups" g SET "last_active_day" = (SELECT max(d."day") FROM "group_daily" d WHERE d."workspace_id" = g."workspace_id" AND d."group_id" = g."id");
