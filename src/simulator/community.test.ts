import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Community, type CommunityOptions, type SimAction } from './community.ts';
import { spammersOf } from './moderation.ts';
import { spamKinds } from './spam.ts';

const START = new Date('2025-03-03T00:00:00+08:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function generate(o: Partial<CommunityOptions> = {}): { actions: SimAction[]; community: Community } {
  const opts: CommunityOptions = { seed: 11, groups: 200, start: START, days: 30, ...o };
  const community = new Community(opts);
  const actions: SimAction[] = [];
  const from = opts.start.getTime();
  for (let t = from; t < from + opts.days * DAY; t += HOUR) {
    for (const a of community.advance(t, t + HOUR)) actions.push(a);
  }
  return { actions, community };
}

const SPAM = /兼职|代理|刷单|赚钱|微|V|USDT|http/;

describe('community model', () => {
  test('is deterministic: same options give a byte-identical action sequence', () => {
    const a = JSON.stringify(generate({ groups: 30, days: 5 }).actions);
    const b = JSON.stringify(generate({ groups: 30, days: 5 }).actions);
    const c = JSON.stringify(generate({ groups: 30, days: 5, seed: 12 }).actions);
    assert.ok(a.length > 10_000);
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  test('about 20% of members write about 80% of the messages', () => {
    const { actions } = generate();
    const perUser = new Map<string, number>();
    for (const a of actions) {
      if (a.type === 'join') perUser.set(a.userId as string, perUser.get(a.userId as string) ?? 0);
      if (a.type === 'message') perUser.set(a.userId as string, (perUser.get(a.userId as string) ?? 0) + 1);
    }
    const counts = [...perUser.values()].sort((x, y) => y - x);
    const total = counts.reduce((s, n) => s + n, 0);
    const top = counts.slice(0, Math.ceil(counts.length * 0.2)).reduce((s, n) => s + n, 0);
    assert.ok(counts.length > 10_000);
    assert.ok(top / total > 0.72 && top / total < 0.88, `top 20% write ${(top / total).toFixed(3)}`);
  });

  function silentShare(operatedShare: number): number {
    const { actions, community } = generate({ params: { operatedShare, groupsAtStartShare: 1 } });
    const end = START.getTime() + 30 * DAY;
    const last = new Map<string, number>();
    for (const a of actions) if (a.type === 'message') last.set(a.groupId as string, Date.parse(a.at));
    const silent = community.groups.filter((g) => (last.get(g.id) ?? 0) < end - 7 * DAY).length;
    return silent / community.groups.length;
  }

  test('about 80% of new unoperated groups fall silent within 30 days, far fewer operated ones', () => {
    const unoperated = silentShare(0);
    const operated = silentShare(1);
    assert.ok(unoperated > 0.7 && unoperated < 0.9, `unoperated silent ${unoperated}`);
    assert.ok(operated > 0.15 && operated < 0.45, `operated silent ${operated}`);
  });

  test('2–3% of arrivals are spammers of every kind, who mostly leave or get kicked', () => {
    const { actions, community } = generate({ groups: 150 });
    const joins = actions.filter((a) => a.type === 'join' && a.source !== 'staff').length;
    const kinds = new Map(community.groups.flatMap((g) => [...spammersOf(g)]));
    const posted = new Set(actions.filter((a) => a.type === 'message').map((a) => a.userId as string));
    const spammers = new Set([...kinds.keys()].filter((id) => posted.has(id)));
    assert.deepEqual(new Set([...kinds.values()].map((k) => k.kind)), new Set(spamKinds), 'every kind of spammer arrives');
    assert.ok(actions.some((a) => a.type === 'message' && typeof a.text === 'string' && SPAM.test(a.text)), 'ads as the spam generator writes them');
    const gone = new Set(actions.filter((a) => (a.type === 'leave' || a.type === 'kick') && spammers.has(a.userId as string)).map((a) => a.userId));
    assert.ok(spammers.size / joins > 0.015 && spammers.size / joins < 0.035, `spammers ${spammers.size}/${joins}`);
    assert.ok(gone.size / spammers.size > 0.5, `spammers gone ${gone.size}/${spammers.size}`);
  });

  test('follows the Shanghai day: evening peak, night trough; about 30% of text messages are replies', () => {
    const { actions } = generate({ groups: 60, days: 14 });
    const byHour = new Array<number>(24).fill(0);
    let texts = 0;
    let replies = 0;
    for (const a of actions) {
      if (a.type !== 'message') continue;
      byHour[(new Date(a.at).getUTCHours() + 8) % 24]!++;
      if (a.contentType === undefined) texts++;
      if (a.replyTo !== undefined) replies++;
    }
    const evening = byHour[20]! + byHour[21]!;
    const night = byHour[3]! + byHour[4]!;
    assert.ok(evening > 8 * night, `evening ${evening} vs night ${night}`);
    assert.ok(byHour[12]! > byHour[10]!, 'lunch bump');
    assert.ok(replies / texts > 0.2 && replies / texts < 0.36, `replies ${replies}/${texts}`);
  });

  test('never fills a group above capacity and refuses the overflow', () => {
    const { community, actions } = generate({ groups: 20, days: 20, params: { capacity: 120, oversubscribedShare: 1 } });
    assert.ok(community.counters.joinsPredictedRefused > 0);
    const size = new Map<string, number>();
    let max = 0;
    for (const a of actions) {
      const g = a.groupId as string;
      if (a.type === 'join') size.set(g, (size.get(g) ?? 0) + 1);
      if (a.type === 'leave' || a.type === 'kick') size.set(g, (size.get(g) ?? 0) - 1);
      max = Math.max(max, size.get(g) ?? 0);
    }
    // People still scan a full group's code: those joins are sent, and the platform refuses them.
    assert.ok(community.groups.every((g) => g.members.length <= 120));
    assert.ok(max > 120);
  });
});

describe('moderation in the community', () => {
  test('spam left up drives members away; a spammer warned by name or muted stops and the spam no longer counts', async () => {
    const { botPosted, refused, spamLeaveHazard, spamPosted, spamStats } = await import('./moderation.ts');
    const community = new Community({ seed: 5, groups: 20, start: START, days: 3 });
    for (let t = START.getTime(); t < START.getTime() + 3 * DAY; t += HOUR) community.advance(t, t + HOUR);
    const groups = community.groups.filter((x) => [...spammersOf(x).values()].some((sp) => !sp.persistent));
    assert.ok(groups.length >= 1, 'spammers arrived');
    const g = groups[0]!;
    const p = community.params;
    const [id, sp] = [...spammersOf(g)].find(([, x]) => !x.persistent)!;
    const t = START.getTime() + 4 * DAY;
    spamPosted(g, id, t);
    spamPosted(g, id, t + 1000);
    assert.equal(spamLeaveHazard(p, g, t + 10 * 60_000), 0, 'not yet: moderation has spamHandledMinutes');
    assert.equal(spamLeaveHazard(p, g, t + 60 * 60_000), 2 * p.spamVisibleLeaveHazard, 'two spam messages left up');
    assert.equal(spamLeaveHazard(p, g, t + 2 * DAY), 0, 'a day later they no longer count');
    assert.equal(spamStats(g).stopped, 0, 'without moderation nobody stops them');
    botPosted(p, g, `@${sp.name} 请遵守群规，第 1 次警告`, t + 5 * 60_000);
    assert.equal(spamLeaveHazard(p, g, t + 60 * 60_000), 0, 'warned: dealt with');
    assert.equal(spamStats(g).stopped, 1);
    refused(p, g, id, 'muted', t + 6 * 60_000);
    assert.equal(spamStats(g).handled, spamStats(g).posts, 'every spam message of a stopped spammer is dealt with');
    // A persistent spammer ignores warnings and mutes: only removal stops them.
    const stubborn = community.groups.flatMap((x) => [...spammersOf(x)].filter(([, s]) => s.persistent).map(([sid, s]) => ({ x, sid, s })))[0];
    assert.ok(stubborn, 'persistent spammers arrived');
    const before = spamStats(stubborn.x).stopped;
    botPosted(p, stubborn.x, `@${stubborn.s.name} 请遵守群规，第 1 次警告`, t + 7 * 60_000);
    refused(p, stubborn.x, stubborn.sid, 'muted', t + 8 * 60_000);
    assert.equal(spamStats(stubborn.x).stopped, before, 'warned and muted, still going');
    refused(p, stubborn.x, stubborn.sid, 'not_member', t + 9 * 60_000);
    assert.equal(spamStats(stubborn.x).stopped, before + 1, 'removed: stopped');
  });
});
