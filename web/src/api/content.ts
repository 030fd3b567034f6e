/** The console's calls for the content calendar, A/B tests and live sessions (issue #16), typed from the generated OpenAPI types. */
import { api } from './client.ts';
import type { Answer, RequestBody } from './types.ts';

export type CalendarWeek = Answer<'/api/calendar'>;
export type CalendarEntry = CalendarWeek['entries'][number];
export type NewEntry = RequestBody<'/api/calendar/entries'>;
export type ExperimentPage = Answer<'/api/experiments'>;
export type Experiment = ExperimentPage['items'][number];
export type NewExperiment = RequestBody<'/api/experiments'>;
export type ExperimentResult = Answer<'/api/experiments/{id}/result'>;
export type LiveSessionPage = Answer<'/api/live-sessions'>;
export type LiveSession = LiveSessionPage['items'][number];
export type BestTime = Answer<'/api/groups/{id}/best-time'>;

export const contentApi = {
  week: (week: string | undefined, signal?: AbortSignal) => api.get<CalendarWeek>('/api/calendar', week ? { week } : undefined, { signal }),
  createEntry: (input: NewEntry) => api.post<CalendarEntry>('/api/calendar/entries', input),
  moveEntry: (id: number, to: { day: string; slot: string; layer?: string }) => api.post<CalendarEntry>(`/api/calendar/entries/${id}/move`, to),
  cancelEntry: (id: number) => api.delete<null>(`/api/calendar/entries/${id}`),
  bestTime: (groupId: number, signal?: AbortSignal) => api.get<BestTime>(`/api/groups/${groupId}/best-time`, undefined, { signal }),
  rotateFeed: () => api.post<{ path: string }>('/api/calendar/feed', {}),
  experiments: (signal?: AbortSignal) => api.get<ExperimentPage>('/api/experiments', { limit: 50 }, { signal }),
  createExperiment: (input: NewExperiment) => api.post<Experiment>('/api/experiments', input),
  startExperiment: (id: number, body: { groupIds?: number[]; layer?: string }) => api.post<{ arms: Record<string, number> }>(`/api/experiments/${id}/start`, body),
  result: (id: number, signal?: AbortSignal) => api.get<ExperimentResult>(`/api/experiments/${id}/result`, undefined, { signal }),
  liveSessions: (signal?: AbortSignal) => api.get<LiveSessionPage>('/api/live-sessions', { limit: 50 }, { signal }),
  liveSession: (id: number, signal?: AbortSignal) => api.get<LiveSession>(`/api/live-sessions/${id}`, undefined, { signal }),
  createLive: (input: { title: string; guest: string; groupIds: number[]; startsAt: string }) => api.post<LiveSession>('/api/live-sessions', input),
};
