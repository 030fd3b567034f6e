/**
 * Side menu (one list of pages, grouped as the operator's work goes: 拉新, 运营, 复盘), header with the
 * workspace, language switch and user menu. On a phone (responsive.ts) the side menu gives way to a
 * bottom navigation (概览, 群组, 成员 and 更多, a drawer with every other page), the header keeps only
 * what fits, and tables show their rows as labelled cards (styles.css, .qy-phone).
 */
import { AppstoreOutlined, CalendarOutlined, CrownOutlined, DashboardOutlined, DownOutlined, FundOutlined, GiftOutlined, LogoutOutlined, QrcodeOutlined, SafetyOutlined, SendOutlined, SettingOutlined, ShareAltOutlined, SwapOutlined, TeamOutlined, ThunderboltOutlined, UserOutlined, WechatOutlined } from '@ant-design/icons';
import { App as AntApp, Avatar, Button, Drawer, Dropdown, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import { Suspense, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { sessionApi } from '../api/index.ts';
import { useSession } from '../state/session.tsx';
import { LanguageSwitch } from './bits.tsx';
import { PageSkeleton } from './states.tsx';
import { usePhone, useTableCellLabels } from './responsive.ts';

type NavKey = 'overview' | 'groups' | 'members' | 'codes' | 'campaigns' | 'moderation' | 'automations' | 'activities' | 'content' | 'pushes' | 'kols' | 'review' | 'settings';
interface NavItem { key: NavKey; to: string; icon: ReactNode }
interface NavSection { key: 'main' | 'acquire' | 'operate' | 'review'; items: NavItem[] }

export function AppLayout() {
  const { t } = useTranslation();
  const { session, refresh, clear } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [collapsed, setCollapsed] = useState(false);
  const phone = usePhone();
  const content = useRef<HTMLElement>(null);
  useTableCellLabels(content, phone);

  const section = location.pathname.split('/')[1] || 'overview';
  const current = section === '' ? 'overview' : section;
  // One list for both navigations, in the order of the operator's work (product.md's lifecycle).
  const sections: NavSection[] = [
    { key: 'main', items: [
      { key: 'overview', to: '/', icon: <DashboardOutlined /> },
      { key: 'groups', to: '/groups', icon: <WechatOutlined /> },
      { key: 'members', to: '/members', icon: <TeamOutlined /> },
    ] },
    { key: 'acquire', items: [
      { key: 'codes', to: '/codes', icon: <QrcodeOutlined /> },
      { key: 'campaigns', to: '/campaigns', icon: <ShareAltOutlined /> },
    ] },
    { key: 'operate', items: [
      { key: 'moderation', to: '/moderation', icon: <SafetyOutlined /> },
      { key: 'automations', to: '/automations', icon: <ThunderboltOutlined /> },
      { key: 'activities', to: '/activities', icon: <GiftOutlined /> },
      { key: 'content', to: '/content', icon: <CalendarOutlined /> },
      { key: 'pushes', to: '/pushes', icon: <SendOutlined /> },
      { key: 'kols', to: '/kols', icon: <CrownOutlined /> },
    ] },
    { key: 'review', items: [
      { key: 'review', to: '/review', icon: <FundOutlined /> },
      { key: 'settings', to: '/settings', icon: <SettingOutlined /> },
    ] },
  ];
  const link = (item: NavItem) => <Link to={item.to} data-testid={`nav-${item.key}`}>{t(`nav.${item.key}`)}</Link>;
  const items: MenuProps['items'] = sections.map((s) => ({
    type: 'group' as const,
    key: `section-${s.key}`,
    label: s.key === 'main' || collapsed ? undefined : t(`navSection.${s.key}`),
    children: s.items.map((i) => ({ key: i.key, icon: i.icon, label: link(i) })),
  }));
  // On a phone: the three pages used most, and 更多 with every other page in a drawer.
  const tabs = sections[0]!.items;
  const more = sections.slice(1);
  const [moreOpen, setMoreOpen] = useState(false);
  const inMore = !tabs.some((i) => i.key === current);

  const logout = async () => {
    try {
      await sessionApi.logout();
    } finally {
      clear();
      navigate('/login', { replace: true });
    }
  };

  const switchTo = async (workspaceId: number) => {
    await sessionApi.switchWorkspace(workspaceId);
    await refresh();
    message.success(t('header.switched'));
    navigate('/');
  };

  // Rendered while the session is still loading (RequireSession), so that the page asks for its
  // data at the same time: the header fills in when the session arrives; the page stays mounted.
  const otherWorkspaces = session ? session.workspaces.filter((w) => w.id !== session.workspace.id) : [];

  return (
    <Layout className={`qy-shell${phone ? ' qy-phone' : ''}`}>
      {!phone && (
      <Layout.Sider breakpoint="lg" collapsible collapsed={collapsed} onCollapse={setCollapsed} collapsedWidth={64} width={208} theme="dark" className="qy-sider">
        <Link to="/" className="qy-logo">
          <span className="qy-logo-mark" aria-hidden="true">群</span>
          <span className={collapsed ? 'qy-sr-only' : 'qy-logo-text'}>{t('app.name')}</span>
        </Link>
        <Menu theme="dark" mode="inline" selectedKeys={[current]} items={items} />
      </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="qy-header">
          {!session ? (
            <span className="qy-workspace" />
          ) : otherWorkspaces.length > 0 ? (
            <Dropdown
              menu={{
                items: otherWorkspaces.map((w) => ({ key: String(w.id), icon: <SwapOutlined />, label: w.name })),
                onClick: ({ key }) => void switchTo(Number(key)),
              }}
            >
              <Button type="text" className="qy-workspace" data-testid="workspace-name">
                {session.workspace.name} <DownOutlined />
              </Button>
            </Dropdown>
          ) : (
            <Typography.Text strong className="qy-workspace" data-testid="workspace-name">
              {session.workspace.name}
            </Typography.Text>
          )}
          <Space size={4}>
            <LanguageSwitch />
            {session && (
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'who', disabled: true, label: <span className="qy-muted">{session.user.email}</span> },
                  { type: 'divider' },
                  { key: 'account', icon: <UserOutlined />, label: <span data-testid="my-account">{t('account.tab')}</span> },
                  { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('header.logout')}</span>, danger: true },
                ],
                onClick: ({ key }) => {
                  if (key === 'logout') void logout();
                  if (key === 'account') navigate('/settings/me');
                },
              }}
            >
              <Button type="text" data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} />
                <span className="qy-user-name">{session.user.name}</span>
                <Tag className="qy-role-tag" data-testid="user-role">{t(`role.${session.role}`)}</Tag>
              </Button>
            </Dropdown>
            )}
          </Space>
        </Layout.Header>
        <Layout.Content className="qy-content" ref={content}>
          <Suspense fallback={<PageSkeleton />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
        {phone && (
          <nav className="qy-bottom-nav" aria-label={t('platform.navigation')}>
            {tabs.map((item) => (
              <Link key={item.key} to={item.to} data-testid={`nav-${item.key}`} aria-current={current === item.key ? 'page' : undefined} className={current === item.key ? 'qy-bottom-nav-current' : undefined}>
                {item.icon}
                <span>{t(`nav.${item.key}`)}</span>
              </Link>
            ))}
            <button type="button" data-testid="nav-more" aria-expanded={moreOpen} aria-haspopup="dialog" className={inMore ? 'qy-bottom-nav-current' : undefined} onClick={() => setMoreOpen(true)}>
              <AppstoreOutlined />
              <span>{t('nav.more')}</span>
            </button>
          </nav>
        )}
        {phone && (
          <Drawer placement="bottom" open={moreOpen} onClose={() => setMoreOpen(false)} title={t('nav.more')} size="auto" className="qy-more-drawer">
            {more.map((s) => (
              <section key={s.key} className="qy-more-section" aria-label={t(`navSection.${s.key}`)}>
                <div className="qy-more-title">{t(`navSection.${s.key}`)}</div>
                <div className="qy-more-grid">
                  {s.items.map((item) => (
                    <Link key={item.key} to={item.to} data-testid={`nav-${item.key}`} aria-current={current === item.key ? 'page' : undefined} onClick={() => setMoreOpen(false)} className={current === item.key ? 'qy-more-current' : undefined}>
                      {item.icon}
                      <span>{t(`nav.${item.key}`)}</span>
                    </Link>
                  ))}
                </div>
              </section>
            ))}
          </Drawer>
        )}
      </Layout>
    </Layout>
  );
}
