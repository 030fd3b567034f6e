/**
 * The demo's moderation, on both engines: the simulated community (src/simulator) sends its
 * members' and spammers' joins and messages through ingest, the projector and the moderation
 * reactor; the outbox is carried out on a recording connector that plays the platform (a muted
 * member's messages are refused until the mute ends, a removed one's always) and the simulator
 * hears what happened (warnings in the group, refusals), as in `qunyun serve --demo`. Persistent
 * spammers must go up the whole ladder: warned, muted, removed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ingestScope } from '../../test/support/ingest-scope.ts';
import { RecordingConnector } from '../../test/fakes/recording-connector.ts';
import type { PlatformEventInput } from '../events/envelope.ts';
import { appendBatch, IdentityCache } from '../events/ingest.ts';
import { projectPending } from '../events/projector.ts';
import { reactPending } from '../events/reactors.ts';
import { dispatchDue } from '../outbox/dispatch.ts';
import { Community } from '../simulator/community.ts';
import { spammersOf } from '../simulator/moderation.ts';
import { listQueue } from './decisions.ts';
import { moderationReactor } from './reactor.ts';

const START = new Date('2026-03-02T00:00:00+08:00').getTime();
const MINUTE = 60_000;
const STEP = 10 * MINUTE;

forEachEngine('moderation in the demo community', (ctx) => {
  test('spammers are warned, muted and removed, and the queue shows it', { timeout: 600_000 }, async () => {
    const db = ctx().db;
    const s = await ingestScope(db, 'mod-demo');
    let now = START;
    const reactor = moderationReactor({ now: () => new Date(now) });
    await reactPending(db, s.workspaceId, [reactor]);
    const connector = new RecordingConnector('sandbox');
    const days = 2;
    const community = new Community({ seed: 11, groups: 2, start: new Date(START), days, params: { spammerShare: 0.15, spammerPersistentProb: 1 } });
    const mutedUntil = new Map<string, number>();
    const removed = new Set<string>();
    let seen = 0;
    let n = 0;
    for (let t = START; t < START + days * 86_400_000; t += STEP) {
      const actions = community.advance(t, t + STEP);
      if (!actions.length) continue;
      const events: PlatformEventInput[] = [];
      const results = actions.map((a) => {
        const groupId = String(a.groupId);
        const userId = String(a.userId);
        const k = `${groupId}:${userId}`;
        if (a.type === 'join') {
          if (removed.has(k)) return { ok: false, error: 'banned' };
          events.push({ type: 'join', eventId: `d${++n}`, occurredAt: a.at, groupId, userId, name: String(a.name) } as PlatformEventInput);
        } else if (a.type === 'message' && typeof a.text === 'string') {
          if (removed.has(k)) return { ok: false, error: 'not_member' };
          if ((mutedUntil.get(k) ?? 0) > Date.parse(a.at)) return { ok: false, error: 'muted' };
          events.push({ type: 'message', eventId: `d${++n}`, messageId: `m${n}`, occurredAt: a.at, groupId, userId, text: a.text } as PlatformEventInput);
        } else if (a.type === 'leave' || a.type === 'kick') {
          events.push({ type: 'leave', eventId: `d${++n}`, occurredAt: a.at, groupId, userId } as PlatformEventInput);
        }
        return { ok: true };
      });
      community.applyResults(actions, results);
      if (!events.length) continue;
      now = t + STEP;
      await appendBatch(db, s, events, new IdentityCache());
      await projectPending(db, s.workspaceId);
      await reactPending(db, s.workspaceId, [reactor]);
      await dispatchDue({ db, connector: () => connector }, s.workspaceId);
      // The platform carries the steps out; the community hears them.
      for (const c of connector.calls.slice(seen)) {
        const k = `${c.groupId}:${c.userId}`;
        if (c.action === 'mute' && c.until) mutedUntil.set(k, c.until.getTime());
        if (c.action === 'kick' || c.action === 'ban') removed.add(k);
        if (c.action === 'sendToGroup' && c.message) community.onOperatorPost(String(c.groupId), `bot${seen}`, now, c.message.text);
      }
      seen = connector.calls.length;
    }
    const spammers = community.groups.reduce((sum, g) => sum + spammersOf(g).size, 0);
    assert.ok(spammers >= 3, `spammers arrived: ${spammers}`);
    const q = await listQueue(db, s.workspaceId, { limit: 500, offset: 0 });
    const steps = new Set(q.items.flatMap((d) => d.actions));
    assert.ok(steps.has('warn'), `warned: ${[...steps]}`);
    assert.ok(steps.has('mute'), `muted: ${[...steps]}`);
    assert.ok(steps.has('kick'), `removed: ${[...steps]}`);
    assert.ok(connector.calls.some((c) => c.action === 'mute') && connector.calls.some((c) => c.action === 'kick'), 'carried out on the platform');
    // Not only flooders (whose burst lands before the mute): spammers of the other kinds, who post
    // again after each step, climb one rule's ladder to its mute and removal.
    const kindByName = new Map(community.groups.flatMap((g) => [...spammersOf(g).values()].map((sp) => [sp.name, sp.kind] as const)));
    const climbed = (step: string) => q.items.filter((d) => d.actions.includes(step) && d.source === 'auto' && d.member && kindByName.has(d.member.name) && kindByName.get(d.member.name) !== 'flooder');
    const summary = JSON.stringify(q.items.map((d) => [d.member?.name ? kindByName.get(d.member.name) : null, d.rule, d.strike, d.actions.join('+')]));
    assert.ok(climbed('mute').length > 0, `a spammer other than a flooder muted: ${summary}`);
    assert.ok(climbed('kick').length > 0, `a spammer other than a flooder removed: ${summary}`);
  });
});
