CREATE TABLE "group_member_daily" (
	"workspace_id" bigint NOT NULL,
	"group_id" bigint NOT NULL,
	"day" date NOT NULL,
	"member_id" bigint NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "group_member_daily_workspace_id_group_id_day_member_id_pk" PRIMARY KEY("workspace_id","group_id","day","member_id")
);
--> statement-breakpoint
-- hand-written (group_member_daily)
-- Messages per member, group and day of the log already projected (up to each workspace's
-- watermark; the projector adds the rest), days in the workspace's time zone.
INSERT INTO "group_member_daily" ("workspace_id", "group_id", "day", "member_id", "messages")
SELECT e."workspace_id", e."group_id", (e."occurred_at" AT TIME ZONE w."timezone")::date, e."member_id", count(*)::int
FROM "events" e JOIN "workspaces" w ON w."id" = e."workspace_id"
WHERE e."type" = 'message' AND e."member_id" IS NOT NULL AND e."seq" <= w."projected_seq"
GROUP BY 1, 2, 3, 4;
