/**
 * Reads the decrypted XML of a WeCom callback (platforms.md §2.2) into a typed change_external_chat
 * event, or a customer added through a contact way (change_external_contact / add_external_contact). Other callbacks (contacts, tags, app messages) come back as `other` so the connector can
 * acknowledge and ignore them. The XML is trusted only because its signature was checked first.
 */
import { XMLParser } from 'fast-xml-parser';

export interface ExternalChatChange {
  kind: 'change_external_chat';
  chatId: string;
  changeType: 'create' | 'update' | 'dismiss';
  updateDetail: string | undefined;
  joinScene: number | undefined;
  quitScene: number | undefined;
  memChangeList: string[];
  lastMemVer: string | undefined;
  curMemVer: string | undefined;
  /** Unix seconds. */
  createTime: number;
}

/** A change_external_chat whose ChangeType this connector does not know (added by WeCom later): dead-lettered, acknowledged. */
export interface UnknownChatChange { kind: 'unknown_change'; chatId: string; changeType: string; createTime: number; reason: string }

/** change_external_contact / add_external_contact: a customer added a staff member (State: the contact way's). */
export interface ContactAddedEvent {
  kind: 'contact_added';
  userId: string;
  externalUserId: string;
  state: string | undefined;
  welcomeCode: string | undefined;
  createTime: number;
}

export type CallbackEvent =
  | ExternalChatChange
  | ContactAddedEvent
  | UnknownChatChange
  | { kind: 'other'; msgType: string; event: string | undefined; createTime: number };

const parser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  trimValues: true,
  isArray: (name) => name === 'Item',
});

export class CallbackFormatError extends Error {}

export function parseCallbackEvent(xml: string): CallbackEvent {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new CallbackFormatError('callback XML must not declare a DOCTYPE or entities');
  let doc: unknown;
  try {
    doc = parser.parse(xml, true);
  } catch (e) {
    throw new CallbackFormatError(`callback XML does not parse: ${(e as Error).message}`);
  }
  const root = (doc as { xml?: unknown }).xml;
  if (typeof root !== 'object' || root === null) throw new CallbackFormatError('callback XML has no <xml> root');
  const r = root as Record<string, unknown>;
  const text = (k: string) => (typeof r[k] === 'string' && r[k] !== '' ? (r[k] as string) : undefined);
  const int = (k: string) => {
    const v = text(k);
    return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
  };
  const createTime = int('CreateTime');
  if (createTime === undefined) throw new CallbackFormatError('callback XML has no numeric <CreateTime>');
  const msgType = text('MsgType') ?? '';
  const event = text('Event');
  if (msgType === 'event' && event === 'change_external_contact' && text('ChangeType') === 'add_external_contact') {
    const userId = text('UserID');
    const externalUserId = text('ExternalUserID');
    // Without both ids there is nobody to attribute: acknowledged and ignored like other contact events.
    if (userId && externalUserId) return { kind: 'contact_added', userId, externalUserId, state: text('State'), welcomeCode: text('WelcomeCode'), createTime };
  }
  if (msgType !== 'event' || event !== 'change_external_chat') return { kind: 'other', msgType, event, createTime };

  const chatId = text('ChatId');
  if (!chatId) throw new CallbackFormatError('change_external_chat without <ChatId>');
  const changeType = text('ChangeType');
  if (changeType !== 'create' && changeType !== 'update' && changeType !== 'dismiss') {
    return { kind: 'unknown_change', chatId, changeType: changeType ?? '', createTime, reason: `change_external_chat with unknown ChangeType ${JSON.stringify(changeType ?? '')}` };
  }
  const list = r.MemChangeList;
  const items = typeof list === 'object' && list !== null ? (list as { Item?: unknown[] }).Item ?? [] : [];
  return {
    kind: 'change_external_chat',
    chatId,
    changeType,
    updateDetail: text('UpdateDetail'),
    joinScene: int('JoinScene'),
    quitScene: int('QuitScene'),
    memChangeList: items.filter((i): i is string => typeof i === 'string' && i !== ''),
    lastMemVer: text('LastMemVer'),
    curMemVer: text('CurMemVer'),
    createTime,
  };
}
