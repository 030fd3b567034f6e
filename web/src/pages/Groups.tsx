/**
 * All groups: server-side paginated, sorted and filtered; health at a glance; bulk tag, layer and
 * (owner/admin) operator assignment. Operators only ever receive their own groups from the server.
 */
import { ApiOutlined, ClearOutlined, TagsOutlined, UserSwitchOutlined, ApartmentOutlined } from '@ant-design/icons';
import { App as AntApp, AutoComplete, Button, Card, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useState, type CSSProperties, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { facetsApi, GROUP_STAGES, groupsApi, HEALTHS, type BulkGroupAction, type Group, type GroupSort, type GroupStage, type Health } from '../api/index.ts';
import { FillBar, GroupStageTag, HealthBadge, Hint, Sparkline } from '../components/bits.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EmptyState, ErrorState, TableSkeleton } from '../components/states.tsx';
import { fmtNumber } from '../lib/format.ts';
import { useAsync } from '../lib/useAsync.ts';
import { dynamicLabel } from '../lib/i18nLabel.ts';
import { groupsFromParams } from '../lib/range.ts';
import { useQueryState } from '../lib/useQueryState.ts';
import { usePermissions } from '../state/session.tsx';
import { ExportTable } from '../components/ExportTable.tsx';

type BulkKind = 'tag' | 'untag' | 'setLayer' | 'assign';

export default function Groups() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { canEdit, isAdmin, role } = usePermissions();
  const query = useQueryState();
  const { page, pageSize, sort, order, filters, query: listQuery } = groupsFromParams(query.params);
  const filtered = Boolean(filters.q || filters.purpose || filters.layer || filters.tag || filters.operatorId || filters.health.length || filters.stage.length);

  const list = useAsync((signal) => groupsApi.list(listQuery, signal), [query.key]);
  const facets = useAsync((signal) => facetsApi.get(signal), []);
  const [selected, setSelected] = useState<number[]>([]);
  const [bulk, setBulk] = useState<BulkKind | null>(null);

  const sortOrder = (key: GroupSort) => (sort === key ? (order === 'asc' ? 'ascend' : 'descend') : null);

  const columns: TableProps<Group>['columns'] = [
    {
      title: t('groups.name'),
      dataIndex: 'name',
      key: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      width: 200,
      render: (_, g) => (
        <div className="qy-group-name">
          <Link to={`/groups/${g.id}`} data-testid={`group-link-${g.id}`}>
            {g.name}
          </Link>
          <div className="qy-tag-line">
            <Tag className="qy-platform">{dynamicLabel(`platform.${g.platform}`, g.platform)}</Tag>
            {g.tags.slice(0, 3).map((tag) => (
              <Tag key={tag} color="geekblue">
                {tag}
              </Tag>
            ))}
            {g.tags.length > 3 ? <Tag>+{g.tags.length - 3}</Tag> : null}
          </div>
        </div>
      ),
    },
    {
      title: t('groups.size'),
      key: 'size',
      sorter: true,
      sortOrder: sortOrder('size'),
      width: 140,
      render: (_, g) => {
        const ratio = g.capacity > 0 ? g.size / g.capacity : 0;
        return (
          <Hint title={() => t('groups.sizeHint', { size: g.size, capacity: g.capacity })}>
            <div className="qy-size">
              <span>
                {fmtNumber(g.size)}
                <span className="qy-muted"> / {fmtNumber(g.capacity)}</span>
              </span>
              <FillBar percent={Math.min(100, Math.round(ratio * 100))} color={ratio >= 0.95 ? '#ff4d4f' : ratio >= 0.8 ? '#fa8c16' : '#1668dc'} />
            </div>
          </Hint>
        );
      },
    },
    { title: t('groups.purpose'), dataIndex: 'purpose', key: 'purpose', width: 90, render: (v: string | null) => v ?? <span className="qy-muted">–</span> },
    { title: t('groups.layer'), dataIndex: 'layer', key: 'layer', width: 100, render: (v: string | null) => (v ? <Tag color="purple">{v}</Tag> : <span className="qy-muted">–</span>) },
    {
      title: t('groups.operator'),
      key: 'operator',
      width: 100,
      render: (_, g) => g.operator?.name ?? <Typography.Text type="secondary">{t('groups.unassigned')}</Typography.Text>,
    },
    {
      title: t('groups.messagesPerDay'),
      key: 'messagesPerDay',
      sorter: true,
      sortOrder: sortOrder('messagesPerDay'),
      width: 130,
      render: (_, g) => (
        <span className="qy-inline">
          <span className="qy-num">{fmtNumber(g.messagesPerDay, 1)}</span>
          <Hint title={() => t('groups.sparklineHint')}>
            <span>
              <Sparkline values={g.sparkline} />
            </span>
          </Hint>
        </span>
      ),
    },
    {
      title: t('groups.activeMembers7d'),
      dataIndex: 'activeMembers7d',
      key: 'activeMembers7d',
      sorter: true,
      sortOrder: sortOrder('activeMembers7d'),
      width: 90,
      align: 'right',
      render: (v: number) => fmtNumber(v),
    },
    {
      title: t('groups.age'),
      key: 'createdAt',
      sorter: true,
      sortOrder: sortOrder('createdAt') === null ? null : sortOrder('createdAt') === 'ascend' ? 'descend' : 'ascend',
      width: 80,
      align: 'right',
      render: (_, g) => t('groups.days', { count: g.ageDays }),
    },
    {
      title: t('groups.health'),
      key: 'health',
      width: 80,
      render: (_, g) => <HealthBadge health={g.health} />,
    },
    {
      title: t('groupStage.title'),
      key: 'stage',
      width: 80,
      render: (_, g) => <GroupStageTag stage={g.stage} />,
    },
  ];

  const onChange: TableProps<Group>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<Group> | undefined;
      const key = s?.columnKey as GroupSort | undefined;
      if (!s?.order || !key) query.set({ sort: null, order: null });
      else {
        let dir: 'asc' | 'desc' = s.order === 'ascend' ? 'asc' : 'desc';
        if (key === 'createdAt') dir = dir === 'asc' ? 'desc' : 'asc'; // age ascending = newest first
        query.set({ sort: key, order: dir });
      }
    } else if (extra.action === 'paginate') {
      query.set({ page: pagination.current ?? 1, size: pagination.pageSize ?? 20 }, { resetPage: false });
    }
  };

  const runBulk = async (action: BulkGroupAction | BulkGroupAction[]) => {
    const actions = Array.isArray(action) ? action : [action];
    let updated = 0;
    for (const a of actions) updated = Math.max(updated, (await groupsApi.bulk(selected, a)).updated);
    message.success(t('groups.bulkDone', { count: updated }));
    setBulk(null);
    setSelected([]);
    list.reload();
    facets.reload();
  };

  const f = facets.data;
  const toOptions = (values: string[] | undefined) => (values ?? []).map((v) => ({ value: v, label: v }));
  const filterBar = (
    <div className="qy-filters" data-testid="groups-filters">
      <Input.Search
        allowClear
        placeholder={t('groups.searchPlaceholder')}
        defaultValue={filters.q}
        onSearch={(value) => query.set({ q: value.trim() })}
        className="qy-filter-search"
        data-testid="groups-search"
      />
      <Select allowClear placeholder={t('groups.purpose')} value={filters.purpose} options={toOptions(f?.purposes)} onChange={(v) => query.set({ purpose: v })} className="qy-filter" loading={facets.loading} data-testid="filter-purpose" />
      <Select allowClear placeholder={t('groups.layer')} value={filters.layer} options={toOptions(f?.layers)} onChange={(v) => query.set({ layer: v })} className="qy-filter" loading={facets.loading} data-testid="filter-layer" />
      <Select
        allowClear
        mode="multiple"
        maxTagCount="responsive"
        placeholder={t('groups.health')}
        value={filters.health}
        options={HEALTHS.map((h) => ({ value: h, label: t(`health.${h}`) }))}
        onChange={(v: Health[]) => query.set({ health: v })}
        className="qy-filter qy-filter-wide"
        data-testid="filter-health"
      />
      <Select
        allowClear
        mode="multiple"
        maxTagCount="responsive"
        placeholder={t('groupStage.title')}
        value={filters.stage}
        options={GROUP_STAGES.map((s) => ({ value: s, label: t(`groupStage.${s}`) }))}
        onChange={(v: GroupStage[]) => query.set({ stage: v })}
        className="qy-filter qy-filter-wide"
        data-testid="filter-stage"
      />
      <Select allowClear showSearch placeholder={t('groups.tag')} value={filters.tag} options={toOptions(f?.groupTags)} onChange={(v) => query.set({ tag: v })} className="qy-filter" loading={facets.loading} data-testid="filter-tag" />
      {role !== 'operator' ? (
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('groups.operator')}
          value={filters.operatorId}
          options={(f?.operators ?? []).map((o) => ({ value: o.id, label: o.name }))}
          onChange={(v) => query.set({ operatorId: v })}
          className="qy-filter"
          loading={facets.loading}
          data-testid="filter-operator"
        />
      ) : null}
      {filtered ? (
        <Button icon={<ClearOutlined />} onClick={() => query.set({ q: null, purpose: null, layer: null, tag: null, operatorId: null, health: null, stage: null })}>
          {t('action.clearFilters')}
        </Button>
      ) : null}
    </div>
  );

  const bulkBar = canEdit && selected.length > 0 && (
    <div className="qy-bulk-bar" data-testid="groups-bulk-bar">
      <Typography.Text strong>{t('groups.selected', { count: selected.length })}</Typography.Text>
      <Space wrap>
        <Button icon={<TagsOutlined />} onClick={() => setBulk('tag')} data-testid="bulk-tag">
          {t('groups.bulkTag')}
        </Button>
        <Button onClick={() => setBulk('untag')} data-testid="bulk-untag">
          {t('groups.bulkUntag')}
        </Button>
        <Button icon={<ApartmentOutlined />} onClick={() => setBulk('setLayer')} data-testid="bulk-layer">
          {t('groups.bulkLayer')}
        </Button>
        {isAdmin ? (
          <Button icon={<UserSwitchOutlined />} onClick={() => setBulk('assign')} data-testid="bulk-assign">
            {t('groups.bulkAssign')}
          </Button>
        ) : null}
        <Button type="link" onClick={() => setSelected([])}>
          {t('action.clearSelection')}
        </Button>
      </Space>
    </div>
  );

  let body;
  if (list.error && !list.data) body = <ErrorState error={list.error} onRetry={list.reload} />;
  else if (!list.data) body = <TableSkeleton rows={10} />;
  else if (list.data.total === 0 && !filtered && page === 1) {
    body = (
      <EmptyState
        title={t('groups.emptyTitle')}
        description={role === 'operator' ? t('groups.emptyOperator') : t('groups.emptyText')}
        action={
          isAdmin ? (
            <Link to="/settings/accounts?connect=1">
              <Button type="primary" icon={<ApiOutlined />}>
                {t('overview.emptyAction')}
              </Button>
            </Link>
          ) : null
        }
      />
    );
  } else {
    body = (
      <ExportTable<Group>
        exportFrom={{ source: '/api/groups', query: listQuery, name: t('nav.groups'), values: { health: Object.fromEntries(HEALTHS.map((h) => [h, t(`health.${h}`)])) } }}
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data.items}
        loading={list.loading}
        onChange={onChange}
        // No scroll.x: it makes antd measure every column in a layout effect and render the table
        // again (twice) before the rows can be painted; a wide table scrolls in its box (styles.css).
        className="qy-wide-table"
        style={{ '--qy-table-min': '1120px' } as CSSProperties}
        data-testid="groups-table"
        onRow={(g) => ({ 'data-testid': `group-row-${g.id}` }) as HTMLAttributes<HTMLElement>}
        rowSelection={canEdit ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]), preserveSelectedRowKeys: true } : undefined}
        locale={{
          emptyText: (
            <EmptyState
              title={t('groups.noMatchTitle')}
              description={t('groups.noMatchText')}
              action={<Button onClick={() => query.set({ q: null, purpose: null, layer: null, tag: null, operatorId: null, health: null, stage: null })}>{t('action.clearFilters')}</Button>}
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data.total,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100, 200],
          showTotal: (total) => t('groups.total', { count: total }),
        }}
      />
    );
  }

  return (
    <div className="qy-page" data-testid="groups-page">
      <PageHeader title={t('groups.title')} subtitle={t('groups.subtitle')} />
      <Card>
        {filterBar}
        {bulkBar}
        {body}
      </Card>
      <BulkModal kind={bulk} count={selected.length} facets={f} onCancel={() => setBulk(null)} onSubmit={runBulk} />
    </div>
  );
}

function BulkModal({
  kind,
  count,
  facets,
  onCancel,
  onSubmit,
}: {
  kind: BulkKind | null;
  count: number;
  facets: { layers: string[]; groupTags: string[]; operators: { id: number; name: string }[] } | undefined;
  onCancel: () => void;
  onSubmit: (action: BulkGroupAction | BulkGroupAction[]) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [tags, setTags] = useState<string[]>([]);
  const [layer, setLayer] = useState('');
  const [operator, setOperator] = useState<number | 'none' | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setTags([]);
    setLayer('');
    setOperator(undefined);
  };
  const ready = kind === 'tag' || kind === 'untag' ? tags.length > 0 : kind === 'setLayer' ? layer.trim() !== '' : operator !== undefined;

  const submit = async () => {
    if (!kind) return;
    setBusy(true);
    try {
      if (kind === 'tag' || kind === 'untag') await onSubmit(tags.map((value) => ({ action: kind, value })));
      else if (kind === 'setLayer') await onSubmit({ action: 'setLayer', value: layer.trim() });
      else await onSubmit({ action: 'assign', value: operator === 'none' || operator === undefined ? null : operator });
      reset();
    } catch {
      // the client already showed the server's message; keep the dialog open
    } finally {
      setBusy(false);
    }
  };

  const titles: Record<BulkKind, string> = {
    tag: t('groups.bulkTag'),
    untag: t('groups.bulkUntag'),
    setLayer: t('groups.bulkLayer'),
    assign: t('groups.bulkAssign'),
  };

  return (
    <Modal
      open={kind !== null}
      title={kind ? `${titles[kind]} · ${t('groups.selected', { count })}` : ''}
      onCancel={() => {
        reset();
        onCancel();
      }}
      onOk={() => void submit()}
      okButtonProps={{ disabled: !ready, loading: busy, ...({ 'data-testid': 'bulk-confirm' } as object) }}
      okText={t('action.apply')}
      destroyOnHidden
    >
      {kind === 'tag' || kind === 'untag' ? (
        <Select
          mode="tags"
          autoFocus
          style={{ width: '100%' }}
          placeholder={t('groups.tagPlaceholder')}
          value={tags}
          onChange={setTags}
          options={(facets?.groupTags ?? []).map((v) => ({ value: v, label: v }))}
          data-testid="bulk-tags-input"
        />
      ) : kind === 'setLayer' ? (
        <AutoComplete
          autoFocus
          style={{ width: '100%' }}
          placeholder={t('groups.layerPlaceholder')}
          value={layer}
          onChange={setLayer}
          options={(facets?.layers ?? []).map((v) => ({ value: v }))}
          data-testid="bulk-layer-input"
        />
      ) : kind === 'assign' ? (
        <Select
          autoFocus
          showSearch
          optionFilterProp="label"
          style={{ width: '100%' }}
          placeholder={t('groups.operatorPlaceholder')}
          value={operator}
          onChange={setOperator}
          options={[{ value: 'none' as const, label: t('groups.unassign') }, ...(facets?.operators ?? []).map((o) => ({ value: o.id, label: o.name }))]}
          data-testid="bulk-operator-input"
        />
      ) : null}
    </Modal>
  );
}
