/** Pushes, the content library and the guard rails (docs/pushes.md). */
import { api } from './client.ts';
import type { Answer, RequestBody } from './types.ts';

type Item<L> = L extends { items: Array<infer T> } ? T : never;
export type PushContent = Item<Answer<'/api/pushes/library'>>;
export type PushContentInput = RequestBody<'/api/pushes/library'>;
export type Push = Item<Answer<'/api/pushes'>>;
export type PushDetail = Answer<'/api/pushes/{id}'>;
export type NewPush = RequestBody<'/api/pushes'>;
export type GuardPage = Answer<'/api/pushes/guard'>;
export type GuardSettings = GuardPage['settings'];

export const PUSH_CATEGORIES = ['product', 'promotion', 'hot', 'professional', 'personal', 'icebreaker', 'activity', 'other'] as const;
export const PUSH_CHANNELS = ['group_post', 'private_message', 'announcement'] as const;
export const GUARD_RULES = ['caps', 'quiet_hours', 'holidays', 'activity_days'] as const;

export const pushesApi = {
  library: (signal?: AbortSignal) => api.get<Answer<'/api/pushes/library'>>('/api/pushes/library', undefined, { signal }),
  createContent: (input: PushContentInput) => api.post<PushContent>('/api/pushes/library', input),
  updateContent: (id: number, input: PushContentInput) => api.put<PushContent>(`/api/pushes/library/${id}`, input),
  removeContent: (id: number) => api.delete<{ ok: boolean }>(`/api/pushes/library/${id}`),
  list: (signal?: AbortSignal) => api.get<Answer<'/api/pushes'>>('/api/pushes', { limit: 50 }, { signal }),
  get: (id: number, signal?: AbortSignal) => api.get<PushDetail>(`/api/pushes/${id}`, undefined, { signal }),
  create: (input: NewPush) => api.post<{ id: number; deliveries: number }>('/api/pushes', input),
  cancel: (id: number) => api.post<{ cancelled: number }>(`/api/pushes/${id}/cancel`, {}),
  guard: (signal?: AbortSignal) => api.get<GuardPage>('/api/pushes/guard', undefined, { signal }),
  saveGuard: (settings: GuardSettings) => api.put<{ ok: boolean }>('/api/pushes/guard', settings),
};
