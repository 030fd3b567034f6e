-- Presence moves from a row per member, group and day to arrays per group and day (and per
-- workspace and day): the projector merged every slice into thousands of indexed rows before.
ALTER TABLE "group_daily" ADD COLUMN "active_member_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL;--> statement-breakpoint
ALTER TABLE "workspace_daily" ADD COLUMN "active_member_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL;--> statement-breakpoint
INSERT INTO "group_daily" ("workspace_id", "group_id", "day", "active_member_ids")
SELECT workspace_id, group_id, day, array_agg(member_id ORDER BY member_id) FROM "member_group_daily" GROUP BY 1, 2, 3
ON CONFLICT ("workspace_id", "group_id", "day") DO UPDATE SET "active_member_ids" = excluded."active_member_ids";--> statement-breakpoint
INSERT INTO "workspace_daily" ("workspace_id", "day", "active_members", "active_member_ids")
SELECT workspace_id, day, count(DISTINCT member_id), array_agg(DISTINCT member_id ORDER BY member_id) FROM "member_group_daily" GROUP BY 1, 2
ON CONFLICT ("workspace_id", "day") DO UPDATE SET "active_member_ids" = excluded."active_member_ids";--> statement-breakpoint
DROP TABLE "member_group_daily" CASCADE;
--> statement-breakpoint
-- Memberships and identities are updated in place by the projector (leaves, joins again, newer
-- names): free space on each page keeps those updates on the page (HOT), without index entries.
ALTER TABLE "memberships" SET (fillfactor = 90);--> statement-breakpoint
ALTER TABLE "member_identities" SET (fillfactor = 90);
