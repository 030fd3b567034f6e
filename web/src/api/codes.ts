/** The console's calls for live codes (issue #15), typed from the generated OpenAPI types. */
import { api } from './client.ts';
import type { Answer, RequestBody } from './types.ts';

export type CodeList = Answer<'/api/codes'>;
export type CodeListItem = CodeList['items'][number];
export type CodeDetail = Answer<'/api/codes/{id}'>;
export type LiveCode = CodeDetail['code'];
export type PoolGroup = CodeDetail['pool'][number];
export type NewCode = RequestBody<'/api/codes'>;
export type CodeEntry = Answer<'/api/code-entries'>['items'][number];
export type Statement = Answer<'/api/staff-statements'>;

export const codesApi = {
  list: (signal?: AbortSignal) => api.get<CodeList>('/api/codes', undefined, { signal }),
  get: (id: number, signal?: AbortSignal) => api.get<CodeDetail>(`/api/codes/${id}`, undefined, { signal }),
  create: (input: NewCode) => api.post<CodeDetail>('/api/codes', input),
  setStatus: (id: number, status: 'active' | 'paused') => api.patch<CodeDetail>(`/api/codes/${id}`, { status }),
  addGroup: (id: number, groupId: number, source?: string) => api.post<CodeDetail>(`/api/codes/${id}/groups`, { groupId, ...(source ? { source } : {}) }),
  closeGroup: (id: number, groupId: number) => api.post<CodeDetail>(`/api/codes/${id}/groups/${groupId}/close`),
  openGroup: (id: number) => api.post<{ outcome: string }>(`/api/codes/${id}/open-group`),
  taskDone: (taskId: number) => api.post<{ ok: true }>(`/api/code-tasks/${taskId}/done`),
  entries: (signal?: AbortSignal) => api.get<Answer<'/api/code-entries'>>('/api/code-entries', undefined, { signal }),
  decide: (entryId: number, decision: 'approve' | 'reject') => api.post<{ status: string }>(`/api/code-entries/${entryId}/${decision}`, {}),
  statement: (month: string, signal?: AbortSignal) => api.get<Statement>('/api/staff-statements', { month }, { signal }),
  qrUrl: (id: number, format: 'png' | 'svg', source?: string) => `/api/codes/${id}/qr.${format}${source ? `?s=${encodeURIComponent(source)}` : ''}`,
  proofUrl: (entryId: number) => `/api/code-entries/${entryId}/proof`,
  csvUrl: (month: string, lang: string) => `/api/staff-statements.csv?month=${month}&lang=${lang === 'en' ? 'en' : 'zh-CN'}`,
  xlsxUrl: (month: string, lang: string) => `/api/staff-statements.xlsx?month=${month}&lang=${lang === 'en' ? 'en' : 'zh-CN'}`,
};
