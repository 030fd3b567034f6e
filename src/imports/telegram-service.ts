/**
 * Telegram export service messages (joins, leaves, creation, renames) to envelope events.
 * Actions that change no membership or name (pins, calls, topics, …) are skipped.
 */
import type { PlatformEventInput } from '../events/envelope.ts';
import type { TelegramNames } from './telegram.ts';

export interface ChatContext { chatId: string; groupId: string; name: string | undefined; type: string | undefined }

export interface ServiceResult { events: PlatformEventInput[]; skipped?: string; error?: string }

const names = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every((n) => typeof n === 'string') ? v as string[] : undefined;

/**
 * `base` is the message's event id; members of a multi-member action get `<base>:<index>`, their
 * place in the action's list, which is stable however the names resolve.
 */
export function serviceEvents(chat: ChatContext, m: Record<string, unknown>, base: string, at: string, directory: TelegramNames): ServiceResult {
  const groupId = chat.groupId;
  const actor = typeof m.actor_id === 'string' && m.actor_id !== '' ? m.actor_id : undefined;
  const actorName = typeof m.actor === 'string' && m.actor !== '' ? m.actor : undefined;
  const action = m.action;
  if (typeof action !== 'string') return { events: [], error: 'expected "action" on a service message' };
  const needActor = (): ServiceResult => ({ events: [], error: `expected "actor_id" on a ${action} service message` });
  const title = typeof m.title === 'string' && m.title !== '' ? m.title.slice(0, 500) : undefined;
  const join = (eventId: string, userId: string, name: string | undefined, via: Record<string, string>): PlatformEventInput =>
    ({ type: 'join', eventId, occurredAt: at, groupId, userId, ...(name ? { name } : {}), via });

  switch (action) {
    case 'create_group': {
      if (!actor) return needActor();
      const listed = names(m.members) ?? [];
      const events: PlatformEventInput[] = [
        { type: 'group_created', eventId: `${base}:created`, occurredAt: at, groupId, name: title ?? chat.name ?? groupId, ownerId: actor },
        join(`${base}:creator`, actor, actorName, { source: 'creator' }),
      ];
      listed.forEach((n, i) => {
        const uid = directory.resolve(n);
        if (uid !== actor) events.push(join(`${base}:${i}`, uid, n, { source: 'invite', inviterId: actor }));
      });
      return { events };
    }
    case 'migrate_from_group':
      // The supergroup's first message: it was created from a basic group of this title.
      return { events: [{ type: 'group_created', eventId: base, occurredAt: at, groupId, name: title ?? chat.name ?? groupId }] };
    case 'edit_group_title':
      if (!title) return { events: [], error: 'expected "title" on an edit_group_title service message' };
      return { events: [{ type: 'group_renamed', eventId: base, occurredAt: at, groupId, name: title }] };
    case 'invite_members': {
      if (!actor) return needActor();
      const listed = names(m.members);
      if (!listed) return { events: [], error: 'expected "members" as an array of names on an invite_members service message' };
      return {
        events: listed.map((n, i) => {
          const uid = directory.resolve(n);
          // Adding oneself is how Telegram records joining a public group.
          const via: Record<string, string> = uid === actor ? { source: 'public' } : { source: 'invite', inviterId: actor };
          return join(`${base}:${i}`, uid, n, via);
        }),
      };
    }
    case 'join_group_by_link': {
      if (!actor) return needActor();
      // The inviter is a display name, often the group's own title for links it made itself.
      const inviter = typeof m.inviter === 'string' ? directory.lookup(m.inviter) : undefined;
      const via: Record<string, string> = { source: 'invite_link', ...(inviter && inviter !== actor ? { inviterId: inviter } : {}) };
      return { events: [join(base, actor, actorName, via)] };
    }
    case 'join_group_by_request':
      if (!actor) return needActor();
      return { events: [join(base, actor, actorName, { source: 'join_request' })] };
    case 'remove_members': {
      if (!actor) return needActor();
      const listed = names(m.members);
      if (!listed) return { events: [], error: 'expected "members" as an array of names on a remove_members service message' };
      return {
        events: listed.map((n, i) => {
          const uid = directory.resolve(n);
          return { type: 'leave', eventId: `${base}:${i}`, occurredAt: at, groupId, userId: uid, reason: uid === actor ? 'left' : 'kicked' };
        }),
      };
    }
    default:
      return { events: [], skipped: `service action ${action}` };
  }
}
