/**
 * The audit view says every action in words (issue #12 item 2): each action key the server
 * records (found in src/ as `action: '…'` literals, and the group bulk actions and join-request
 * decisions and campaign reviews built from templates) has a sentence in both console languages, and every join source
 * the connectors, simulator and importers write has a name in both. A new action or source
 * without words fails here, not in front of an operator.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { globSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const sources = globSync('src/**/*.ts', { cwd: ROOT }).filter((f) => !f.endsWith('.test.ts')).map((f) => readFileSync(`${ROOT}/${f}`, 'utf8'));
const languages = { 'zh-CN': 'web/src/i18n/zh-CN.json', en: 'web/src/i18n/en.json' } as const;
const dictionaries = Object.fromEntries(Object.entries(languages).map(([lang, path]) => [lang, JSON.parse(readFileSync(`${ROOT}/${path}`, 'utf8'))])) as Record<string, Record<string, unknown>>;
/** The same aliases as web/src/lib/audit.ts (an action whose key is a prefix of another's). */
const SENTENCE_KEY: Record<string, string> = { 'session.login.failed': 'session.loginFailed', 'session.logout.all': 'session.logoutAll', 'staff.invite.accept': 'staff.inviteAccept' };

function lookup(dict: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), dict);
}

test('every audited action has a sentence in Chinese and in English', () => {
  const actions = new Set<string>(['group.tag', 'group.untag', 'group.assign', 'group.unassign', 'group.setLayer', 'group.join_request.approve', 'group.join_request.decline', 'account.enable', 'account.disable',
    // Built from templates in src/server/routes/campaigns.ts.
    'campaign.pause', 'campaign.resume', 'campaign.end', 'campaign.referral.release', 'campaign.referral.reject', 'campaign.referral.reopen']);
  for (const text of sources) {
    for (const m of text.matchAll(/\baction: '([a-z_]+(?:\.[a-zA-Z_]+)+|setup)'/g)) actions.add(m[1]!);
  }
  assert.ok(actions.has('group.member.kick') && actions.has('staff.invite') && actions.has('member.tags.set'), 'the scan finds the actions');
  const missing: string[] = [];
  for (const [lang, dict] of Object.entries(dictionaries)) {
    for (const action of actions) {
      const sentence = lookup(dict, `auditSentence.${SENTENCE_KEY[action] ?? action}`);
      if (typeof sentence !== 'string' || sentence === '') missing.push(`${lang}: ${action}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('every join source written by connectors, the simulator and importers is named in both languages', () => {
  const written = new Set<string>();
  for (const text of sources) for (const m of text.matchAll(/\bsource: '([a-z_]+)'/g)) written.add(m[1]!);
  assert.ok(written.has('staff') && written.has('invite_link'), 'the scan finds the sources');
  const missing: string[] = [];
  for (const [lang, dict] of Object.entries(dictionaries)) {
    for (const source of written) if (typeof lookup(dict, `source.${source}`) !== 'string') missing.push(`${lang}: ${source}`);
  }
  assert.deepEqual(missing, []);
  assert.equal(lookup(dictionaries['zh-CN']!, 'source.staff'), '员工邀请');
});
