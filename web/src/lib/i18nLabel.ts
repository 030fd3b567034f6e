import i18n from '../i18n/index.ts';

/** Translate a key built from server data (platform, capability…), falling back to the raw value. */
export function dynamicLabel(key: string, fallback: string): string {
  const t = i18n.t as unknown as (key: string, options: { defaultValue: string }) => string;
  return t(key, { defaultValue: fallback });
}
