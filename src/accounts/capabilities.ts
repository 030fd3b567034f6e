/**
 * What each platform lets Qunyun do, in the words the console shows: the supported capabilities as
 * names (receiveMessages, sendMessages, mute, kick, …) and the unsupported ones with the
 * platform's reason and what an operator can do instead.
 */
import type { ActionName, Capabilities } from '../connectors/connector.ts';
import { SANDBOX_CAPABILITIES } from '../connectors/sandbox/index.ts';
import { TELEGRAM_CAPABILITIES } from '../connectors/telegram/index.ts';
import { WECOM_CAPABILITIES } from '../connectors/wecom/index.ts';

export interface CapabilityInfo {
  capability: string;
  supported: boolean;
  note?: string;
  reason?: string;
  instead?: string;
}

/** Console names for connector actions; the others keep the action's name. */
const NAMES: Partial<Record<ActionName, string>> = { sendToGroup: 'sendMessages', createInviteLink: 'inviteLinks' };

const SANDBOX: Capabilities = SANDBOX_CAPABILITIES;

function receiving(platform: string, config: Record<string, unknown>): CapabilityInfo {
  switch (platform) {
    case 'sandbox': return { capability: 'receiveMessages', supported: true };
    case 'telegram': return { capability: 'receiveMessages', supported: true, note: 'joins and leaves only where the bot is an administrator' };
    case 'wecom':
      return config.archive
        ? { capability: 'receiveMessages', supported: true, note: 'group messages come from the chat archive (会话内容存档), pulled every minute' }
        : {
            capability: 'receiveMessages', supported: false,
            reason: 'WeCom sends no group messages to apps; only the chat archive (会话内容存档) has them',
            instead: 'enable the chat archive for the corp, run the archive sidecar, and set its URL (archive.sidecarUrl) on this account',
          };
    default:
      return { capability: 'receiveMessages', supported: false, reason: 'a history import: nothing arrives after the import', instead: 'import a newer export' };
  }
}

export function capabilitiesOf(platform: string, config: Record<string, unknown> = {}): CapabilityInfo[] {
  const table = platform === 'telegram' ? TELEGRAM_CAPABILITIES : platform === 'wecom' ? WECOM_CAPABILITIES : platform === 'sandbox' ? SANDBOX : undefined;
  const out: CapabilityInfo[] = [receiving(platform, config)];
  if (!table) return out;
  for (const [action, c] of Object.entries(table) as Array<[ActionName, Capabilities[ActionName]]>) {
    const capability = NAMES[action] ?? action;
    out.push(c.supported
      ? { capability, supported: true, ...(c.note ? { note: c.note } : {}) }
      : { capability, supported: false, reason: c.reason, ...(c.instead ? { instead: c.instead } : {}) });
  }
  return out;
}
