/**
 * The demo's week, on both engines, without a browser: the simulated community (src/simulator)
 * sends its members' joins, messages and reactions through ingest and the projector; the demo's
 * content plan is seeded (src/content/demo.ts); then, in simulated time, the content tick and the
 * dispatcher run on a recording connector and the community hears every post (as in
 * `qunyun serve --demo`). After a few hours: a calendar entry ran by itself as a push, a push has
 * reach and response figures, the A/B test has a verdict and the live session a report.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import { RecordingConnector } from '../../test/fakes/recording-connector.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { appendBatch, IdentityCache } from '../events/ingest.ts';
import { projectPending } from '../events/projector.ts';
import { experimentResult } from '../experiments/store.ts';
import { dispatchDue } from '../outbox/dispatch.ts';
import { listPushes, pushReach, pushResponse } from '../pushes/store.ts';
import { Community } from '../simulator/community.ts';
import { seedDemoContent } from './demo.ts';
import { getLiveSession, runContentTick } from './store.ts';

const HOUR = 3_600_000;
const STEP = 5 * 60_000;
// Tuesday 2026-06-02 10:00 in Shanghai: a working day, outside quiet hours.
const T0 = new Date('2026-06-02T10:00:00+08:00').getTime();

forEachEngine('the demo week', (ctx) => {
  test('the calendar runs by itself; pushes show reach and response; an A/B verdict and a live-session report', { timeout: 600_000 }, async () => {
    const db = ctx().db;
    const s = await ingestScope(db, 'week-demo');
    const connector = new RecordingConnector('sandbox');
    const start = T0 - 12 * HOUR;
    const community = new Community({ seed: 16, groups: 4, start: new Date(start), days: 1 });
    const ids = new IdentityCache();
    let n = 0;
    let seen = 0;
    let seeded: Awaited<ReturnType<typeof seedDemoContent>> | null = null;
    for (let t = start; t < T0 + 6 * HOUR; t += STEP) {
      const now = t + STEP;
      const actions = community.advance(t, now);
      const events: PlatformEventInput[] = [];
      for (const a of actions) {
        const groupId = String(a.groupId);
        const userId = String(a.userId);
        if (a.type === 'join') events.push({ type: 'join', eventId: `w${++n}`, occurredAt: a.at, groupId, userId, name: String(a.name) } as PlatformEventInput);
        else if (a.type === 'message' && typeof a.text === 'string') {
          events.push({ type: 'message', eventId: `w${++n}`, messageId: `m${n}`, occurredAt: a.at, groupId, userId, text: a.text, ...(typeof a.replyTo === 'string' ? { replyTo: a.replyTo } : {}) } as PlatformEventInput);
        } else if (a.type === 'reaction' && typeof a.messageId === 'string') {
          events.push({ type: 'reaction', eventId: `w${++n}`, occurredAt: a.at, groupId, userId, messageId: a.messageId, emoji: String(a.emoji ?? '👍') } as PlatformEventInput);
        } else if (a.type === 'leave' || a.type === 'kick') events.push({ type: 'leave', eventId: `w${++n}`, occurredAt: a.at, groupId, userId } as PlatformEventInput);
      }
      community.applyResults(actions, actions.map(() => ({ ok: true })));
      if (events.length) await appendBatch(db, s, events, ids);
      await projectPending(db, s.workspaceId);
      if (now < T0) continue;
      seeded ??= await seedDemoContent(db, s.workspaceId, new Date(now));
      await runContentTick(db, s.workspaceId, new Date(now));
      await dispatchDue({ db, connector: () => connector }, s.workspaceId, { now: () => new Date(now) });
      for (const c of connector.calls.slice(seen)) {
        if (c.action === 'sendToGroup' && c.message) community.onOperatorPost(String(c.groupId), `bot${seen}-${c.groupId}`, now, c.message.text);
      }
      seen = connector.calls.length;
    }
    assert.ok(seeded && seeded.experimentId && seeded.liveSessionId && seeded.pushes === 2, JSON.stringify(seeded));

    // A calendar entry ran by itself, as a push.
    const [ran] = await db.query<{ n: number }>(`select count(*)::int as n from calendar_entries where workspace_id = $1 and kind = 'post' and status = 'done' and posted > 0`, [s.workspaceId]);
    assert.ok(ran!.n >= 1, 'a calendar entry ran by itself');
    const { items } = await listPushes(db, s.workspaceId, { limit: 50, offset: 0 });
    assert.ok(items.some((p) => p.title.startsWith('今日开场')), `the calendar's post is a push: ${items.map((p) => p.title)}`);
    // Pushes that went out have reach and a response figure.
    let answered = 0;
    for (const p of items) {
      const reach = await pushReach(db, s.workspaceId, p.id);
      const reached = reach.reduce((sum, c) => sum + c.membersReached, 0);
      if (reached === 0) continue;
      const r = await pushResponse(db, s.workspaceId, p.id);
      assert.ok(r.responseRate !== null && r.leaveRate !== null, `push ${p.title} has response and fatigue figures`);
      if (r.responders > 0) answered++;
    }
    assert.ok(answered >= 1, 'a push reached members and got answers');
    // The A/B test has a verdict, the live session a report.
    const ab = await experimentResult(db, s.workspaceId, seeded.experimentId!, new Date(T0 + 6 * HOUR));
    assert.ok(ab.verdict && ['adopt', 'no_difference', 'too_few'].includes(ab.verdict.kind), JSON.stringify(ab.verdict));
    assert.ok(ab.arms.some((a) => a.reached > 0), 'the variants went out');
    const live = await getLiveSession(db, s.workspaceId, seeded.liveSessionId!);
    assert.equal(live?.status, 'done');
    assert.ok(live?.report, 'the live session has its report');
  });
});
