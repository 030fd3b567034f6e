/**
 * The audit writer never fails on the text it is given (issue #11 item 7: a lone surrogate in a
 * detail broke the jsonb insert, and with it the request): details and targets are stored with
 * NUL removed and unpaired surrogates as U+FFFD.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from '../../test/support/engines.ts';
import { ensureWorkspace } from '../workspaces/workspaces.ts';
import { listAudit, recordAudit } from './record.ts';

forEachEngine('audit writer', (ctx) => {
  test('a detail or target with a lone surrogate or a NUL, in keys or values, is stored well-formed', async () => {
    const { db } = ctx();
    const ws = await ensureWorkspace(db, 'audit-writer');
    const actor = { workspaceId: ws.id, userId: null, ip: '127.0.0.1' };
    await recordAudit(db, actor, {
      action: 'test.odd', target: 'member:\uDC00\u0000',
      detail: { name: 'x\uD800y', 'k\uDBFF': ['a\u0000b', { deep: '\uDFFF' }], pair: '😀', n: 1 },
    });
    const { items } = await listAudit(db, ws.id, { limit: 5, offset: 0, action: 'test.odd' });
    assert.equal(items.length, 1);
    assert.equal(items[0]!.target, 'member:\uFFFD');
    assert.deepEqual(items[0]!.detail, { name: 'x\uFFFDy', 'k\uFFFD': ['ab', { deep: '\uFFFD' }], pair: '😀', n: 1 });
  });
});
