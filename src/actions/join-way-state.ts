/**
 * How Qunyun names a WeCom join way's `state` (≤ 30 characters): the source, a "~" and a short
 * unique suffix. WeCom hands the state back on every member who joined through the way, so the
 * state is the invite code that attributes the join to this one join way (and its staff), while
 * the part before "~" is the source that the figures count joins by.
 */
import { randomBytes } from 'node:crypto';

export const MAX_STATE = 30;
const SUFFIX = 6;
/** The longest source that still leaves room for "~" and the suffix. */
export const MAX_WECOM_SOURCE = MAX_STATE - SUFFIX - 1;

export function joinWayState(source: string): string {
  if ([...source].length > MAX_WECOM_SOURCE) throw new RangeError(`a WeCom source is at most ${MAX_WECOM_SOURCE} characters`);
  return `${source}~${randomBytes(4).toString('base64url').slice(0, SUFFIX)}`;
}

/** The source a state stands for; a state made outside Qunyun (no "~") is its own source. */
export function sourceFromState(state: string): string {
  const i = state.lastIndexOf('~');
  return i > 0 ? state.slice(0, i) : state;
}
