import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ensureWorkspace } from '../workspaces/workspaces.ts';
import { purgeExpired, runMaintenance } from './maintenance.ts';

forEachEngine('maintenance purge', (ctx) => {
  test('deletes expired sessions, unused invitations expired past the grace period, and throttle rows whose window and lock are over', async () => {
    const { db } = ctx();
    const ws = await ensureWorkspace(db, 'purge', 'Purge');
    const [user] = await db.query<{ id: number }>(`insert into users (email, name, password_hash) values ('p@example.test', 'P', 'x') returning id`);
    const session = (token: string, expires: string) => db.query(
      `insert into sessions (token_hash, user_id, workspace_id, expires_at) values ($1, $2, $3, now() + $4::interval)`, [token, user!.id, ws.id, expires]);
    await session('expired', '-1 minute');
    await session('long-expired', '-40 days');
    await session('live', '2 days');
    const invite = (token: string, expires: string, accepted: boolean) => db.query(
      `insert into staff_invites (workspace_id, token_hash, email, role, expires_at, accepted_at) values ($1, $2, 'i@example.test', 'viewer', now() + $3::interval, $4)`,
      [ws.id, token, expires, accepted ? new Date(Date.now() - 50 * 86_400_000) : null]);
    await invite('unused-long-expired', '-31 days', false);
    await invite('unused-just-expired', '-2 days', false);
    await invite('accepted-long-ago', '-45 days', true);
    await invite('pending', '5 days', false);
    const throttle = (key: string, windowStart: string, lockedUntil: string | null) => db.query(
      `insert into login_throttle (key, failures, window_start, locked_until) values ($1, 3, now() + $2::interval, now() + $3::interval)`, [key, windowStart, lockedUntil]);
    await throttle('ip:old', '-2 days', null);
    await throttle('email:old-lock-over', '-3 days', '-2 days');
    await throttle('email:old-still-locked', '-2 days', '1 hour');
    await throttle('ip:recent', '-5 minutes', null);
    await throttle('email:recent-lock-over', '-20 minutes', '-5 minutes');

    const done = await runMaintenance(db);
    assert.deepEqual(done.purged, { sessions: 2, invites: 1, throttle: 2 });
    assert.deepEqual((await db.query<{ t: string }>('select token_hash as t from sessions order by 1')).map((r) => r.t), ['live']);
    assert.deepEqual((await db.query<{ t: string }>('select token_hash as t from staff_invites order by 1')).map((r) => r.t),
      ['accepted-long-ago', 'pending', 'unused-just-expired']);
    assert.deepEqual((await db.query<{ k: string }>('select key as k from login_throttle order by 1')).map((r) => r.k),
      ['email:old-still-locked', 'email:recent-lock-over', 'ip:recent']);
    assert.deepEqual(await purgeExpired(db), { sessions: 0, invites: 0, throttle: 0 }, 'nothing left to purge');
  });
});
