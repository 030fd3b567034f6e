/**
 * Set-up check for a Telegram bot: is the token right, and in which groups does the bot lack the
 * admin rights Qunyun needs?
 *
 * The Bot API has no "list my chats": a bot learns its groups only from my_chat_member updates
 * (being added or removed). So the groups checked are the ones the caller already knows (the
 * connector's knownGroups(), or group ids stored from earlier events) plus any my_chat_member
 * updates still waiting on the server — peeked with getUpdates, which confirms nothing, and only
 * when no webhook is set (getUpdates is refused then).
 */
import { Bot, GrammyError } from 'grammy';
import type { ChatMember, Update } from 'grammy/types';
import { PlatformError } from '../connector.ts';
import { toPlatformError } from './errors.ts';

/** What Qunyun does in a group: moderate (mute, kick), attribute joins (links, requests), clean up, rename. */
export const REQUIRED_RIGHTS = ['can_restrict_members', 'can_invite_users', 'can_delete_messages', 'can_manage_chat'] as const;

export interface TelegramBotCheck {
  bot: { id: string; username: string };
  groups: Array<{ chatId: string; title: string; isAdmin: boolean; missingRights: string[]; error?: string }>;
  notes: string[];
}

export class TelegramSetupError extends Error {}

export interface CheckOptions {
  chatIds?: Array<string | number>;
  /** The outbound guard's fetch when apiRoot is operator-given (account set-up); default grammY's own. */
  fetch?: typeof globalThis.fetch;
}

export async function checkTelegramBot(token: string, apiRoot?: string, options: CheckOptions = {}): Promise<TelegramBotCheck> {
  // grammY refuses a root with a trailing slash; an operator may well type one.
  const root = apiRoot?.replace(/\/+$/, '');
  const api = new Bot(token, { client: { ...(root ? { apiRoot: root } : {}), ...(options.fetch ? { fetch: options.fetch as never } : {}) } }).api;
  let me;
  try {
    me = await api.getMe();
  } catch (e) {
    if (e instanceof GrammyError && e.error_code === 401) {
      throw new TelegramSetupError('401 Unauthorized: the token is wrong (copy it again from @BotFather, it looks like 123456789:AA…)');
    }
    throw toPlatformError(e, 'getMe');
  }
  const notes: string[] = [];
  const chats = new Map<string, string>();
  for (const id of options.chatIds ?? []) chats.set(String(id), '');

  // Some Bot API servers (older local servers, gateways) have no getWebhookInfo: the webhook state
  // is then unknown, which does not stop the account (polling deletes any webhook when it starts).
  let hook: { url?: string } | undefined;
  try {
    hook = await api.getWebhookInfo();
  } catch (e) {
    const pe = toPlatformError(e, 'getWebhookInfo');
    if (!(pe instanceof PlatformError && (pe.status === 404 || /method not found/i.test(pe.message)))) throw pe;
    notes.push('the webhook state is unknown: this Bot API server has no getWebhookInfo. The account can run in polling mode '
      + '(it removes any webhook when it starts); in webhook mode, check on the server that the webhook points to Qunyun');
  }
  if (hook?.url) {
    notes.push('a webhook is set, so updates waiting on the server were not looked at; only the given groups were checked');
  } else {
    // No offset: nothing is confirmed, the connector still receives these updates.
    let updates: Update[] = [];
    try {
      updates = await api.getUpdates({ timeout: 0, limit: 100 });
    } catch (e) {
      notes.push(`pending updates could not be read: ${toPlatformError(e, 'getUpdates').message}`);
    }
    for (const u of updates) {
      const m = u.my_chat_member;
      if (m && (m.chat.type === 'group' || m.chat.type === 'supergroup')) chats.set(String(m.chat.id), m.chat.title ?? '');
    }
  }
  if (chats.size === 0) notes.push('no groups known yet: add the bot to a group as an administrator, then check again');

  const groups: TelegramBotCheck['groups'] = [];
  for (const [chatId, seenTitle] of chats) {
    const id = /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
    try {
      const info = await api.getChat(id);
      const member = await api.getChatMember(id, me.id);
      const isAdmin = member.status === 'administrator' || member.status === 'creator';
      groups.push({ chatId, title: info.title ?? seenTitle, isAdmin, missingRights: missing(member) });
    } catch (e) {
      groups.push({ chatId, title: seenTitle, isAdmin: false, missingRights: [...REQUIRED_RIGHTS], error: toPlatformError(e, 'getChat').message });
    }
  }
  return { bot: { id: String(me.id), username: me.username }, groups, notes };
}

function missing(m: ChatMember): string[] {
  if (m.status === 'creator') return [];
  if (m.status !== 'administrator') return [...REQUIRED_RIGHTS];
  return REQUIRED_RIGHTS.filter((r) => !m[r]);
}
