-- Upgrading an installation that already holds events: fill what 0003 added from what exists.
-- (`qunyun rollups rebuild` recomputes every rollup from the event log; this only saves a fresh
-- install from needing it.)
UPDATE "groups" g SET "member_count" = (
  SELECT count(*) FROM "memberships" m WHERE m.workspace_id = g.workspace_id AND m.group_id = g.id AND m.active);
--> statement-breakpoint
INSERT INTO "member_daily" ("workspace_id", "day", "member_id")
SELECT DISTINCT workspace_id, day, member_id FROM "member_group_daily" ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "workspace_daily" ("workspace_id", "day", "messages", "joins", "leaves", "active_members")
SELECT d.workspace_id, d.day, sum(d.messages), sum(d.joins), sum(d.leaves),
       (SELECT count(*) FROM "member_daily" a WHERE a.workspace_id = d.workspace_id AND a.day = d.day)
FROM "group_daily" d GROUP BY d.workspace_id, d.day
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Updated in place by every ingest batch, like the other rollups (see 0001).
ALTER TABLE "workspace_daily" SET (fillfactor = 70);
