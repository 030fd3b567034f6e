/**
 * What an operator is told when a platform does not do what they asked: ActionNotSupported
 * becomes 422 not_supported with the platform's reason and what to do instead; a PlatformError
 * becomes a refusal with the platform's own reason (422, or 409 for a conflict), a 429 with the
 * wait, or 502 when the platform failed or could not be reached.
 */
import { ActionNotSupported, PlatformError } from '../connectors/connector.ts';
import { AppError } from '../errors.ts';

export function platformFailure(err: unknown): AppError | undefined {
  if (err instanceof ActionNotSupported) {
    return new AppError('not_supported', err.message, err.instead !== undefined ? { instead: err.instead } : {});
  }
  if (!(err instanceof PlatformError)) return undefined;
  if (err.status === 429) {
    return new AppError('rate_limited', `the platform asks to slow down: ${err.message}`,
      { retryAfterSeconds: Math.max(1, Math.ceil((err.retryAfterMs ?? 1000) / 1000)) });
  }
  if (err.status === 409) return new AppError('conflict', err.message);
  if (err.status >= 400 && err.status < 500) return new AppError('platform_refused', err.message);
  return new AppError('platform_unavailable', err.message);
}

/** Runs a platform call, turning the platform's refusals into answers for the operator. */
export async function onPlatform<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw platformFailure(err) ?? err;
  }
}
