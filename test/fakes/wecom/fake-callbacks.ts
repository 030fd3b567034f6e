/**
 * How the fake WeCom calls back: a change_external_chat event as WeCom writes it (platforms.md §2.2),
 * encrypted and signed with WXBizMsgCrypt (crypto.ts), POSTed to the configured URL. Like WeCom it
 * gives up on an attempt after 5 s without an answer or on a non-200 answer, and tries again, three
 * times at most, with the very same request. Test-only.
 */
import { createWecomCrypto, type WecomCrypto } from '../../../src/connectors/wecom/crypto.ts';

export interface ChatChange {
  chatId: string;
  changeType: 'create' | 'update' | 'dismiss';
  updateDetail?: 'add_member' | 'del_member' | 'change_owner' | 'change_name' | 'change_notice';
  /** add_member: 0 invited (directly or by link), 3 scanned a group QR code. */
  joinScene?: 0 | 3;
  /** del_member: 0 left, 1 removed by the owner or an admin. */
  quitScene?: 0 | 1;
  memChangeList?: string[];
  lastMemVer?: string;
  curMemVer?: string;
  createTime: number;
}

export function changeXml(corpId: string, c: ChatChange): string {
  const cdata = (s: string) => `<![CDATA[${s}]]>`;
  let xml = `<xml><ToUserName>${cdata(corpId)}</ToUserName><FromUserName>${cdata('sys')}</FromUserName>`
    + `<CreateTime>${c.createTime}</CreateTime><MsgType>${cdata('event')}</MsgType><Event>${cdata('change_external_chat')}</Event>`
    + `<ChatId>${cdata(c.chatId)}</ChatId><ChangeType>${cdata(c.changeType)}</ChangeType>`;
  if (c.updateDetail) xml += `<UpdateDetail>${cdata(c.updateDetail)}</UpdateDetail>`;
  if (c.updateDetail === 'add_member' || c.updateDetail === 'del_member') {
    xml += `<JoinScene>${c.joinScene ?? 0}</JoinScene><QuitScene>${c.quitScene ?? 0}</QuitScene>`
      + `<MemChangeCnt>${c.memChangeList?.length ?? 0}</MemChangeCnt>`
      + `<MemChangeList>${(c.memChangeList ?? []).map((id) => `<Item>${cdata(id)}</Item>`).join('')}</MemChangeList>`;
  }
  if (c.lastMemVer !== undefined) xml += `<LastMemVer>${c.lastMemVer}</LastMemVer>`;
  if (c.curMemVer !== undefined) xml += `<CurMemVer>${c.curMemVer}</CurMemVer>`;
  return `${xml}</xml>`;
}

/**
 * A customer added a staff member (change_external_contact / add_external_contact, WeCom's
 * 添加企业客户事件): UserID the staff member, ExternalUserID the customer, State the contact way's
 * state when they came through one, WelcomeCode for a 1:1 welcome within 20 seconds.
 */
export function contactAddedXml(corpId: string, c: { userId: string; externalUserId: string; state?: string; welcomeCode?: string; createTime: number }): string {
  const cdata = (s: string) => `<![CDATA[${s}]]>`;
  return `<xml><ToUserName>${cdata(corpId)}</ToUserName><FromUserName>${cdata('sys')}</FromUserName><CreateTime>${c.createTime}</CreateTime>`
    + `<MsgType>${cdata('event')}</MsgType><Event>${cdata('change_external_contact')}</Event><ChangeType>${cdata('add_external_contact')}</ChangeType>`
    + `<UserID>${cdata(c.userId)}</UserID><ExternalUserID>${cdata(c.externalUserId)}</ExternalUserID>`
    + (c.state !== undefined ? `<State>${cdata(c.state)}</State>` : '')
    + (c.welcomeCode !== undefined ? `<WelcomeCode>${cdata(c.welcomeCode)}</WelcomeCode>` : '') + '</xml>';
}

export interface CallbackTarget {
  url: string;
  token: string;
  encodingAesKey: string;
  agentId?: string;
  /** Per-attempt timeout; WeCom's is 5 s. */
  timeoutMs?: number;
  /** Retries after the first attempt; WeCom's is 3. */
  retries?: number;
}

export interface DeliveryAttempt { status: number | 'timeout' | 'network'; body?: string }
export interface Delivery { xml: string; query: Record<string, string>; body: string; attempts: DeliveryAttempt[]; delivered: boolean }

export interface CallbackSender {
  /** Encrypts and delivers one event; resolves once it was answered 200 or all attempts failed. */
  send(plainXml: string): Promise<Delivery>;
  /** Sends exactly this signed request again (a duplicate, or an attacker's replay). */
  resend(delivery: Delivery): Promise<Delivery>;
  readonly crypto: WecomCrypto;
}

export function createCallbackSender(corpId: string, target: CallbackTarget, now: () => number): CallbackSender {
  const crypto = createWecomCrypto({ token: target.token, encodingAesKey: target.encodingAesKey, receiveId: corpId });
  const timeoutMs = target.timeoutMs ?? 5000;
  const retries = target.retries ?? 3;

  async function attempt(query: Record<string, string>, body: string): Promise<DeliveryAttempt> {
    try {
      const res = await fetch(`${target.url}${target.url.includes('?') ? '&' : '?'}${new URLSearchParams(query)}`, {
        method: 'POST', headers: { 'content-type': 'text/xml' }, body, signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: res.status, body: await res.text() };
    } catch (e) {
      return { status: (e as Error).name === 'TimeoutError' ? 'timeout' : 'network' };
    }
  }

  async function deliver(xml: string, query: Record<string, string>, body: string): Promise<Delivery> {
    const attempts: DeliveryAttempt[] = [];
    for (let i = 0; i <= retries; i++) {
      const a = await attempt(query, body);
      attempts.push(a);
      if (a.status === 200) return { xml, query, body, attempts, delivered: true };
    }
    return { xml, query, body, attempts, delivered: false };
  }

  return {
    crypto,
    send(plainXml) {
      const encrypted = crypto.encrypt(plainXml);
      const timestamp = String(Math.floor(now() / 1000));
      const nonce = String(Math.floor(Math.random() * 1e10));
      const query = { msg_signature: crypto.signature(timestamp, nonce, encrypted), timestamp, nonce };
      const body = `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt>`
        + `<AgentID><![CDATA[${target.agentId ?? ''}]]></AgentID></xml>`;
      return deliver(plainXml, query, body);
    },
    resend(delivery) {
      return deliver(delivery.xml, delivery.query, delivery.body);
    },
  };
}
