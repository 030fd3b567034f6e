/** The values in use in a workspace, for the console's filter selects and bulk-action pickers. */
import type { Queryable } from '../db/database.ts';
import { groupScopeSql, type Actor } from '../auth/access.ts';

export interface Facets { purposes: string[]; layers: string[]; groupTags: string[]; memberTags: string[]; operators: Array<{ id: number; name: string }> }

export async function getFacets(db: Queryable, actor: Actor): Promise<Facets> {
  const params: unknown[] = [];
  const scope = groupScopeSql(actor, 'g', params);
  const rows = await db.query<{ purposes: string[] | null; layers: string[] | null; groupTags: string[] | null; memberTags: string[] | null; operators: Array<{ id: number; name: string }> | null }>(
    `select (select array_agg(distinct g.purpose order by g.purpose) from groups g where ${scope}) as purposes,
            (select array_agg(distinct g.layer order by g.layer) from groups g where ${scope}) as layers,
            (select array_agg(distinct t.tag order by t.tag) from group_tags t join groups g on g.workspace_id = t.workspace_id and g.id = t.group_id where ${scope}) as "groupTags",
            (select array_agg(distinct tag order by tag) from member_tags where workspace_id = $1) as "memberTags",
            (select json_agg(json_build_object('id', u.id, 'name', u.name) order by u.name, u.id) from workspace_staff s join users u on u.id = s.user_id
              where s.workspace_id = $1 and s.role in ('owner', 'admin', 'operator')) as operators`, params);
  const r = rows[0]!;
  return { purposes: r.purposes ?? [], layers: r.layers ?? [], groupTags: r.groupTags ?? [], memberTags: r.memberTags ?? [], operators: r.operators ?? [] };
}
