/** Automation rules, dry run, execution log and the welcome ritual (docs/automation.md). */
import { api } from './client.ts';
import type { Answer, RequestBody } from './types.ts';

type Item<L> = L extends { items: Array<infer T> } ? T : never;
export type AutomationRule = Item<Answer<'/api/automations'>>;
export type RuleDefinition = RequestBody<'/api/automations'>;
export type DryRun = Answer<'/api/automations/dry-run', 'post'>;
export type ExecutionPage = Answer<'/api/automations/executions'>;
export type Execution = Item<ExecutionPage>;
export type WelcomePage = Answer<'/api/welcome/{groupId}'>;
export type WelcomeSettings = WelcomePage['settings'];
export type WelcomeBatch = Item<Answer<'/api/welcome/batches'>>;

export const automationApi = {
  list: (signal?: AbortSignal) => api.get<Answer<'/api/automations'>>('/api/automations', undefined, { signal }),
  create: (rule: RuleDefinition) => api.post<{ id: number; version: number }>('/api/automations', rule),
  update: (id: number, rule: RuleDefinition) => api.put<{ id: number; version: number }>(`/api/automations/${id}`, rule),
  remove: (id: number) => api.delete<{ ok: boolean }>(`/api/automations/${id}`),
  dryRun: (body: { rule?: RuleDefinition; id?: number; days: number }) => api.post<DryRun>('/api/automations/dry-run', body),
  executions: (query: { ruleId?: number; state?: 'failed'; limit?: number; offset?: number }, signal?: AbortSignal) =>
    api.get<ExecutionPage>('/api/automations/executions', query, { signal }),
  notifications: (signal?: AbortSignal) => api.get<Answer<'/api/automations/notifications'>>('/api/automations/notifications', undefined, { signal }),
  welcome: (groupId: number, signal?: AbortSignal) => api.get<WelcomePage>(`/api/welcome/${groupId}`, undefined, { signal }),
  saveWelcome: (groupId: number, settings: WelcomeSettings) => api.put<WelcomeSettings>(`/api/welcome/${groupId}`, settings),
  welcomeBatches: (failed: boolean, signal?: AbortSignal) => api.get<Answer<'/api/welcome/batches'>>('/api/welcome/batches', { failed: failed ? 'true' : undefined }, { signal }),
};
