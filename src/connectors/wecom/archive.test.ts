import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { parseEvent } from '../../events/envelope.ts';
import { mapArchiveRecord } from './archive-mapping.ts';
import { ArchivePullError, createArchiveReader } from './archive-reader.ts';
import { createFakeArchiveSidecar, groupRecord, sampleRecords, SAMPLE_ROOM } from '../../../test/fakes/wecom/fake-archive-sidecar.ts';
import { recordingSink } from '../../../test/fakes/wecom/test-kit.ts';

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});
async function sidecar() {
  const fake = createFakeArchiveSidecar();
  const url = await fake.listen();
  closers.push(() => fake.close());
  return { fake, url };
}

const bySeq = new Map(sampleRecords().map((r) => [r.seq, r]));
const mapped = (seq: number) => mapArchiveRecord(bySeq.get(seq)!);
const message = (seq: number) => {
  const m = mapped(seq);
  assert.ok('event' in m, `seq ${seq} should map to an event`);
  assert.ok(parseEvent(m.event).ok, JSON.stringify(m.event));
  return m.event as { type: string; kind?: string; text?: string; messageId?: string; userId?: string; groupId: string };
};

describe('WeCom archive: mapping of documented message types', () => {
  const cases: Array<[number, string, string | undefined]> = [
    [1, 'text', '大家好，我是新来的'],
    [2, 'image', undefined],
    [6, 'file', '课程表.docx'],
    [7, 'link', '本周直播预告\nhttps://example.com/live'],
    [8, 'text', '看这张图'],
    [9, 'voice', undefined],
    [10, 'video', undefined],
    [11, 'sticker', undefined],
    [12, 'other', '腾讯大厦\n广东省深圳市南山区'],
    [13, 'red_packet', '恭喜发财，大吉大利'],
    [14, 'poll', '下次活动去哪'],
    [15, 'link', '会员中心'],
    [16, 'other', '腾讯'],
    [17, 'other', '群聊的聊天记录'],
    [20, 'other', undefined],
  ];
  for (const [seq, kind, text] of cases) {
    test(`${bySeq.get(seq)!.msgtype} → message of kind ${kind}`, () => {
      const e = message(seq);
      assert.equal(e.type, 'message');
      assert.equal(e.kind, kind);
      assert.equal(e.text, text);
      assert.equal(e.messageId, bySeq.get(seq)!.msgid);
      assert.equal(e.groupId, SAMPLE_ROOM);
    });
  }

  test('revoke → delete of pre_msgid', () => {
    const e = message(3);
    assert.deepEqual({ type: e.type, messageId: e.messageId }, { type: 'delete', messageId: '1001_1700000001000_external' });
  });

  test('agree/disagree, 1:1 chats and switch records are skipped with a reason', () => {
    assert.deepEqual(mapped(4), { skip: 'not a group chat' });
    assert.deepEqual(mapped(5), { skip: 'not a group chat' });
    assert.deepEqual(mapped(18), { skip: 'not a group chat' });
    assert.deepEqual(mapped(19), { skip: 'not a group chat' });
    assert.deepEqual(mapArchiveRecord(groupRecord(30, 'wmA', { msgtype: 'agree', agree: { userid: 'wmA' } })), { skip: 'archiving consent record' });
  });
});

describe('WeCom archive: pulling from the sidecar', () => {
  test('pulls every record in seq order and maps the group ones', async () => {
    const { url } = await sidecar();
    const recorder = recordingSink();
    const r = await createArchiveReader({ sidecarUrl: url, limit: 100 }).pull(recorder.sink, 0);
    assert.deepEqual({ seq: r.seq, records: r.records, skipped: r.skipped, events: r.events, stored: r.stored }, { seq: 20, records: 20, skipped: 4, events: 16, stored: 16 });
  });

  test('resumes from the seq it returned, batch by batch', async () => {
    const { fake, url } = await sidecar();
    const recorder = recordingSink();
    const reader = createArchiveReader({ sidecarUrl: url, limit: 5 });
    const first = await reader.pull(recorder.sink, 0, { maxBatches: 1 });
    assert.equal(first.seq, 5);
    const rest = await reader.pull(recorder.sink, first.seq);
    assert.equal(rest.seq, 20);
    assert.deepEqual(fake.requests.map((q) => q.seq), [0, 5, 10, 15, 20]);
    fake.add(groupRecord(21, 'wmLate', { msgtype: 'text', text: { content: '晚到的消息' } }));
    const later = await reader.pull(recorder.sink, rest.seq);
    assert.deepEqual({ seq: later.seq, stored: later.stored }, { seq: 21, stored: 1 });
    assert.equal(recorder.events.length, 17);
  });

  test('a sink failure keeps the seq at the last stored batch; pulling again from it loses nothing', async () => {
    const { url } = await sidecar();
    const recorder = recordingSink();
    const reader = createArchiveReader({ sidecarUrl: url, limit: 5 });
    recorder.failNext(1);
    await assert.rejects(reader.pull(recorder.sink, 0), (e: unknown) => e instanceof ArchivePullError && e.committedSeq === 0);
    const r = await reader.pull(recorder.sink, 0);
    assert.equal(r.seq, 20);
    assert.equal(recorder.events.length, 16);
  });

  test('a sidecar error is a PlatformError and moves nothing', async () => {
    const { fake, url } = await sidecar();
    fake.failNext(10001);
    const recorder = recordingSink();
    await assert.rejects(createArchiveReader({ sidecarUrl: url }).pull(recorder.sink, 0), { code: 'archive_error' });
    assert.equal(recorder.events.length, 0);
  });
});
