/**
 * A fake chat-archive sidecar (see archive-reader.ts) on loopback HTTP, serving decrypted records
 * shaped like the samples in WeCom's "获取会话内容" documentation (platforms.md §6): one of each
 * documented type in a group, plus 1:1 records that must be ignored. Test-only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ArchiveRecord } from '../../../src/connectors/wecom/archive-mapping.ts';

export const SAMPLE_ROOM = 'wrjc7bDwYAJfvA6ulyCDJQKu7ScmGcbA';
const T0 = 1_700_000_000_000;

type Body = Omit<ArchiveRecord, 'seq' | 'msgid' | 'msgtime' | 'roomid' | 'action' | 'from' | 'tolist'>;

/** Builds a group record at `seq`; msgids follow the archive's "<n>_<ms>_external" style. */
export function groupRecord(seq: number, from: string, body: Body, extra: Partial<ArchiveRecord> = {}): ArchiveRecord {
  return {
    seq, msgid: `${1000 + seq}_${T0 + seq * 1000}_external`, action: 'send', from, tolist: ['zhangsan', 'wmEAAAxyz'],
    roomid: SAMPLE_ROOM, msgtime: T0 + seq * 1000, ...body, ...extra,
  };
}

const customer = 'wmErxtDgAA9AW32YyyuYRimKr7D1KWlw';

/** One record per documented type, in seq order. */
export function sampleRecords(): ArchiveRecord[] {
  return [
    groupRecord(1, customer, { msgtype: 'text', text: { content: '大家好，我是新来的' } }),
    groupRecord(2, 'zhangsan', { msgtype: 'image', image: { md5sum: '50de8e5ae8ffe4f1df7a93841f71993a', filesize: 70961, sdkfileid: 'CtYBMzA2OTAyMDEwMjA0NjIw' } }),
    groupRecord(3, customer, { msgtype: 'revoke', revoke: { pre_msgid: '1001_1700000001000_external' } }, { action: 'recall' }),
    { seq: 4, msgid: '8891446340739254950_1603875826', action: 'send', from: customer, tolist: ['zhangsan'], roomid: '', msgtime: T0 + 4000, msgtype: 'agree', agree: { userid: customer, agree_time: T0 + 4000 } },
    { seq: 5, msgid: '8891446340739254951_1603875827', action: 'send', from: customer, tolist: ['zhangsan'], roomid: '', msgtime: T0 + 5000, msgtype: 'disagree', disagree: { userid: customer, disagree_time: T0 + 5000 } },
    groupRecord(6, 'zhangsan', { msgtype: 'file', file: { md5sum: '18e93fc2ea884df23b3d2d3b8667b9f0', filename: '课程表.docx', fileext: 'docx', filesize: 18181, sdkfileid: 'E4ODRkZjIzYjEwZTQ' } }),
    groupRecord(7, 'zhangsan', { msgtype: 'link', link: { title: '本周直播预告', description: '周四晚八点', link_url: 'https://example.com/live', image_url: 'https://wework.qpic.cn/wwpic/x/0' } }),
    groupRecord(8, customer, {
      msgtype: 'mixed',
      mixed: { item: [{ type: 'text', content: '{"content":"看这张图"}' }, { type: 'image', content: '{"md5sum":"abc","filesize":1,"sdkfileid":"x"}' }] },
    }),
    groupRecord(9, customer, { msgtype: 'voice', voice: { md5sum: '9db09c7fa627c9e53f17736c786a74d5', voice_size: 6810, play_length: 10, sdkfileid: 'kcyZjZqOXhETGYxajB2Zkp' } }),
    groupRecord(10, customer, { msgtype: 'video', video: { md5sum: 'd06fc80c01d6fbffcca3b229ba41eac6', filesize: 15169724, play_length: 108, sdkfileid: 'Cp5AnRXNGJ5VnRSa1' } }),
    groupRecord(11, customer, { msgtype: 'emotion', emotion: { type: 1, width: 290, height: 290, imagesize: 962604, md5sum: 'b178beba0c5d8dbd0d7d13d8b2f2d9d6', sdkfileid: 'Cu5KKUjJmOD' } }),
    groupRecord(12, customer, { msgtype: 'location', location: { longitude: 113.934, latitude: 22.540, address: '广东省深圳市南山区', title: '腾讯大厦', zoom: 15 } }),
    groupRecord(13, 'zhangsan', { msgtype: 'redpacket', redpacket: { type: 1, wish: '恭喜发财，大吉大利', totalcnt: 10, totalamount: 3000 } }),
    groupRecord(14, 'zhangsan', { msgtype: 'vote', vote: { votetitle: '下次活动去哪', voteitem: ['公园', '书店'], votetype: 101, voteid: '2015399160' } }),
    groupRecord(15, 'zhangsan', { msgtype: 'weapp', weapp: { title: '会员中心', description: '查看积分', username: 'gh_abc@app', displayname: '群运商城' } }),
    groupRecord(16, customer, { msgtype: 'card', card: { corpname: '腾讯', userid: 'wmcard001' } }),
    groupRecord(17, customer, { msgtype: 'chatrecord', chatrecord: { title: '群聊的聊天记录', item: [] } }),
    { seq: 18, msgid: '2001_1700000018000_external', action: 'send', from: 'zhangsan', tolist: [customer], roomid: '', msgtime: T0 + 18_000, msgtype: 'text', text: { content: '私聊不计入群' } },
    { seq: 19, msgid: '2002_1700000019000', action: 'switch', from: 'zhangsan', msgtime: T0 + 19_000, time: T0 + 19_000, user: 'zhangsan' },
    groupRecord(20, customer, { msgtype: 'qydiskfile', qydiskfile: { info: { filename: 'x' } } }),
  ];
}

export interface FakeArchiveSidecar {
  readonly records: ArchiveRecord[];
  readonly requests: Array<{ seq: number; limit: number }>;
  listen(): Promise<string>;
  close(): Promise<void>;
  add(...records: ArchiveRecord[]): void;
  /** The next request answers this errcode (like GetChatData's 10001 network error). */
  failNext(errcode: number): void;
}

export function createFakeArchiveSidecar(records: ArchiveRecord[] = sampleRecords()): FakeArchiveSidecar {
  const all = [...records];
  const requests: FakeArchiveSidecar['requests'] = [];
  const faults: number[] = [];
  let server: Server | undefined;
  return {
    records: all,
    requests,
    add: (...more) => {
      all.push(...more);
    },
    failNext: (errcode) => {
      faults.push(errcode);
    },
    async listen() {
      server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://fake');
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.method !== 'GET' || url.pathname !== '/messages') return send(404, { errcode: 404, errmsg: 'not found' });
        const seq = Number(url.searchParams.get('seq') ?? '0');
        const limit = Number(url.searchParams.get('limit') ?? '100');
        if (!Number.isInteger(seq) || seq < 0 || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
          return send(400, { errcode: 10000, errmsg: 'seq must be >= 0 and limit 1..1000' });
        }
        requests.push({ seq, limit });
        const fault = faults.shift();
        if (fault !== undefined) return send(200, { errcode: fault, errmsg: 'injected fault' });
        const page = all.filter((r) => r.seq > seq).sort((a, b) => a.seq - b.seq).slice(0, limit);
        send(200, { errcode: 0, errmsg: 'ok', chatdata: page });
      });
      await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      const s = server;
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((r) => s.close(() => r()));
    },
  };
}
