/**
 * The console shell: antd ConfigProvider (zh_CN / en_US, following the UI language), the router
 * with code-split pages, the session, and the bridge that lets the API client show errors and
 * send a 401 to /login.
 */
import { App as AntApp, ConfigProvider, theme as antdTheme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, useRef, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { configureClient } from './api/index.ts';
import { describeError, errorText } from './lib/errors.ts';
import { AppLayout } from './components/AppLayout.tsx';
import { loadECharts } from './components/Chart.tsx';
import { preloadData } from './lib/preload.ts';
import { useAccessibleNames } from './components/a11y.ts';
import { ErrorState, PageSkeleton } from './components/states.tsx';
import { SessionProvider, useSession } from './state/session.tsx';

type PageModule = { default: ComponentType };
/**
 * A page's code: `preload()` starts loading it (once), and its component is React.lazy that
 * resolves at once when the code is already here, so that opening a page whose chunk was loaded
 * ahead (at start-up, or when the address changed: PageGate) renders it directly instead of
 * showing the skeleton, suspending and rendering again.
 */
function page(load: () => Promise<PageModule>) {
  let loaded: PageModule | undefined;
  let pending: Promise<PageModule> | undefined;
  const preload = () => {
    pending ??= load().then((module) => (loaded = module), (error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
  const now = (module: PageModule) => ({ then: (resolve: (m: PageModule) => void) => resolve(module) }) as unknown as Promise<PageModule>;
  return { preload, Component: lazy(() => (loaded ? now(loaded) : preload())) };
}

const pages = {
  overview: page(() => import('./pages/Overview.tsx')),
  groups: page(() => import('./pages/Groups.tsx')),
  group: page(() => import('./pages/GroupDetail.tsx')),
  members: page(() => import('./pages/Members.tsx')),
  settings: page(() => import('./pages/Settings.tsx')),
  moderation: page(() => import('./pages/Moderation.tsx')),
  automations: page(() => import('./pages/Automations.tsx')),
  pushes: page(() => import('./pages/Pushes.tsx')),
  activities: page(() => import('./pages/Activities.tsx')),
  kols: page(() => import('./pages/Kols.tsx')),
  review: page(() => import('./pages/Review.tsx')),
  content: page(() => import('./pages/Content.tsx')),
  login: page(() => import('./pages/Login.tsx')),
  codes: page(() => import('./pages/Codes.tsx')),
  campaigns: page(() => import('./pages/Campaigns.tsx')),
  code: page(() => import('./pages/CodeDetail.tsx')),
  appeal: page(() => import('./pages/Appeal.tsx')),
  setup: page(() => import('./pages/Setup.tsx')),
  invite: page(() => import('./pages/InviteAccept.tsx')),
  notFound: page(() => import('./pages/NotFound.tsx')),
};
const Overview = pages.overview.Component;
const Groups = pages.groups.Component;
const GroupDetail = pages.group.Component;
const Members = pages.members.Component;
const Settings = pages.settings.Component;
const Codes = pages.codes.Component;
const Campaigns = pages.campaigns.Component;
const CodeDetail = pages.code.Component;
const Moderation = pages.moderation.Component;
const Appeal = pages.appeal.Component;
const Automations = pages.automations.Component;
const Pushes = pages.pushes.Component;
const Activities = pages.activities.Component;
const Kols = pages.kols.Component;
const Review = pages.review.Component;
const Content = pages.content.Component;
const Login = pages.login.Component;
const Setup = pages.setup.Component;
const InviteAccept = pages.invite.Component;
const NotFound = pages.notFound.Component;

/** Which page an address shows (the routes below), for loading its code ahead. */
function pageFor(pathname: string): keyof typeof pages {
  const [first = '', second] = pathname.split('/').filter(Boolean);
  switch (first) {
    case '': return 'overview';
    case 'groups': return second ? 'group' : 'groups';
    case 'members': case 'settings': case 'moderation': case 'automations': case 'pushes': case 'activities':
    case 'kols': case 'review': case 'content': case 'login': case 'setup': case 'campaigns':
      return first;
    case 'codes': return second && second !== 'tab' ? 'code' : 'codes';
    case 'invite': return 'invite';
    case 'appeal': return 'appeal';
    default: return 'notFound';
  }
}

/** Moves between addresses with the same key stay on one page (a detail page: one per id). */
function pageKey(pathname: string): string {
  const which = pageFor(pathname);
  return which === 'group' || which === 'code' ? `${which}:${pathname}` : which;
}

/**
 * Everything the page at this address needs, started at once and side by side: its code, its
 * data GETs (lib/preload.ts; the session too at start-up) and ECharts where it draws charts.
 * Answers when the code and the data are here.
 */
function preloadFor(pathname: string, search: string, startUp: boolean): Promise<unknown> {
  const which = pageFor(pathname);
  const data = preloadData(pathname, search, startUp);
  if (which === 'overview' || which === 'group') void loadECharts().catch(() => undefined);
  return Promise.all([pages[which].preload().catch(() => undefined), data]);
}

const atMost = (promise: Promise<unknown>, ms: number) => Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);

/**
 * The current page's code and data, asked for at start-up; main.tsx renders when they are here
 * (or after at most a second), so that the first render is the page with its data rather than a
 * skeleton, a second render once the chunk arrives (which React holds back up to 300 ms after a
 * Suspense fallback) and a third once the data does.
 */
// early.ts (a script of its own, `async`) sends nothing once this has run: api/client.ts took over
// its requests if it ran before, and they are asked for here otherwise.
(window as { qyConsoleStarted?: boolean }).qyConsoleStarted = true;
export const pageReady: Promise<unknown> = atMost(preloadFor(location.pathname, location.search, true), 1000);

let move: { location: string; page: string } = { location: '', page: pageKey(location.pathname) };

/**
 * Moves inside the console (a link, back/forward) to another page: its code and data are asked
 * for together during the render that changes the address, before the page's component asks for
 * them one after the other; the page renders at once and takes the answers as they come. Moves
 * within a page (filters, the member drawer) are left to the page. (Waiting here for the data, with
 * `use`, inside the router's transition was tried: the old page stayed, the new one rendered once,
 * but the transition's time-sliced render made moves slower on this loaded 2-core machine:
 * docs/console-speed.md.)
 */
function PageGate() {
  const { key, pathname, search } = useLocation();
  if (move.location !== key) {
    const page = pageKey(pathname);
    if (move.location && page !== move.page) void preloadFor(pathname, search, false);
    move = { location: key, page };
  }
  return null;
}

const PUBLIC_PATHS = ['/login', '/setup', '/invite/', '/appeal/'];

function ClientBridge() {
  const { message, notification } = AntApp.useApp();
  const navigate = useNavigate();
  const { clear, session } = useSession();
  const { t, i18n } = useTranslation();
  // Pages load alongside the session: a 401 before any session was known is no expiry to announce.
  const hadSession = useRef(false);
  useAccessibleNames();
  if (session) hadSession.current = true;

  useEffect(() => {
    configureClient({
      language: i18n.language,
      notify: (error) => {
        // In the console's language (src/lib/errors.ts), never the server's English message.
        if (error.status === 403) notification.warning({ title: t('error.forbidden'), description: describeError(error).title, key: 'forbidden' });
        else if (error.status === 429) message.warning(t('error.rateLimited', { seconds: error.retryAfterSeconds ?? 60 }));
        else if (error.status === 0) notification.error({ title: t('state.offlineTitle'), description: describeError(error).title, key: 'offline' });
        else message.error(errorText(error));
      },
      unauthorized: () => {
        const here = location.pathname + location.search;
        clear();
        if (PUBLIC_PATHS.some((p) => location.pathname.startsWith(p))) return;
        if (hadSession.current) message.info({ content: t('login.sessionExpired'), key: 'session-expired' });
        navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
      },
    });
  }, [message, notification, navigate, clear, t, i18n.language]);
  return null;
}

function RequireSession() {
  const { status, session, error, refresh } = useSession();
  const location = useLocation();
  if (status === 'error' && error) {
    return (
      <div className="qy-center">
        <ErrorState error={error} onRetry={() => void refresh()} />
      </div>
    );
  }
  if (status !== 'loading' && !session) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  // While the session loads, the layout and the page render already: the page's data requests go
  // out alongside the session request instead of after it (a 401 still leads to /login).
  return <AppLayout />;
}

export function App() {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return (
    <ConfigProvider
      locale={english ? enUS : zhCN}
      theme={{
        algorithm: antdTheme.defaultAlgorithm,
        zeroRuntime: true,
        // Secondary, description and placeholder text, links and danger darkened to WCAG AA (≥ 4.5:1 on white and on the page background).
        token: { colorLink: '#0958d9', colorError: '#cf1322', colorTextSecondary: 'rgba(0, 0, 0, 0.65)', colorTextTertiary: 'rgba(0, 0, 0, 0.6)', colorTextDescription: 'rgba(0, 0, 0, 0.6)', colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)', colorPrimary: '#1668dc', borderRadius: 8, fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif" },
        components: { Layout: { headerBg: '#ffffff', siderBg: '#0f1b2d', headerPadding: '0 20px' }, Menu: { darkItemBg: '#0f1b2d' } },
      }}
    >
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <ClientBridge />
            <Suspense fallback={<PageSkeleton />}>
              <PageGate />
              <Routes>
                <Route path="/login" element={<Login />} />
                <Route path="/setup" element={<Setup />} />
                <Route path="/invite/:token" element={<InviteAccept />} />
                <Route path="/appeal/:token" element={<Appeal />} />
                <Route element={<RequireSession />}>
                  <Route index element={<Overview />} />
                  <Route path="groups" element={<Groups />} />
                  <Route path="groups/:id" element={<GroupDetail />} />
                  <Route path="members" element={<Members />} />
                  <Route path="members/:id" element={<Members />} />
                  <Route path="codes" element={<Codes />} />
                  <Route path="codes/tab/:tab" element={<Codes />} />
                  <Route path="codes/:id" element={<CodeDetail />} />
                  <Route path="campaigns" element={<Campaigns />} />
                  <Route path="campaigns/:id" element={<Campaigns />} />
                  <Route path="moderation" element={<Moderation />} />
                  <Route path="moderation/:tab" element={<Moderation />} />
                  <Route path="activities" element={<Activities />} />
                  <Route path="activities/:tab" element={<Activities />} />
                  <Route path="kols" element={<Kols />} />
                  <Route path="review" element={<Review />} />
                  <Route path="review/:tab" element={<Review />} />
                  <Route path="content" element={<Content />} />
                  <Route path="content/:tab" element={<Content />} />
                  <Route path="settings" element={<Settings />} />
                  <Route path="settings/:tab" element={<Settings />} />
                  <Route path="automations" element={<Automations />} />
                  <Route path="automations/:tab" element={<Automations />} />
                  <Route path="pushes" element={<Pushes />} />
                  <Route path="pushes/:tab" element={<Pushes />} />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </Suspense>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
