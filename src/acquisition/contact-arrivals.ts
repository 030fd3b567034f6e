/**
 * A customer who added a staff member through a staff code (渠道活码): WeCom's
 * change_external_contact / add_external_contact callback names the staff member (UserID), the
 * customer (ExternalUserID) and the contact way's State, which a staff code gave each of its staff
 * (staff-codes.ts). The arrival is attributed to that code and staff member once per customer —
 * WeCom calls back again when it is not answered in time, so a duplicate does nothing — it takes
 * the staff member's oldest pending reservation (the visitor the page sent there), and the code's
 * arrival tags (`staffSettings.tags`) are kept on the arrival and on the member when Qunyun knows
 * the customer; on WeCom they are marked through the outbox (`wecom_mark_contact_tags`, its executor
 * registered by contact-tag-executor.ts, imported here), once per arrival. All in one transaction.
 */
import type { Database } from '../db/database.ts';
import { enqueueActions } from '../outbox/outbox.ts';
import { StaffSettings } from './types.ts';
import { MARK_CONTACT_TAGS } from './contact-tag-executor.ts';

export interface ContactAdded {
  /** The staff member's WeCom userid. */
  userId: string;
  externalUserId: string;
  state: string;
  /** Unix seconds. */
  createTime: number;
}

export type ArrivalOutcome = 'recorded' | 'duplicate' | 'not_from_a_code';

export async function recordContactArrival(db: Database, workspaceId: number, accountId: number, c: ContactAdded): Promise<ArrivalOutcome> {
  return db.transaction(async (tx) => {
    const staff = await tx.query<{ code_id: number; staff_user_id: number; source: string; staff_settings: unknown }>(
      `select s.code_id, s.staff_user_id, c.source, c.staff_settings from live_code_staff s
       join live_codes c on c.workspace_id = s.workspace_id and c.id = s.code_id
       where s.workspace_id = $1 and s.contact_state = $2 and s.platform_user_id = $3 and c.kind = 'staff'
       order by s.code_id limit 1`, [workspaceId, c.state, c.userId]);
    const s = staff[0];
    if (!s) return 'not_from_a_code';
    const tags = s.staff_settings ? StaffSettings.parse(s.staff_settings).tags : [];
    const member = await tx.query<{ member_id: number }>(
      'select member_id from member_identities where workspace_id = $1 and account_id = $2 and platform_user_id = $3 limit 1',
      [workspaceId, accountId, c.externalUserId]);
    const memberId = member[0]?.member_id ?? null;
    const arrived = await tx.query<{ id: number }>(
      `insert into code_contact_arrivals (workspace_id, code_id, staff_user_id, account_id, platform_user_id, external_user_id, state, source, tags, member_id, arrived_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, to_timestamp($11))
       on conflict (workspace_id, code_id, external_user_id) do nothing returning id`,
      [workspaceId, s.code_id, s.staff_user_id, accountId, c.userId, c.externalUserId, c.state, s.source, JSON.stringify(tags), memberId, c.createTime]);
    const arrival = arrived[0];
    if (!arrival) return 'duplicate';
    // The visitor the page sent to this staff member: their seat is used (oldest first).
    const taken = await tx.query<{ id: number; source: string }>(
      `update code_reservations set state = 'joined', member_id = $4
       where workspace_id = $1 and id = (
         select id from code_reservations where workspace_id = $1 and code_id = $2 and staff_user_id = $3 and state = 'pending'
         order by created_at, id limit 1 for update skip locked)
       returning id, source`, [workspaceId, s.code_id, s.staff_user_id, memberId]);
    if (taken[0]) {
      await tx.query('update code_contact_arrivals set reservation_id = $3, source = $4 where workspace_id = $1 and id = $2',
        [workspaceId, arrival.id, taken[0].id, taken[0].source]);
    }
    if (tags.length) {
      if (memberId !== null) {
        await tx.query('insert into member_tags (workspace_id, member_id, tag) select $1, $2, unnest($3::text[]) on conflict do nothing', [workspaceId, memberId, tags]);
      }
      await enqueueActions(tx, workspaceId, [{
        key: `contact-tags:${arrival.id}`, kind: MARK_CONTACT_TAGS, accountId, origin: `code:${s.code_id}:arrival:${arrival.id}`,
        payload: { userId: c.userId, externalUserId: c.externalUserId, tags },
      }]);
    }
    return 'recorded';
  });
}
