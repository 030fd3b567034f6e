/**
 * Visitors' addresses and devices are kept only hashed (HMAC-SHA256 with a per-workspace key
 * derived from the campaign slug's workspace): enough to see many joins from one device or
 * address, never the address itself.
 */
import { createHmac } from 'node:crypto';

export function fingerprint(workspaceId: number, kind: 'ip' | 'device', value: string | undefined | null): string | null {
  const v = value?.trim();
  if (!v) return null;
  return createHmac('sha256', `qunyun-campaign-${workspaceId}-${kind}`).update(v).digest('base64url').slice(0, 22);
}
