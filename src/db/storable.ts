/**
 * What Postgres can store: its text and jsonb refuse the NUL character (U+0000), and jsonb refuses
 * an unpaired UTF-16 surrogate (JSON.stringify writes one as the escape \uD800, which jsonb does
 * not accept; as text it would silently become U+FFFD on the way in). Where text comes from outside
 * and must be kept rather than refused — platform deliveries, imports, the audit log's details —
 * it is made storable here: NUL removed, unpaired surrogates replaced by U+FFFD. Where an operator
 * sends it, the HTTP boundary refuses it instead (src/server/schemas.ts).
 */

/** Whether Postgres can store the string as it is. */
export function isStorable(s: string): boolean {
  return !s.includes('\u0000') && s.isWellFormed();
}

/** The string without NUL characters, and with U+FFFD for each unpaired surrogate. */
export function storableText(s: string): string {
  return isStorable(s) ? s : s.replaceAll('\u0000', '').toWellFormed();
}

/** The value as JSON text that jsonb accepts: every string (keys included) made storable. */
export function storableJson(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return 'null';
  // JSON.stringify writes NUL and unpaired surrogates as escapes; only then is there work to do.
  if (!/\\u(?:0000|d[89a-f])/i.test(text)) return text;
  return JSON.stringify(clean(JSON.parse(text)));
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, storableText(k), { value: clean(v), enumerable: true, configurable: true, writable: true });
    }
    return out;
  }
  return value;
}
