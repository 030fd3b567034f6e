/**
 * Settings: the workspace, its staff and invitations, and the audit log (owners and admins; the
 * workspace itself is readable by every role).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../auth/access.ts';
import { listAudit, recordAudit } from '../../audit/record.ts';
import { createInvite, listStaff, removeStaff, setRole } from '../../staff/staff.ts';
import { HealthSettingsPatch, StageSettingsPatch, workspaceSettings } from '../../workspaces/settings.ts';
import { getWorkspace } from '../../workspaces/workspaces.ts';
import { markRecompute, recomputeStatus, sendRecompute } from '../../jobs/recompute.ts';
import { actorOf } from '../auth-hooks.ts';
import { AppError } from '../../errors.ts';
import { errorResponses } from '../errors.ts';
import { pageOf, pageQuery } from '../pagination.ts';
import { queryDay, text } from '../schemas.ts';
import type { ServerContext } from '../context.ts';

const Role = z.enum(ROLES);
const Recompute = z.object({
  state: z.enum(['queued', 'running', 'done', 'failed']), timezone: z.string().describe('the zone the figures are being recomputed in'),
  progress: z.number().min(0).max(1).describe('share of the event log done'), requestedAt: z.iso.datetime(), finishedAt: z.iso.datetime().nullable(),
}).meta({ id: 'RollupRecompute' });
const Workspace = z.object({
  id: z.number().int(), name: z.string(), slug: z.string(), timezone: z.string(),
  recompute: Recompute.nullable().describe('the latest recompute of the figures after a change of time zone, if any'),
}).meta({ id: 'Workspace' });
const Staff = z.object({ id: z.number().int(), email: z.string(), name: z.string(), role: Role, groups: z.number().int() }).meta({ id: 'Staff' });
const Id = z.object({ id: z.coerce.number().int().positive() });

function validZone(tz: string): boolean {
  try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
}

export function settingsRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/workspace', {
      config: { minRole: 'viewer' },
      schema: { tags: ['settings'], summary: 'The current workspace', response: { 200: Workspace, ...errorResponses } },
    }, async (req) => {
      const id = actorOf(req).workspaceId;
      const [workspace, recompute] = await Promise.all([getWorkspace(ctx.db, id), recomputeStatus(ctx.db, id)]);
      return { ...workspace!, recompute };
    });

    app.patch('/api/workspace', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['settings'],
        summary: 'Rename the workspace, change its time zone (the figures are then recomputed in the background: see recompute) or its health and stage thresholds',
        body: z.object({
          name: text().trim().min(1).max(200).optional(),
          timezone: text().refine(validZone, 'not an IANA time zone').optional(),
          health: HealthSettingsPatch.optional(),
          stage: StageSettingsPatch.optional().describe("thresholds of a group's stage (docs/group-stage.md)"),
        }),
        response: { 200: Workspace, ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const { workspace, moved } = await ctx.db.transaction(async (tx) => {
        const settings = await workspaceSettings(tx, actor.workspaceId);
        const health = { ...settings.health, ...(req.body.health ?? {}) };
        const stage = { ...settings.stage, ...(req.body.stage ?? {}) };
        const [before] = await tx.query<{ timezone: string }>('select timezone from workspaces where id = $1 for update', [actor.workspaceId]);
        const rows = await tx.query<Omit<z.infer<typeof Workspace>, 'recompute'>>(
          `update workspaces set name = coalesce($2, name), timezone = coalesce($3, timezone), settings = settings || $4::jsonb
           where id = $1 returning id, name, slug, timezone`,
          [actor.workspaceId, req.body.name ?? null, req.body.timezone ?? null, JSON.stringify({ ...(req.body.health ? { health } : {}), ...(req.body.stage ? { stage } : {}) })]);
        // Days are counted in the zone: a new zone recomputes the past days' figures in the background.
        const moved = req.body.timezone !== undefined && req.body.timezone !== before!.timezone;
        if (moved) await markRecompute(tx, actor.workspaceId, req.body.timezone!);
        await recordAudit(tx, actor, { action: 'workspace.update', target: `workspace:${actor.workspaceId}`, detail: req.body });
        return { workspace: rows[0]!, moved };
      });
      if (moved && ctx.jobs) await sendRecompute(ctx.jobs, actor.workspaceId);
      return { ...workspace, recompute: await recomputeStatus(ctx.db, actor.workspaceId) };
    });

    app.get('/api/staff', {
      config: { minRole: 'admin' },
      schema: { tags: ['settings'], summary: 'Staff of the workspace', querystring: z.object(pageQuery), response: { 200: pageOf(Staff, 'StaffPage'), ...errorResponses } },
    }, async (req) => listStaff(ctx.db, actorOf(req).workspaceId, req.query));

    app.patch('/api/staff/:id', {
      config: { minRole: 'admin' },
      schema: { tags: ['settings'], summary: "Change a staff member's role", params: Id, body: z.object({ role: Role }), response: { 200: Staff, ...errorResponses } },
    }, async (req) => setRole(ctx.db, actorOf(req), req.params.id, req.body.role));

    app.delete('/api/staff/:id', {
      config: { minRole: 'admin' },
      schema: { tags: ['settings'], summary: 'Remove a staff member from the workspace', params: Id, response: { 204: z.null(), ...errorResponses } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      if (req.params.id === actor.userId) throw new AppError('conflict', 'you cannot remove yourself');
      await removeStaff(ctx.db, actor, req.params.id);
      return reply.code(204).send(null);
    });

    app.post('/api/staff/invites', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['settings'], summary: 'Invite someone by link (single use, expires in 7 days)',
        body: z.object({ email: z.string().trim().email(), role: Role }),
        response: { 200: z.object({ url: z.string(), expiresAt: z.iso.datetime() }), ...errorResponses },
      },
    }, async (req) => {
      const { token, expiresAt } = await createInvite(ctx.db, actorOf(req), req.body.email, req.body.role);
      // PUBLIC_URL (else the listen address), never the Host header: a request with a forged Host
      // would otherwise get a link to another site carrying a valid invitation token.
      return { url: `${ctx.publicUrl()}/invite/${encodeURIComponent(token)}`, expiresAt: expiresAt.toISOString() };
    });

    app.get('/api/audit', {
      config: { minRole: 'admin' },
      schema: {
        tags: ['settings'], summary: 'The audit log, newest first',
        querystring: z.object({
          ...pageQuery,
          actorId: z.coerce.number().int().positive().optional(),
          action: text().max(200).optional().describe('prefix of the action, e.g. group.'),
          target: text().max(200).optional().describe('prefix of the target, e.g. group:12'),
          from: queryDay.optional(), to: queryDay.optional(),
        }),
        response: {
          200: pageOf(z.object({
            id: z.number().int(), at: z.iso.datetime(), actor: z.object({ id: z.number().int(), name: z.string() }).nullable(),
            action: z.string(), target: z.string(), detail: z.record(z.string(), z.unknown()).nullable(), ip: z.string().nullable(),
            targetLabel: z.string().nullable().describe('what the target names now (a group, member, user, account… name; a list: up to three names and +N); null when unknown'),
            memberLabel: z.string().nullable().optional().describe('the member a group action (mute, kick, join request) was about, by name'),
            assigneeLabel: z.string().nullable().optional().describe('group.assign: the staff member the groups were assigned to, by name'),
          }), 'AuditPage'),
          ...errorResponses,
        },
      },
    }, async (req) => listAudit(ctx.db, actorOf(req).workspaceId, req.query));
  };
}
