/**
 * The moderation engine's vocabulary: what goes in (a message, what is known about its author,
 * the workspace's rules, the group's flood state) and what comes out (one decision with the rule
 * that matched, its category, a score and the evidence that explains it). Everything here is plain
 * data, JSON-serialisable except the compiled forms, so decisions can be stored, shown in the
 * queue and replayed in a dry run. The ladder (what a repeat offence leads to) is not decided
 * here: a decision carries the matched rule's first action and severity, and the operations side
 * (storage, ladder, queue) takes it from there.
 */

/** What a rule asks for when it matches (the first rung; the ladder may escalate). */
export type Action = 'allow' | 'review' | 'delete' | 'warn' | 'mute' | 'kick' | 'ban';
export const actions: readonly Action[] = ['allow', 'review', 'delete', 'warn', 'mute', 'kick', 'ban'];

/**
 * What a rule is about. The first five are the built-in keyword categories; the others are the
 * detectors' own; 'spam' is the learned classifier's; 'custom' a workspace's own keyword list.
 */
export type Category =
  | 'ads' | 'poaching' | 'gambling' | 'vulgarity' | 'scam'
  | 'links' | 'flood' | 'duplicate' | 'newcomer' | 'qrcode' | 'miniprogram' | 'spam' | 'custom';
export const categories: readonly Category[] = [
  'ads', 'poaching', 'gambling', 'vulgarity', 'scam',
  'links', 'flood', 'duplicate', 'newcomer', 'qrcode', 'miniprogram', 'spam', 'custom',
];

export type Severity = 'low' | 'medium' | 'high';
export const severities: readonly Severity[] = ['low', 'medium', 'high'];

/** Which detector a rule configures. */
export type DetectorKind =
  | 'keywords'    // keyword lists, matched on normalised text (one automaton for all lists)
  | 'links'       // URLs whose domain is not on the allow-list
  | 'contact'     // phone numbers, WeChat/QQ ids, "add me / DM me" invitations
  | 'flood'       // per-member rate and short-message floods
  | 'duplicate'   // the same text from several members (copycats, spam waves)
  | 'newcomer'    // links or mentions from a member who joined minutes ago
  | 'images'      // QR codes in images and mini-program cards
  | 'classifier'; // the learned classifier

/**
 * A workspace rule. Rules are plain data (stored and versioned by the operations side). A rule
 * whose id equals a built-in rule's id (`builtin:ads`, `builtin:links`, …) overrides that rule's
 * action, severity, enabled flag and options; its keywords are added to the built-in list.
 */
export interface Rule {
  id: string;
  /** Shown to operators. */
  name?: string;
  detector: DetectorKind;
  category: Category;
  /** The rule's first action (default: per severity, see defaultAction). */
  action?: Action;
  severity?: Severity;
  /** Default true. */
  enabled?: boolean;
  /** Keywords detector: the words or phrases (normalised the same way as messages). */
  keywords?: string[];
  /**
   * Keywords detector: also match the keywords written in pinyin (weixin) and, with 'initials',
   * by their initials and mixed forms (wx, vx, 微x). Default 'full' for Chinese keywords of two or
   * more characters.
   */
  pinyin?: 'none' | 'full' | 'initials';
  /**
   * Keywords detector: keywords left out (as listed, e.g. built-in ones this workspace does not
   * want; training on labelled examples fills it with keywords that mostly hit ham).
   */
  exclude?: string[];
  /** Detector options (see RuleOptions). */
  options?: RuleOptions;
}

export interface RuleOptions {
  /** links: domains allowed (a domain also allows its subdomains). */
  allowDomains?: string[];
  /** flood: messages per member within windowSeconds before it is a flood. */
  maxMessages?: number;
  windowSeconds?: number;
  /** flood: short messages (≤ shortChars normalised characters) per member within windowSeconds. */
  maxShort?: number;
  shortChars?: number;
  /** duplicate: distinct members posting the same text within windowSeconds. */
  minMembers?: number;
  /** duplicate: texts shorter than this (normalised characters) are never duplicates ("+1", "好的"). */
  minChars?: number;
  /** newcomer: minutes after joining during which links and mentions are held. */
  minutes?: number;
  /** images: mini-program app ids that are allowed. */
  allowMiniPrograms?: string[];
  /** classifier: spam probability at or above which the rule matches (default: the model's calibrated threshold). */
  threshold?: number;
}

/** The rules of a workspace (what `--rules FILE` holds). */
export interface RuleSet {
  /** Include the built-in rules (default true). */
  builtins?: boolean;
  rules?: Rule[];
}

/** An image delivered with a message. Give the encoded bytes (PNG or JPEG) or decoded RGBA. */
export interface MessageImage {
  /** PNG or JPEG file bytes. */
  bytes?: Uint8Array;
  /** Or decoded pixels: RGBA, width × height × 4 bytes. */
  rgba?: Uint8ClampedArray | Uint8Array;
  width?: number;
  height?: number;
}

/** A mini-program / app card (WeChat 小程序 cards, Telegram web-app buttons). */
export interface MessageCard {
  kind: 'miniprogram' | 'link' | 'other';
  appId?: string;
  title?: string;
  url?: string;
}

export interface Message {
  /** Caller's id, echoed in the decision (the CLI's "id"). */
  id?: string;
  text: string;
  /** Milliseconds since the epoch (flood and newcomer checks). Default: now. */
  at?: number;
  /** Mentions the platform delivered as entities (in addition to @names found in the text). */
  mentions?: number;
  images?: MessageImage[];
  cards?: MessageCard[];
  /** The message is a forward from elsewhere. */
  forwarded?: boolean;
}

/** What is known about the author. All optional: missing context disables the checks that need it. */
export interface MemberContext {
  /** Stable id within the group (flood and duplicate state are keyed by it). */
  memberId?: string;
  /** When they joined the group, ms since the epoch. */
  joinedAt?: number;
  /** Messages they posted before without a decision against them. */
  cleanMessages?: number;
  /**
   * Trusted members (enough clean history, or an operator said so) skip content checks
   * (keywords, links, contact, images, classifier) but never flood and duplicate checks.
   */
  trusted?: boolean;
  /** Operators and admins are never moderated. */
  isAdmin?: boolean;
}

/** Where the evidence points: UTF-16 offsets [start, end) in the ORIGINAL message text. */
export interface Evidence {
  detector: DetectorKind;
  rule: string;
  category: Category;
  /** Offsets into the original text, when the evidence is a piece of it. */
  span?: [number, number];
  /** The original text at span (or what was found: a URL decoded from a QR code, a card's app id). */
  text?: string;
  /** What it matched: the keyword (as listed), the domain, the id, the feature. */
  matched?: string;
  /** A sentence for operators. */
  note?: string;
  /** Classifier: spam probability; others: the detector's confidence. */
  score?: number;
  /** Classifier: the features that pushed most towards spam, with their weights (log-odds). */
  features?: Array<{ feature: string; weight: number }>;
}

export interface Decision {
  id?: string;
  /** 'allow' when nothing matched. */
  action: Action;
  /** Id of the rule that decided (null when allowed). */
  rule: string | null;
  category: Category | null;
  severity: Severity | null;
  /** Confidence in [0, 1]: 1 for a keyword or an id, the probability for the classifier. */
  score: number;
  /** Every finding, strongest first (including ones of rules that did not decide). */
  evidence: Evidence[];
}

/** Default first action by severity, when a rule does not name one. */
export function defaultAction(severity: Severity): Action {
  return severity === 'high' ? 'delete' : severity === 'medium' ? 'delete' : 'review';
}
