-- Weekly actives of the days already in workspace_daily, from member_daily (see 0005).
UPDATE "workspace_daily" d SET "active_members_7d" = (
  SELECT count(DISTINCT a.member_id) FROM "member_daily" a
  WHERE a.workspace_id = d.workspace_id AND a.day BETWEEN d.day - 6 AND d.day);
