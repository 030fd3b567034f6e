/**
 * A push as plain data and what it turns into: one outbox action per target and channel, each
 * with a key unique to push × target × channel, so that enqueueing again (a retried request, a
 * second process) delivers nothing twice. `payload.category` makes the dispatcher's guard rails
 * (guard-store.ts) count and judge every delivery. No SQL here: store.ts resolves the targets.
 */
import type { OutboxAction } from '../outbox/outbox.ts';
import { renderTemplate } from '../automation/plan.ts';
import type { GuardRule, PushCategory } from './guard.ts';

export const CHANNELS = ['group_post', 'private_message', 'announcement'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Media { kind: 'image' | 'link' | 'mini_program'; url: string; title?: string | undefined }

/** Who a push goes to: groups (explicit, by layer or tag) and members (explicit or a segment). */
export interface PushTargets {
  groups?: number[] | undefined;
  layers?: string[] | undefined;
  groupTags?: string[] | undefined;
  members?: number[] | undefined;
  memberTags?: string[] | undefined;
  stages?: Array<'new' | 'active' | 'silent'> | undefined;
  minTrust?: number | undefined;
}

export interface PushPlan {
  id: number;
  category: PushCategory;
  body: string;
  media: Media[];
  channels: Channel[];
  scheduledAt: Date;
  guardOverride: { rules: GuardRule[]; reason: string } | null;
  /** Unique keys `<keyPrefix>:g<group>` / `:m<member>` instead of `push:<id>:<channel>:…` (a calendar entry's, delivered once whatever push carries it). */
  keyPrefix?: string | undefined;
}

export interface TargetGroup { id: number; name: string }
export interface TargetMember { id: number; name: string; groupId: number; groupName: string }

/** Whether the targets name members (a segment or 1:1) rather than only groups. */
export function targetsMembers(t: PushTargets): boolean {
  return (t.members?.length ?? 0) > 0 || (t.memberTags?.length ?? 0) > 0 || (t.stages?.length ?? 0) > 0 || t.minTrust !== undefined;
}

/** The text of a push for one target: the template filled in, then its media as lines. */
export function renderPush(body: string, media: readonly Media[], vars: { name?: string; group?: string }): string {
  const text = renderTemplate(body, vars);
  const lines = media.map((m) => `${m.title ? `${m.title}: ` : ''}${m.url}`);
  return [text, ...lines].join('\n');
}

export const pushOrigin = (id: number) => `push:${id}`;

/** The outbox actions of a push: group channels into each target group, private messages to each target member. */
export function planDeliveries(p: PushPlan, groups: readonly TargetGroup[], members: readonly TargetMember[]): OutboxAction[] {
  const base = {
    category: p.category, pushId: p.id,
    ...(p.guardOverride ? { guardOverride: p.guardOverride } : {}),
  };
  const out: OutboxAction[] = [];
  const origin = pushOrigin(p.id);
  for (const channel of p.channels) {
    if (channel === 'private_message') {
      for (const m of members) {
        out.push({
          key: p.keyPrefix ? `${p.keyPrefix}:m${m.id}` : `push:${p.id}:private_message:m${m.id}`, kind: 'private_message', groupId: m.groupId, memberId: m.id, origin, notBefore: p.scheduledAt,
          payload: { ...base, text: renderPush(p.body, p.media, { name: m.name, group: m.groupName }) },
        });
      }
    } else {
      for (const g of groups) {
        out.push({
          key: p.keyPrefix ? `${p.keyPrefix}:${channel === 'group_post' ? '' : `${channel}:`}g${g.id}` : `push:${p.id}:${channel}:g${g.id}`, kind: channel === 'group_post' ? 'post' : 'announcement', groupId: g.id, origin, notBefore: p.scheduledAt,
          payload: { ...base, text: renderPush(p.body, p.media, { group: g.name, name: '' }) },
        });
      }
    }
  }
  return out;
}

/** Figures of one channel of a push. */
export interface ChannelReach {
  channel: Channel;
  targets: number;
  sent: number;
  awaitingConfirmation: number;
  queued: number;
  skipped: number;
  unsupported: number;
  failed: number;
  /** Members the channel reached: members of the groups posted into, or members messaged. */
  membersReached: number;
  /** What the platform cannot do and what to do by hand (unsupported deliveries). */
  instead: string | null;
}

export const channelOfKind = (kind: string): Channel => kind === 'post' ? 'group_post' : kind === 'announcement' ? 'announcement' : 'private_message';

/** Response and fatigue: share of reached members who replied or reacted, and what followed the push. */
export interface PushResponse {
  /** Distinct members writing or reacting in a target group within the response window. */
  responders: number;
  responseRate: number | null;
  /** Leaves in the target groups within the fatigue window after the push. */
  leaves: number;
  leaveRate: number | null;
  /** Mutes of the chat by members: null when no platform reports them (Telegram and WeCom do not). */
  mutes: number | null;
  /** Of the members who wrote in the week before, the share who did not write in the silence window after. */
  silenced: number;
  silenceRate: number | null;
}

export const rate = (n: number, of: number): number | null => of > 0 ? n / of : null;
