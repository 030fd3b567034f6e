/** The console's calls for referral campaigns (裂变活动, issue #15), typed from the generated OpenAPI types. */
import { api } from './client.ts';
import type { Answer, RequestBody } from './types.ts';

export type CampaignList = Answer<'/api/campaigns'>;
export type CampaignListItem = CampaignList['items'][number];
export type CampaignDetail = Answer<'/api/campaigns/{id}'>;
export type NewCampaign = RequestBody<'/api/campaigns'>;
export type CampaignReferral = Answer<'/api/campaigns/{id}/referrals'>['items'][number];

export const campaignsApi = {
  list: (signal?: AbortSignal) => api.get<CampaignList>('/api/campaigns', undefined, { signal }),
  get: (id: number, signal?: AbortSignal) => api.get<CampaignDetail>(`/api/campaigns/${id}`, undefined, { signal }),
  create: (input: NewCampaign) => api.post<CampaignDetail>('/api/campaigns', input),
  setStatus: (id: number, status: 'active' | 'paused' | 'ended') => api.post<CampaignDetail>(`/api/campaigns/${id}/status`, { status }),
  referrals: (id: number, signal?: AbortSignal) => api.get<Answer<'/api/campaigns/{id}/referrals'>>(`/api/campaigns/${id}/referrals`, undefined, { signal }),
  review: (id: number, referralId: number, decision: 'release' | 'reject' | 'reopen', note: string) =>
    api.post<{ status: string }>(`/api/campaigns/${id}/referrals/${referralId}/review`, { decision, note }),
};
