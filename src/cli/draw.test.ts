/** `qunyun draw verify --file`: an exported draw verifies; a changed seed or winner does not; a bad file is a usage error. */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { commitmentOf, drawWinners, newSeed, redPacketShares } from '../activities/draw.ts';
import { main } from './main.ts';

test('qunyun draw verify re-runs an exported draw and refuses a tampered one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qy-draw-'));
  const seed = newSeed();
  const entries = ['member:3', 'member:11', 'member:7', 'member:42'];
  const winners = drawWinners(seed, entries, 2);
  const record = { drawId: 9, commitment: commitmentOf(seed), seed, entries, winnersWanted: 2, winners, totalCents: 500, shares: redPacketShares(seed, 2, 500) };
  const file = (name: string, body: unknown) => { const f = join(dir, name); writeFileSync(f, JSON.stringify(body)); return f; };
  const log = console.log, err = console.error;
  const out: string[] = [];
  console.log = (s: string) => out.push(s);
  console.error = (s: string) => out.push(s);
  try {
    assert.equal(await main(['draw', 'verify', '--file', file('ok.json', record)]), 0);
    assert.ok(out.some((l) => l.startsWith('verified')));
    assert.equal(await main(['draw', 'verify', '--file', file('seed.json', { ...record, seed: newSeed() })]), 1);
    assert.equal(await main(['draw', 'verify', '--file', file('won.json', { ...record, winners: [winners[1], winners[0]] })]), 1);
    assert.ok(out.some((l) => l.startsWith('NOT VERIFIED: winners differ')));
    assert.equal(await main(['draw', 'verify', '--file', file('bad.json', { seed })]), 2);
    assert.equal(await main(['draw', 'verify']), 2);
  } finally {
    console.log = log;
    console.error = err;
  }
});
