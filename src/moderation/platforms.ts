/**
 * What moderation can do on each platform, from the connectors' capability tables: a step the
 * platform cannot take (WeCom customer groups have no API to delete, mute or remove) turns the
 * decision into an operator task that says what to do in the platform's own client.
 */
import type { ActionName, Capabilities } from '../connectors/connector.ts';
import { SANDBOX_CAPABILITIES } from '../connectors/sandbox/index.ts';
import { TELEGRAM_CAPABILITIES } from '../connectors/telegram/index.ts';
import { WECOM_CAPABILITIES } from '../connectors/wecom/index.ts';
import type { StepAction } from './ladder.ts';

const TABLES: Record<string, Capabilities> = { telegram: TELEGRAM_CAPABILITIES, wecom: WECOM_CAPABILITIES, sandbox: SANDBOX_CAPABILITIES };

/** The connector action each ladder step needs. */
const NEEDS: Record<StepAction, ActionName> = { delete: 'deleteMessage', warn: 'sendToGroup', mute: 'mute', kick: 'kick', ban: 'ban' };

export function canTake(platform: string, step: StepAction): boolean {
  const table = TABLES[platform];
  return !!table && table[NEEDS[step]].supported;
}

export function canVerify(platform: string): boolean {
  const table = TABLES[platform];
  return !!table && table.restrict.supported && table.sendToGroup.supported && table.kick.supported;
}

/** What an operator must do by hand, in Chinese then English, for the steps the platform cannot take. */
export function manualTask(platform: string, steps: readonly StepAction[], who: string, group: string, muteMinutes: number | null): string | null {
  const manual = steps.filter((s) => !canTake(platform, s));
  if (!manual.length) return null;
  const client = platform === 'wecom' ? '企业微信客户端' : `${platform} 客户端`;
  const clientEn = platform === 'wecom' ? 'the WeCom client' : `the ${platform} client`;
  const zh: Record<StepAction, string> = {
    delete: '撤回/删除该消息（群主或管理员长按消息）',
    warn: `在群内提醒 ${who} 遵守群规`,
    mute: `将 ${who} 禁言${muteMinutes ? ` ${muteMinutes} 分钟` : ''}（企业微信客户群不支持禁言时，私下提醒）`,
    kick: `将 ${who} 移出群聊`,
    ban: `将 ${who} 移出群聊，并不再邀请（已加入工作区黑名单）`,
  };
  const en: Record<StepAction, string> = {
    delete: 'recall/delete the message (group owner or admin: long-press it)',
    warn: `remind ${who} of the group rules in the group`,
    mute: `mute ${who}${muteMinutes ? ` for ${muteMinutes} minutes` : ''} (where WeCom customer groups cannot, remind them privately)`,
    kick: `remove ${who} from the group`,
    ban: `remove ${who} from the group and do not invite them again (they are on the workspace ban list)`,
  };
  return `在${client}中，群「${group}」：${manual.map((s) => zh[s]).join('；')}。\nIn ${clientEn}, group "${group}": ${manual.map((s) => en[s]).join('; ')}.`;
}
