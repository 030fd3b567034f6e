/**
 * The staff behind a staff code (渠道活码): each gets a WeCom contact way (「联系我」 QR code,
 * externalcontact/add_contact_way) of their own, whose `state` names the code's source, so the
 * page can hand the chosen staff member's QR code to the newcomer. Only WeCom has contact ways;
 * staff added without a WeCom account are shown by name on the page.
 */
import { joinWayState } from '../actions/join-way-state.ts';
import { onPlatform } from '../actions/errors.ts';
import type { Connector } from '../connectors/connector.ts';
import type { WecomConnector } from '../connectors/wecom/wecom-connector.ts';
import type { Queryable } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { CodeRow } from './codes.ts';

export interface StaffInput { staffUserId: number; platformUserId: string; dailyCap: number; backup: boolean; accountId?: number | undefined }

function isWecom(c: Connector | undefined): c is WecomConnector {
  return c?.platform === 'wecom' && 'client' in c;
}

export async function addStaffToCode(db: Queryable, connectorOf: (accountId: number) => Connector | undefined, code: CodeRow, input: StaffInput): Promise<void> {
  if (code.kind !== 'staff') throw new AppError('bad_request', 'a group code routes to groups, not staff');
  const staff = await db.query('select 1 from workspace_staff where workspace_id = $1 and user_id = $2', [code.workspaceId, input.staffUserId]);
  if (!staff.length) throw new AppError('not_found', `user ${input.staffUserId} is not staff of this workspace`);
  let contact: { url: string; configId: string; state: string } | null = null;
  if (input.accountId !== undefined) {
    const connector = connectorOf(input.accountId);
    const owned = await db.query('select 1 from platform_accounts where workspace_id = $1 and id = $2', [code.workspaceId, input.accountId]);
    if (!owned.length) throw new AppError('not_found', `no platform account ${input.accountId}`);
    if (!isWecom(connector)) throw new AppError('bad_request', 'contact ways (联系我) exist only on a connected WeCom account');
    const state = joinWayState(code.source.slice(0, 23));
    const way = await onPlatform(() => connector.client.addContactWay({ type: 1, scene: 2, skip_verify: true, state, user: [input.platformUserId], remark: code.name.slice(0, 30) }));
    contact = { url: way.qrCode, configId: way.configId, state };
  }
  await db.query(
    `insert into live_code_staff (workspace_id, code_id, staff_user_id, platform_user_id, daily_cap, backup, position, contact_url, contact_config_id, contact_state)
     values ($1, $2, $3, $4, $5, $6, coalesce((select max(position) + 1 from live_code_staff where workspace_id = $1 and code_id = $2), 1), $7, $8, $9)
     on conflict (workspace_id, code_id, staff_user_id) do update set platform_user_id = excluded.platform_user_id, daily_cap = excluded.daily_cap,
       backup = excluded.backup, contact_url = coalesce(excluded.contact_url, live_code_staff.contact_url),
       contact_config_id = coalesce(excluded.contact_config_id, live_code_staff.contact_config_id), contact_state = coalesce(excluded.contact_state, live_code_staff.contact_state)`,
    [code.workspaceId, code.id, input.staffUserId, input.platformUserId, input.dailyCap, input.backup, contact?.url ?? null, contact?.configId ?? null, contact?.state ?? null]);
}
