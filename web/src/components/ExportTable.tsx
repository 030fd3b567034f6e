/**
 * Every table exportable (issue #17 item 7): `ExportTable` is antd's Table with an export menu
 * (CSV / Excel) above it; `ExportButton` is the menu alone, for a card's `extra`. The file is made
 * by the server (GET /api/export, docs/exports-and-reports.md): it reads the table's own GET route
 * with the same query, every page, with the same workspace scope and role checks, so the file has
 * all the rows and not just the page on screen. Headers are the columns' titles as shown (the
 * operator's language); a column whose key is not a field of the rows is left out.
 *
 * To make a table exportable, change `<Table` to `<ExportTable` and add ONE prop:
 *   <ExportTable exportFrom={{ source: '/api/groups', query: listQuery }} columns={columns} … />
 *   <ExportTable exportFrom={{ source: '/api/review/retention', query: range, rows: 'cohorts' }} … />
 * `rows` is where the rows are in the answer (default `items`); `name` names the file.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Dropdown, Table, type TableProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { buildQuery, type RequestOptions } from '../api/client.ts';

export interface ExportColumn { key: string; label: string; values?: Record<string, string> }

export interface ExportFrom {
  /** The table's GET route, e.g. /api/groups. */
  source: string;
  /** Its filters and sort, as the table asks for them (limit/offset are dropped: all pages go). */
  query?: object;
  /** Where the rows are in the answer: items (default), cohorts, posts, … */
  rows?: string;
  /** The file's name (default: the route). */
  name?: string;
  /** The columns; default: the table's columns that name a field of the rows. */
  columns?: ExportColumn[];
  /** Words for coded values per column key (health quiet → 安静). */
  values?: Record<string, Record<string, string>>;
}

const SKIP = new Set(['actions', 'action', 'select', 'op', 'ops', 'operations']);

/** The export columns of antd columns: those with a text title and a field (dataIndex, else key). */
export function exportColumnsOf(columns: unknown, values?: ExportFrom['values']): ExportColumn[] {
  if (!Array.isArray(columns)) return [];
  const out: ExportColumn[] = [];
  for (const c of columns as Array<{ title?: unknown; dataIndex?: unknown; key?: unknown; children?: unknown }>) {
    if (c.children) continue;
    const key = Array.isArray(c.dataIndex) ? c.dataIndex.join('.') : typeof c.dataIndex === 'string' ? c.dataIndex : typeof c.key === 'string' ? c.key : undefined;
    if (!key || SKIP.has(key) || typeof c.title !== 'string') continue;
    out.push({ key, label: c.title, ...(values?.[key] ? { values: values[key] } : {}) });
  }
  return out;
}

function fileNameOf(disposition: string | null, fallback: string): string {
  const utf8 = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (utf8) return decodeURIComponent(utf8);
  return disposition?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

export function ExportButton({ from, columns, size = 'small' }: { from: ExportFrom; columns?: unknown; size?: 'small' | 'middle' }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'csv' | 'xlsx') => {
    const cols = from.columns ?? exportColumnsOf(columns, from.values);
    const { limit: _l, offset: _o, ...query } = (from.query ?? {}) as NonNullable<RequestOptions['query']>;
    const source = from.source + buildQuery(query);
    const url = `/api/export${buildQuery({ source, format, rows: from.rows, name: from.name, columns: cols.length ? JSON.stringify(cols) : undefined })}`;
    setBusy(true);
    try {
      const res = await fetch(url, { credentials: 'same-origin', headers: { 'accept-language': i18n.language } });
      if (!res.ok) {
        const body = await res.json().catch(() => ({})) as { message?: string };
        message.error(t('export.failed', { reason: body.message ?? res.status }));
        return;
      }
      const blob = await res.blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = fileNameOf(res.headers.get('content-disposition'), `export.${format}`);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      message.success(t('export.done', { count: Number(res.headers.get('x-export-rows') ?? 0) }));
    } catch (e) {
      message.error(t('export.failed', { reason: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropdown trigger={['click']} menu={{
      items: [
        { key: 'csv', label: <span data-testid="export-csv">{t('export.csv')}</span> },
        { key: 'xlsx', label: <span data-testid="export-xlsx">{t('export.xlsx')}</span> },
      ],
      onClick: ({ key }) => { void run(key as 'csv' | 'xlsx'); },
    }}>
      <Button size={size} icon={<DownloadOutlined />} loading={busy} data-testid="export-button" aria-label={t('export.button')}>{t('export.button')}</Button>
    </Dropdown>
  );
}

/** antd's Table with an export menu above it (right-aligned; the table's own props unchanged). */
export function ExportTable<T extends object>({ exportFrom, extra, ...props }: TableProps<T> & { exportFrom: ExportFrom; extra?: ReactNode }) {
  return (
    <div className="qy-export-table">
      <div className="qy-export-bar" style={{ display: 'flex', justifyContent: 'flex-end', flexWrap: 'wrap', gap: 8, marginBottom: 8 }}>
        {extra}<ExportButton from={exportFrom} columns={props.columns} />
      </div>
      <Table<T> {...props} />
    </div>
  );
}
