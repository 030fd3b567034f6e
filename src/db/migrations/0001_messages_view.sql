-- Messages are stored once, as their events; this view shows each with its latest edit,
-- deletion and reactions. mentions are platform user ids, as the platform reported them.
CREATE VIEW "messages" AS
SELECT e.workspace_id, e.account_id, e.group_id, e.message_id AS platform_message_id, e.member_id,
       e.occurred_at AS sent_at,
       coalesce(e.payload->>'kind', 'text') AS kind,
       CASE WHEN c.edited_at IS NOT NULL THEN c.text ELSE e.payload->>'text' END AS text,
       e.payload->>'replyTo' AS reply_to,
       e.payload->'mentions' AS mentions,
       c.edited_at, c.deleted_at, coalesce(c.reactions, 0) AS reactions
FROM events e
LEFT JOIN message_changes c
  ON c.workspace_id = e.workspace_id AND c.group_id = e.group_id AND c.message_id = e.message_id
WHERE e.type = 'message';
--> statement-breakpoint
-- Rollups are updated in place by every ingest batch: free space on each page lets Postgres
-- keep those updates on the same page (HOT), without touching the indexes.
ALTER TABLE "group_hourly" SET (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE "group_daily" SET (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE "member_group_daily" SET (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE "group_join_sources" SET (fillfactor = 70);
