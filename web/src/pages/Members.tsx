/**
 * Members: search by name, tag, group and stage; bulk tagging; the profile opens in a drawer at
 * /members/:id over the list (a shareable address that keeps the list's filters behind it).
 */
import { ClearOutlined, TagsOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Drawer, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useEffect, useState, type CSSProperties, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { facetsApi, groupsApi, membersApi, STAGES, type MemberRow, type MemberSort, type Stage } from '../api/index.ts';
import { StageTag } from '../components/bits.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/states.tsx';
import { fmtDateTime, fmtNumber, fmtRelative } from '../lib/format.ts';
import { useAsync } from '../lib/useAsync.ts';
import { membersFromParams } from '../lib/range.ts';
import { useQueryState } from '../lib/useQueryState.ts';
import { usePermissions } from '../state/session.tsx';
import { MemberProfile } from './MemberProfile.tsx';
import { ExportTable } from '../components/ExportTable.tsx';


export default function Members() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { canEdit } = usePermissions();
  const navigate = useNavigate();
  const location = useLocation();
  const openId = Number(useParams().id) || null;
  const query = useQueryState();
  const { page, pageSize, sort, order, filters, query: listQuery } = membersFromParams(query.params);
  const filtered = Boolean(filters.q || filters.tag || filters.groupId || filters.stage);
  const list = useAsync((signal) => membersApi.list(listQuery, signal), [query.key]);
  const facets = useAsync((signal) => facetsApi.get(signal), []);
  const [selected, setSelected] = useState<number[]>([]);
  const [bulkOpen, setBulkOpen] = useState(false);

  // group filter: remote search over the caller's groups
  const [groupSearch, setGroupSearch] = useState('');
  const groupOptions = useAsync((signal) => groupsApi.list({ q: groupSearch || undefined, limit: 20, sort: 'name', order: 'asc' }, signal), [groupSearch]);
  const [groupLabel, setGroupLabel] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!filters.groupId) setGroupLabel(undefined);
  }, [filters.groupId]);

  const sortOrder = (key: MemberSort) => (sort === key ? (order === 'asc' ? 'ascend' : 'descend') : null);
  const openMember = (id: number) => navigate({ pathname: `/members/${id}`, search: location.search });
  const closeMember = () => navigate({ pathname: '/members', search: location.search });

  const columns: TableProps<MemberRow>['columns'] = [
    {
      title: t('members.name'),
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (_, m) => (
        <a onClick={() => openMember(m.id)} data-testid={`member-link-${m.id}`}>
          {m.name}
        </a>
      ),
    },
    {
      title: t('members.tags'),
      key: 'tags',
      render: (_, m) =>
        m.tags.length ? (
          <span className="qy-tag-line">
            {m.tags.slice(0, 4).map((tag) => (
              <Tag key={tag} color="geekblue">
                {tag}
              </Tag>
            ))}
            {m.tags.length > 4 ? <Tag>+{m.tags.length - 4}</Tag> : null}
          </span>
        ) : (
          <span className="qy-muted">–</span>
        ),
    },
    { title: t('members.groups'), dataIndex: 'groups', key: 'groups', sorter: true, sortOrder: sortOrder('groups'), align: 'right', width: 90 },
    { title: t('members.messages30d'), dataIndex: 'messages30d', key: 'messages30d', sorter: true, sortOrder: sortOrder('messages30d'), align: 'right', width: 120, render: (v: number) => fmtNumber(v) },
    {
      title: t('members.lastActive'),
      dataIndex: 'lastActiveAt',
      key: 'lastActiveAt',
      sorter: true,
      sortOrder: sortOrder('lastActiveAt'),
      width: 140,
      render: (v: string | null) => (v ? <span title={fmtDateTime(v)}>{fmtRelative(v)}</span> : <span className="qy-muted">{t('members.never')}</span>),
    },
    { title: t('members.stage'), dataIndex: 'stage', key: 'stage', width: 100, render: (v: Stage) => <StageTag stage={v} /> },
  ];

  const onChange: TableProps<MemberRow>['onChange'] = (pagination, _f, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<MemberRow> | undefined;
      if (!s?.order || !s.columnKey) query.set({ sort: null, order: null });
      else query.set({ sort: String(s.columnKey), order: s.order === 'ascend' ? 'asc' : 'desc' });
    } else if (extra.action === 'paginate') {
      query.set({ page: pagination.current ?? 1, size: pagination.pageSize ?? 20 }, { resetPage: false });
    }
  };
  const clearFilters = () => query.set({ q: null, tag: null, groupId: null, stage: null });

  let body;
  if (list.error && !list.data) body = <ErrorState error={list.error} onRetry={list.reload} />;
  else if (!list.data) body = <TableSkeleton rows={10} />;
  else if (list.data.total === 0 && !filtered && page === 1) body = <EmptyState title={t('members.emptyTitle')} description={t('members.emptyText')} />;
  else {
    body = (
      <ExportTable<MemberRow>
        exportFrom={{ source: '/api/members', query: listQuery, name: t('nav.members') }}
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data.items}
        loading={list.loading}
        onChange={onChange}
        className="qy-wide-table"
        style={{ '--qy-table-min': '900px' } as CSSProperties}
        data-testid="members-table"
        onRow={(m) => ({ 'data-testid': `member-row-${m.id}` }) as HTMLAttributes<HTMLElement>}
        rowSelection={canEdit ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), preserveSelectedRowKeys: true } : undefined}
        locale={{ emptyText: <EmptyState title={t('members.noMatchTitle')} description={t('members.noMatchText')} action={<Button onClick={clearFilters}>{t('action.clearFilters')}</Button>} /> }}
        pagination={{ current: page, pageSize, total: list.data.total, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200], showTotal: (total) => t('members.total', { count: total }) }}
      />
    );
  }

  return (
    <div className="qy-page" data-testid="members-page">
      <PageHeader title={t('members.title')} subtitle={t('members.subtitle')} />
      <Card>
        <div className="qy-filters">
          <Input.Search allowClear placeholder={t('members.searchPlaceholder')} defaultValue={filters.q} onSearch={(v) => query.set({ q: v.trim() })} className="qy-filter-search" data-testid="members-search" />
          <Select allowClear showSearch placeholder={t('members.tag')} value={filters.tag} options={(facets.data?.memberTags ?? []).map((v) => ({ value: v, label: v }))} onChange={(v) => query.set({ tag: v })} className="qy-filter" data-testid="members-filter-tag" />
          <Select
            allowClear
            showSearch
            filterOption={false}
            placeholder={t('members.group')}
            value={filters.groupId}
            labelRender={(props) => groupLabel ?? props.label ?? `#${props.value}`}
            onSearch={setGroupSearch}
            loading={groupOptions.loading}
            options={(groupOptions.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
            onChange={(v: number | undefined, option) => {
              setGroupLabel(option && !Array.isArray(option) ? String(option.label) : undefined);
              query.set({ groupId: v });
            }}
            className="qy-filter qy-filter-wide"
            data-testid="members-filter-group"
          />
          <Select allowClear placeholder={t('members.stage')} value={filters.stage} options={STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} onChange={(v) => query.set({ stage: v })} className="qy-filter" data-testid="members-filter-stage" />
          {filtered ? (
            <Button icon={<ClearOutlined />} onClick={clearFilters}>
              {t('action.clearFilters')}
            </Button>
          ) : null}
        </div>
        {canEdit && selected.length > 0 ? (
          <div className="qy-bulk-bar" data-testid="members-bulk-bar">
            <Typography.Text strong>{t('members.selected', { count: selected.length })}</Typography.Text>
            <Space>
              <Button icon={<TagsOutlined />} onClick={() => setBulkOpen(true)} data-testid="members-bulk-tag">
                {t('members.bulkTag')}
              </Button>
              <Button type="link" onClick={() => setSelected([])}>
                {t('action.clearSelection')}
              </Button>
            </Space>
          </div>
        ) : null}
        {body}
      </Card>
      <BulkTagModal
        open={bulkOpen}
        count={selected.length}
        known={facets.data?.memberTags ?? []}
        onCancel={() => setBulkOpen(false)}
        onSubmit={async (add, remove) => {
          const { updated } = await membersApi.bulkTag(selected, add, remove);
          message.success(t('members.bulkDone', { count: updated }));
          setBulkOpen(false);
          setSelected([]);
          list.reload();
          facets.reload();
        }}
      />
      <Drawer open={openId !== null} onClose={closeMember} size={640} title={null} destroyOnHidden data-testid="member-drawer" className="qy-member-drawer">
        {openId !== null ? (
          <MemberProfile
            id={openId}
            knownTags={facets.data?.memberTags ?? []}
            onTagsSaved={(tags) => {
              list.setData((prev) => (prev ? { ...prev, items: prev.items.map((m) => (m.id === openId ? { ...m, tags } : m)) } : prev));
              facets.reload();
            }}
            onErased={() => {
              list.reload();
              facets.reload();
            }}
          />
        ) : null}
      </Drawer>
    </div>
  );
}

function BulkTagModal({ open, count, known, onCancel, onSubmit }: { open: boolean; count: number; known: string[]; onCancel: () => void; onSubmit: (add: string[], remove: string[]) => Promise<void> }) {
  const { t } = useTranslation();
  const [add, setAdd] = useState<string[]>([]);
  const [remove, setRemove] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const options = known.map((v) => ({ value: v, label: v }));
  return (
    <Modal
      open={open}
      title={`${t('members.bulkTag')} · ${t('members.selected', { count })}`}
      onCancel={onCancel}
      okText={t('action.apply')}
      okButtonProps={{ disabled: add.length + remove.length === 0, loading: busy, ...({ 'data-testid': 'members-bulk-confirm' } as object) }}
      afterOpenChange={(visible) => {
        if (!visible) {
          setAdd([]);
          setRemove([]);
        }
      }}
      onOk={async () => {
        setBusy(true);
        try {
          await onSubmit(add, remove);
        } catch {
          // shown by the client
        } finally {
          setBusy(false);
        }
      }}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text>{t('members.addTags')}</Typography.Text>
        <Select mode="tags" style={{ width: '100%' }} value={add} onChange={setAdd} options={options} placeholder={t('groups.tagPlaceholder')} data-testid="members-bulk-add" />
        <Typography.Text>{t('members.removeTags')}</Typography.Text>
        <Select mode="multiple" style={{ width: '100%' }} value={remove} onChange={setRemove} options={options} placeholder={t('members.removePlaceholder')} data-testid="members-bulk-remove" />
      </Space>
    </Modal>
  );
}
