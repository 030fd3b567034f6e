/**
 * The console shell: antd ConfigProvider (zh_CN / en_US, following the UI language), the router
 * with code-split pages, the session, and the bridge that lets the API client show errors and
 * send a 401 to /login.
 */
import { App as AntApp, ConfigProvider, theme as antdTheme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, useRef } from 'react';
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

// Each page's chunk: the one for the address being opened starts loading at once, alongside the
// session request, instead of after it (see preloadFor below).
const pages = {
  overview: () => import('./pages/Overview.tsx'),
  groups: () => import('./pages/Groups.tsx'),
  group: () => import('./pages/GroupDetail.tsx'),
  members: () => import('./pages/Members.tsx'),
  settings: () => import('./pages/Settings.tsx'),
  moderation: () => import('./pages/Moderation.tsx'),
  automations: () => import('./pages/Automations.tsx'),
  pushes: () => import('./pages/Pushes.tsx'),
  activities: () => import('./pages/Activities.tsx'),
  kols: () => import('./pages/Kols.tsx'),
  review: () => import('./pages/Review.tsx'),
  content: () => import('./pages/Content.tsx'),
  login: () => import('./pages/Login.tsx'),
  codes: () => import('./pages/Codes.tsx'),
  campaigns: () => import('./pages/Campaigns.tsx'),
  code: () => import('./pages/CodeDetail.tsx'),
};
const Overview = lazy(pages.overview);
const Groups = lazy(pages.groups);
const GroupDetail = lazy(pages.group);
const Members = lazy(pages.members);
const Settings = lazy(pages.settings);
const Codes = lazy(pages.codes);
const Campaigns = lazy(pages.campaigns);
const CodeDetail = lazy(pages.code);
const Moderation = lazy(pages.moderation);
const Appeal = lazy(() => import('./pages/Appeal.tsx'));
const Automations = lazy(pages.automations);
const Pushes = lazy(pages.pushes);
const Activities = lazy(pages.activities);
const Kols = lazy(pages.kols);
const Review = lazy(pages.review);
const Content = lazy(pages.content);
const Login = lazy(pages.login);
const Setup = lazy(() => import('./pages/Setup.tsx'));
const InviteAccept = lazy(() => import('./pages/InviteAccept.tsx'));
const NotFound = lazy(() => import('./pages/NotFound.tsx'));

function preloadFor(pathname: string, search: string): void {
  const [first = '', second] = pathname.split('/').filter(Boolean);
  // The page's data too (lib/preload.ts), and the charts' library where the page draws charts.
  preloadData(pathname, search);
  if (first === '' || (first === 'groups' && second)) void loadECharts().catch(() => undefined);
  const load = first === '' ? pages.overview
    : first === 'groups' ? (second ? pages.group : pages.groups)
    : first === 'members' ? pages.members
    : first === 'settings' ? pages.settings
    : first === 'moderation' ? pages.moderation
    : first === 'automations' ? pages.automations
    : first === 'pushes' ? pages.pushes
    : first === 'review' ? pages.review
    : first === 'login' ? pages.login
    : undefined;
  void load?.().catch(() => undefined);
}
preloadFor(location.pathname, location.search);

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
