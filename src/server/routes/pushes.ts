/**
 * Push routes (docs/pushes.md): the content library, pushes (create with targets and channels,
 * list with reach, response and fatigue, one push with its confirmation state per staff member,
 * cancel) and the guard-rail settings. Viewers read; operators write the library and push to their
 * own groups; pushes to layers, tags or segments, guard-rail overrides and settings need an admin.
 * Every change is audited; an override carries its reason into the audit entry.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertGroupsAccess, hasRole, isScopedToAssignedGroups } from '../../auth/access.ts';
import { recordAudit } from '../../audit/record.ts';
import { AppError } from '../../errors.ts';
import { DEFAULT_GUARD, GUARD_RULES, PUSH_CATEGORIES } from '../../pushes/guard.ts';
import { guardSettingsOf, saveGuardSettings } from '../../pushes/guard-store.ts';
import { CHANNELS, targetsMembers } from '../../pushes/pushes.ts';
import {
  cancelPush, createPush, deleteLibraryItem, getPush, listLibrary, listPushes, pushConfirmations, pushReach, pushResponse, saveLibraryItem,
} from '../../pushes/store.ts';
import { actorOf } from '../auth-hooks.ts';
import { errorResponses } from '../errors.ts';
import { text } from '../schemas.ts';
import type { ServerContext } from '../context.ts';

const int = z.number().int();
const time = z.iso.datetime();
const Id = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const Category = z.enum(PUSH_CATEGORIES);
const IdList = z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(20_000);
const Names = z.array(text().min(1).max(100)).max(50);

const Media = z.object({ kind: z.enum(['image', 'link', 'mini_program']), url: z.url().max(2000), title: text().max(200).optional() }).meta({ id: 'PushMedia' });
const LibraryIn = z.object({
  title: text().min(1).max(200), category: Category, body: text().min(1).max(4000),
  media: z.array(Media).max(9).default([]), tags: Names.default([]),
});
const LibraryOut = LibraryIn.extend({
  id: int, createdBy: int.nullable(), authorName: z.string().nullable(), createdAt: time, updatedAt: time,
  media: z.array(Media), tags: z.array(z.string()),
}).meta({ id: 'PushContent' });

const Targets = z.object({
  groups: IdList.optional(), layers: Names.optional(), groupTags: Names.optional(),
  members: IdList.optional(), memberTags: Names.optional(),
  stages: z.array(z.enum(['new', 'active', 'silent'])).max(3).optional(), minTrust: z.number().int().min(0).max(10).optional(),
}).meta({ id: 'PushTargets' });
const Override = z.object({ rules: z.array(z.enum(GUARD_RULES)).min(1).max(4), reason: text().min(3).max(500) }).meta({ id: 'GuardOverride' });
const PushIn = z.object({
  title: text().min(1).max(200), libraryId: z.number().int().positive().max(2_147_483_647).optional(),
  category: Category, body: text().min(1).max(4000), media: z.array(Media).max(9).default([]),
  targets: Targets, channels: z.array(z.enum(CHANNELS)).min(1).max(3),
  scheduledAt: time.optional().describe('default: now'),
  guardOverride: Override.nullable().default(null).describe('guard rules lifted for this push, with the reason (admins; audited)'),
});

const Reach = z.object({
  channel: z.enum(CHANNELS), targets: int, sent: int, awaitingConfirmation: int, queued: int, skipped: int, unsupported: int, failed: int,
  membersReached: int, instead: z.string().nullable(),
}).meta({ id: 'PushReach' });
const Response = z.object({
  responders: int, responseRate: z.number().nullable(), leaves: int, leaveRate: z.number().nullable(),
  mutes: int.nullable().describe('null: the platform does not report mutes'), silenced: int, silenceRate: z.number().nullable(),
}).meta({ id: 'PushResponse' });
const PushOut = z.object({
  id: int, title: z.string(), category: Category, body: z.string(), channels: z.array(z.enum(CHANNELS)), targets: Targets,
  scheduledAt: time, state: z.string(), deliveries: int, guardOverride: Override.nullable(), createdAt: time,
  reach: z.array(Reach), response: Response,
}).meta({ id: 'PushCampaign' });
const Confirmation = z.object({ staffId: int.nullable(), staffName: z.string().nullable(), awaiting: int, confirmed: int }).meta({ id: 'PushConfirmation' });

const Cap = z.object({ name: text().min(1).max(50), categories: z.array(Category).min(1), max: z.number().int().min(0).max(100), days: z.number().int().min(1).max(30) });
const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const GuardIn = z.object({
  caps: z.array(Cap).max(10), quietHours: z.object({ from: Hhmm, to: Hhmm }).nullable(),
  holidayCategories: z.array(Category), activityCategories: z.array(Category),
  activityAvoidWeekdays: z.array(z.number().int().min(0).max(6)).max(7), whenCapped: z.enum(['skip', 'defer']),
}).meta({ id: 'GuardSettings' });

const iso = (d: Date) => new Date(d).toISOString();

export function pushRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api/pushes/library', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['pushes'], summary: 'The content library (topics and templates)',
        querystring: z.object({ category: Category.optional(), tag: text().max(100).optional() }),
        response: { 200: z.object({ items: z.array(LibraryOut) }), ...errorResponses },
      },
    }, async (req) => {
      const items = await listLibrary(ctx.db, actorOf(req).workspaceId, req.query);
      return { items: items.map((i) => ({ ...i, createdAt: iso(i.createdAt), updatedAt: iso(i.updatedAt) })) };
    });

    app.post('/api/pushes/library', {
      config: { minRole: 'operator' },
      schema: { tags: ['pushes'], summary: 'Add content to the library', body: LibraryIn, response: { 200: LibraryOut, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const item = await saveLibraryItem(ctx.db, actor.workspaceId, req.body, actor.userId);
      await recordAudit(ctx.db, actor, { action: 'push.library.create', target: `content:${item.id}`, detail: { value: item.title, category: item.category } });
      return { ...item, createdAt: iso(item.createdAt), updatedAt: iso(item.updatedAt) };
    });

    app.put('/api/pushes/library/:id', {
      config: { minRole: 'operator' },
      schema: { tags: ['pushes'], summary: 'Change content of the library', params: Id, body: LibraryIn, response: { 200: LibraryOut, ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const item = await saveLibraryItem(ctx.db, actor.workspaceId, req.body, actor.userId, req.params.id);
      await recordAudit(ctx.db, actor, { action: 'push.library.update', target: `content:${item.id}`, detail: { value: item.title, category: item.category } });
      return { ...item, createdAt: iso(item.createdAt), updatedAt: iso(item.updatedAt) };
    });

    app.delete('/api/pushes/library/:id', {
      config: { minRole: 'operator' },
      schema: { tags: ['pushes'], summary: 'Remove content from the library', params: Id, response: { 200: z.object({ ok: z.boolean() }), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      await deleteLibraryItem(ctx.db, actor.workspaceId, req.params.id);
      await recordAudit(ctx.db, actor, { action: 'push.library.delete', target: `content:${req.params.id}` });
      return { ok: true };
    });

    app.get('/api/pushes', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['pushes'], summary: 'Pushes, newest first, with reach per channel, response and fatigue',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }),
        response: { 200: z.object({ items: z.array(PushOut), total: int }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const page = await listPushes(ctx.db, actor.workspaceId, req.query);
      const items = [];
      for (const p of page.items) {
        items.push({
          ...p, scheduledAt: iso(p.scheduledAt), createdAt: iso(p.createdAt),
          reach: await pushReach(ctx.db, actor.workspaceId, p.id), response: await pushResponse(ctx.db, actor.workspaceId, p.id),
        });
      }
      return { items, total: page.total };
    });

    app.get('/api/pushes/:id', {
      config: { minRole: 'viewer' },
      schema: {
        tags: ['pushes'], summary: 'One push: reach, response, fatigue and the WeCom confirmation state per staff member', params: Id,
        response: { 200: PushOut.extend({ confirmations: z.array(Confirmation) }), ...errorResponses },
      },
    }, async (req) => {
      const actor = actorOf(req);
      const p = await getPush(ctx.db, actor.workspaceId, req.params.id);
      return {
        ...p, scheduledAt: iso(p.scheduledAt), createdAt: iso(p.createdAt),
        reach: await pushReach(ctx.db, actor.workspaceId, p.id), response: await pushResponse(ctx.db, actor.workspaceId, p.id),
        confirmations: await pushConfirmations(ctx.db, actor.workspaceId, p.id),
      };
    });

    app.post('/api/pushes', {
      config: { minRole: 'operator' },
      schema: { tags: ['pushes'], summary: 'Create and schedule a push: its deliveries are queued in the outbox', body: PushIn, response: { 200: z.object({ id: int, deliveries: int }), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const b = req.body;
      const broad = (b.targets.layers?.length ?? 0) > 0 || (b.targets.groupTags?.length ?? 0) > 0 || targetsMembers(b.targets);
      if ((broad || b.guardOverride) && !hasRole(actor.role, 'admin')) {
        throw new AppError('forbidden', 'pushes to layers, tags or segments and guard-rail overrides need an admin');
      }
      await assertGroupsAccess(ctx.db, actor, b.targets.groups ?? [], { write: true });
      if (isScopedToAssignedGroups(actor) && (b.targets.groups?.length ?? 0) === 0) throw new AppError('bad_request', 'name the groups to push to');
      const created = await createPush(ctx.db, actor.workspaceId, {
        title: b.title, libraryId: b.libraryId, category: b.category, body: b.body, media: b.media, targets: b.targets, channels: b.channels,
        scheduledAt: b.scheduledAt ? new Date(b.scheduledAt) : new Date(), guardOverride: b.guardOverride,
      }, actor.userId);
      await recordAudit(ctx.db, actor, {
        action: 'push.create', target: `push:${created.id}`,
        detail: { value: b.title, category: b.category, deliveries: created.deliveries, ...(b.guardOverride ? { override: b.guardOverride.rules.join(', '), reason: b.guardOverride.reason } : {}) },
      });
      return created;
    });

    app.post('/api/pushes/:id/cancel', {
      config: { minRole: 'operator' },
      schema: { tags: ['pushes'], summary: 'Cancel a push: deliveries not yet sent are skipped', params: Id, body: z.object({}).optional(), response: { 200: z.object({ cancelled: int }), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const p = await getPush(ctx.db, actor.workspaceId, req.params.id);
      if (isScopedToAssignedGroups(actor)) await assertGroupsAccess(ctx.db, actor, p.targets.groups ?? [-1], { write: true });
      const r = await cancelPush(ctx.db, actor.workspaceId, p.id);
      await recordAudit(ctx.db, actor, { action: 'push.cancel', target: `push:${p.id}`, detail: { value: p.title, cancelled: r.cancelled } });
      return r;
    });

    app.get('/api/pushes/guard', {
      config: { minRole: 'viewer' },
      schema: { tags: ['pushes'], summary: 'Guard rails: frequency caps, quiet hours, holidays, activity days', response: { 200: z.object({ settings: GuardIn, defaults: GuardIn, timezone: z.string() }), ...errorResponses } },
    }, async (req) => {
      const g = await guardSettingsOf(ctx.db, actorOf(req).workspaceId);
      return { settings: g.settings, defaults: DEFAULT_GUARD, timezone: g.timezone };
    });

    app.put('/api/pushes/guard', {
      config: { minRole: 'admin' },
      schema: { tags: ['pushes'], summary: 'Change the guard rails (audited, with what changed)', body: GuardIn, response: { 200: z.object({ ok: z.boolean() }), ...errorResponses } },
    }, async (req) => {
      const actor = actorOf(req);
      const before = (await guardSettingsOf(ctx.db, actor.workspaceId)).settings;
      await saveGuardSettings(ctx.db, actor.workspaceId, req.body, actor.userId);
      const changed = (Object.keys(req.body) as Array<keyof typeof req.body>).filter((k) => JSON.stringify(req.body[k]) !== JSON.stringify(before[k]));
      await recordAudit(ctx.db, actor, { action: 'push.guard.update', target: `workspace:${actor.workspaceId}`, detail: { value: changed.join(', ') || 'nothing' } });
      return { ok: true };
    });
  };
}
