/** Weekly digests and read-only API keys (docs/exports-and-reports.md); exports: components/ExportTable.tsx. */
import { api } from './client.ts';
import type { Answer } from './types.ts';

export type WeeklyDigest = Answer<'/api/digests/preview'>;
export type StoredDigest = Answer<'/api/digests'>['items'][number];
export type ApiKey = Answer<'/api/api-keys'>['items'][number];

export const reportsApi = {
  digests: (signal?: AbortSignal) => api.get<Answer<'/api/digests'>>('/api/digests', undefined, { signal }),
  preview: (signal?: AbortSignal) => api.get<WeeklyDigest>('/api/digests/preview', undefined, { signal }),
  apiKeys: (signal?: AbortSignal) => api.get<Answer<'/api/api-keys'>>('/api/api-keys', undefined, { signal }),
  createApiKey: (name: string) => api.post<{ key: ApiKey; secret: string }>('/api/api-keys', { name }),
  revokeApiKey: (id: number) => api.post<{ ok: true }>(`/api/api-keys/${id}/revoke`),
};
