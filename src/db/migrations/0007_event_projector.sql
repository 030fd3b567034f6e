-- Nothing reads hourly figures per group, and the rollup cost about an upsert per event.
DROP TABLE "group_hourly" CASCADE;--> statement-breakpoint
-- member_group_daily's index by member and day answers "wrote anywhere that day" as well.
DROP TABLE "member_daily" CASCADE;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "seq" bigserial NOT NULL;--> statement-breakpoint
ALTER TABLE "workspaces" ADD COLUMN "projected_seq" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "events_seq_idx" ON "events" USING btree ("workspace_id","seq");--> statement-breakpoint
-- Events stored before this migration were projected by ingest itself: the projector starts after them.
UPDATE "workspaces" w SET "projected_seq" = coalesce((SELECT max(e.seq) FROM "events" e WHERE e.workspace_id = w.id), 0);
