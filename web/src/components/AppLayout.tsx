/**
 * Side menu (概览/群组/成员/设置), header with the workspace, language switch and user menu. On a
 * phone (responsive.ts) the side menu gives way to a bottom navigation, the header keeps only what
 * fits, and tables show their rows as labelled cards (styles.css, .qy-phone).
 */
import { CrownOutlined, DashboardOutlined, DownOutlined, GiftOutlined, LogoutOutlined, QrcodeOutlined, ShareAltOutlined, SafetyOutlined, SettingOutlined, SwapOutlined, TeamOutlined, ThunderboltOutlined, UserOutlined, WechatOutlined } from '@ant-design/icons';
import { App as AntApp, Avatar, Button, Dropdown, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import { Suspense, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { sessionApi } from '../api/index.ts';
import { useSession } from '../state/session.tsx';
import { LanguageSwitch } from './bits.tsx';
import { PageSkeleton } from './states.tsx';
import { usePhone, useTableCellLabels } from './responsive.ts';

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
  const navItems = [
    { key: 'overview', label: t('nav.overview'), to: '/', icon: <DashboardOutlined /> },
    { key: 'groups', label: t('nav.groups'), to: '/groups', icon: <WechatOutlined /> },
    { key: 'members', label: t('nav.members'), to: '/members', icon: <TeamOutlined /> },
    { key: 'codes', label: t('nav.codes'), to: '/codes', icon: <QrcodeOutlined /> },
    { key: 'campaigns', label: t('nav.campaigns'), to: '/campaigns', icon: <ShareAltOutlined /> },
    { key: 'moderation', label: t('nav.moderation'), to: '/moderation', icon: <SafetyOutlined /> },
    { key: 'automations', label: t('nav.automations'), to: '/automations', icon: <ThunderboltOutlined /> },
    { key: 'activities', label: t('nav.activities'), to: '/activities', icon: <GiftOutlined /> },
    { key: 'kols', label: t('nav.kols'), to: '/kols', icon: <CrownOutlined /> },
    { key: 'settings', label: t('nav.settings'), to: '/settings', icon: <SettingOutlined /> },
  ];
  const current = section === '' ? 'overview' : section;
  const items: MenuProps['items'] = [
    { key: 'overview', icon: <DashboardOutlined />, label: <Link to="/" data-testid="nav-overview">{t('nav.overview')}</Link> },
    { key: 'groups', icon: <WechatOutlined />, label: <Link to="/groups" data-testid="nav-groups">{t('nav.groups')}</Link> },
    { key: 'members', icon: <TeamOutlined />, label: <Link to="/members" data-testid="nav-members">{t('nav.members')}</Link> },
    { key: 'codes', icon: <QrcodeOutlined />, label: <Link to="/codes" data-testid="nav-codes">{t('nav.codes')}</Link> },
    { key: 'campaigns', icon: <ShareAltOutlined />, label: <Link to="/campaigns" data-testid="nav-campaigns">{t('nav.campaigns')}</Link> },
    { key: 'moderation', icon: <SafetyOutlined />, label: <Link to="/moderation" data-testid="nav-moderation">{t('nav.moderation')}</Link> },
    { key: 'automations', icon: <ThunderboltOutlined />, label: <Link to="/automations" data-testid="nav-automations">{t('nav.automations')}</Link> },
    { key: 'activities', icon: <GiftOutlined />, label: <Link to="/activities" data-testid="nav-activities">{t('nav.activities')}</Link> },
    { key: 'kols', icon: <CrownOutlined />, label: <Link to="/kols" data-testid="nav-kols">{t('nav.kols')}</Link> },
    { key: 'settings', icon: <SettingOutlined />, label: <Link to="/settings" data-testid="nav-settings">{t('nav.settings')}</Link> },
  ];

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
            {navItems.map((item) => (
              <Link key={item.key} to={item.to} data-testid={`nav-${item.key}`} aria-current={current === item.key ? 'page' : undefined} className={current === item.key ? 'qy-bottom-nav-current' : undefined}>
                {item.icon}
                <span>{item.label}</span>
              </Link>
            ))}
          </nav>
        )}
      </Layout>
    </Layout>
  );
}
