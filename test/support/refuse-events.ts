/**
 * Makes the database itself refuse some events (a trigger on the log raising for event ids with a
 * prefix), to see what a batch that fails in the database, halfway through, leaves behind.
 */
import type { Database } from '../../src/db/database.ts';

export async function refuseEvents(db: Database, prefix: string): Promise<() => Promise<void>> {
  const name = `refuse_${prefix.replace(/\W/g, '_')}`;
  await db.query(`create or replace function ${name}() returns trigger language plpgsql as $$
    begin raise exception 'event % refused by a test trigger', new.platform_event_id; end $$`);
  await db.query(`create trigger ${name} before insert on events for each row
    when (new.platform_event_id like '${prefix}%') execute function ${name}()`);
  return async () => {
    await db.query(`drop trigger ${name} on events`);
    await db.query(`drop function ${name}()`);
  };
}
