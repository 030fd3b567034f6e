/**
 * The outbox kind that marks a staff code's arrival tags on the WeCom customer who added a staff
 * member (contact-arrivals.ts): tag names are looked up in the corp's tag library
 * (externalcontact/get_corp_tag_list), the missing ones created in a "Qunyun" tag group
 * (add_corp_tag), then put on the customer (externalcontact/mark_tag). Marking the same tags again
 * changes nothing on WeCom, so a retried action is harmless.
 */
import type { WecomConnector } from '../connectors/wecom/wecom-connector.ts';
import { AppError } from '../errors.ts';
import { registerExecutor } from '../outbox/executors.ts';

export const MARK_CONTACT_TAGS = 'wecom_mark_contact_tags';
const TAG_GROUP = 'Qunyun';

registerExecutor(MARK_CONTACT_TAGS, async (ctx) => {
  const connector = ctx.connector();
  if (connector.platform !== 'wecom' || !('client' in connector)) throw new AppError('bad_request', 'contact tags are marked on WeCom only');
  const { client } = connector as WecomConnector;
  const p = ctx.action.payload;
  const names = Array.isArray(p['tags']) ? (p['tags'] as unknown[]).filter((t): t is string => typeof t === 'string') : [];
  if (typeof p['userId'] !== 'string' || typeof p['externalUserId'] !== 'string' || !names.length) {
    throw new AppError('bad_request', `outbox action ${ctx.action.key}: payload needs userId, externalUserId and tags`);
  }
  const library = await client.getCorpTagList();
  const ids = new Map<string, string>();
  for (const g of library) for (const t of g.tag) if (!ids.has(t.name)) ids.set(t.name, t.id);
  const missing = names.filter((n) => !ids.has(n));
  if (missing.length) {
    const group = library.find((g) => g.group_name === TAG_GROUP);
    const added = await client.addCorpTag({ ...(group ? { group_id: group.group_id } : { group_name: TAG_GROUP }), tag: missing.map((name) => ({ name })) });
    for (const t of added.tag) ids.set(t.name, t.id);
  }
  await client.markTag({ userid: p['userId'], external_userid: p['externalUserId'], add_tag: names.map((n) => ids.get(n)!).filter(Boolean) });
  return {};
});
