/**
 * Each page's code chunk, by name: App.tsx renders them lazily, and lib/preload.ts starts loading
 * the one for the address being opened at start-up, before the rest of the console has loaded.
 */
export const pageChunks = {
  overview: () => import('./Overview.tsx'),
  groups: () => import('./Groups.tsx'),
  group: () => import('./GroupDetail.tsx'),
  members: () => import('./Members.tsx'),
  settings: () => import('./Settings.tsx'),
  moderation: () => import('./Moderation.tsx'),
  automations: () => import('./Automations.tsx'),
  pushes: () => import('./Pushes.tsx'),
  activities: () => import('./Activities.tsx'),
  kols: () => import('./Kols.tsx'),
  review: () => import('./Review.tsx'),
  content: () => import('./Content.tsx'),
  login: () => import('./Login.tsx'),
  codes: () => import('./Codes.tsx'),
  campaigns: () => import('./Campaigns.tsx'),
  code: () => import('./CodeDetail.tsx'),
};
