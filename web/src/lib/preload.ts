/**
 * What the page being opened will ask for, asked at start-up (and, without the session, when the
 * console moves to another page): its code chunk (and ECharts where it
 * draws charts) and its data GETs, sent alongside the session request instead of after the page's
 * first render (api/client.ts `prefetch`: the page's own GET takes the answer). The addresses are
 * built by the same functions the pages use (lib/range.ts), so they match exactly. At start-up it
 * first runs from early.ts, a small script of its own (this module, the API client, lib/range.ts and
 * dayjs), which the browser runs before the stylesheet and the console's code (React, antd: a
 * megabyte) are parsed and run; App.tsx's call then finds the requests already sent.
 */
import { activitiesApi, facetsApi, groupActionsApi, groupsApi, membersApi, overviewApi, sessionApi, settingsApi } from '../api/index.ts';
import { notAwaited, prefetch } from '../api/client.ts';
import { groupsFromParams, lastDays, membersFromParams, rangeFromParams, rangeQuery } from './range.ts';

/** Answers when the GETs the page shows first have answered (filter options are not waited for). */
export function preloadData(pathname: string, search: string, withSession = true): Promise<unknown> {
  const params = new URLSearchParams(search);
  const [first = '', second] = pathname.split('/').filter(Boolean);
  const id = Number(second);
  return prefetch(() => {
    if (first === 'login' || first === 'setup' || first === 'invite') return;
    if (withSession) void sessionApi.current();
    if (first === '') void overviewApi.get(rangeQuery(rangeFromParams(params)));
    else if (first === 'groups' && !second) {
      void groupsApi.list(groupsFromParams(params).query);
      notAwaited(() => void facetsApi.get());
    } else if (first === 'groups' && Number.isInteger(id) && id > 0) {
      void groupsApi.get(id, rangeQuery(lastDays(30)));
      void groupsApi.members(id, { limit: 20, offset: 0 });
      notAwaited(() => {
        void groupsApi.joinRequests(id);
        void groupActionsApi.pushes(id, { limit: 20 });
      });
    } else if (first === 'members') {
      void membersApi.list(membersFromParams(params).query);
      notAwaited(() => {
        void facetsApi.get();
        void groupsApi.list({ q: undefined, limit: 20, sort: 'name', order: 'asc' });
      });
      if (Number.isInteger(id) && id > 0) {
        void membersApi.get(id);
        // The profile's trust and linked-people panels: asked with the profile, not after it renders.
        notAwaited(() => {
          void activitiesApi.trust(id);
          void membersApi.links(id);
        });
      }
    } else if (first === 'settings') {
      if (!second) void settingsApi.workspace();
      else if (second === 'staff') void settingsApi.staff({ limit: 50, offset: 0 });
      else if (second === 'accounts') void settingsApi.accounts({ limit: 200 });
      else if (second === 'audit') {
        notAwaited(() => void settingsApi.staff({ limit: 200 }));
        void settingsApi.audit({ limit: 50, offset: 0 });
      }
    }
  });
}
