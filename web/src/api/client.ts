/**
 * The one way the console talks to the server: same-origin fetch with the session cookie, the
 * CSRF double-submit header on state-changing requests, JSON in and out, and the server's error
 * body turned into an ApiError. A 401 sends the user to /login (unless the caller handles it);
 * failed state-changing requests are reported with the server's message.
 */
import type { ApiErrorBody } from './types.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: { path: string; message: string; code?: string; values?: Record<string, string | number> }[];
  readonly retryAfterSeconds: number | undefined;
  /** not_supported: what to do on that platform instead. */
  readonly instead: string | undefined;

  constructor(status: number, body: Partial<ApiErrorBody>, retryAfterHeader: string | null) {
    super(body.message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.error ?? (status === 0 ? 'network' : `http_${status}`);
    this.issues = body.issues ?? [];
    const header = retryAfterHeader !== null ? Number(retryAfterHeader) : NaN;
    this.retryAfterSeconds = body.retryAfterSeconds ?? (Number.isFinite(header) ? header : undefined);
    this.instead = body.instead;
  }
}

type Notifier = (error: ApiError) => void;
type UnauthorizedHandler = () => void;

let notifier: Notifier = (error) => console.error(error);
let onUnauthorized: UnauthorizedHandler = () => {
  const next = encodeURIComponent(location.pathname + location.search);
  location.assign(`/login?next=${next}`);
};
let language = 'zh-CN';

/** Wired by the app shell: how errors are shown, where a 401 goes, which language to ask for. */
export function configureClient(options: { notify?: Notifier; unauthorized?: UnauthorizedHandler; language?: string }): void {
  if (options.notify) notifier = options.notify;
  if (options.unauthorized) onUnauthorized = options.unauthorized;
  if (options.language) language = options.language;
}

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | boolean | readonly (string | number)[] | null | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /** The caller deals with a 401 itself (session probe, login form): no redirect. */
  allowUnauthorized?: boolean;
  /** Do not show a notification for a failure (the caller shows it inline). */
  quiet?: boolean;
}

export function buildQuery(query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Early GETs: at start-up the shell asks for the data of the page being opened (web/src/lib/
 * preload.ts) while the page's code loads, instead of after its first render. The page's own GET
 * of the same address takes the answer once (within EARLY_MS); if the early request failed, the
 * page asks again itself, so errors, 401s and retries behave as before.
 */
const EARLY_MS = 10_000;
const early = new Map<string, { at: number; answer: Promise<unknown> }>();
let collecting = false;

/** Runs `calls` (GETs of the api objects); each GET is sent now and kept for the page to take. */
export function prefetch(calls: () => void): void {
  collecting = true;
  try {
    calls();
  } finally {
    collecting = false;
  }
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  if ((options.method ?? 'GET') === 'GET' && options.body === undefined) {
    const key = path + buildQuery(options.query);
    if (collecting) {
      const answer = send<T>(path, { ...options, allowUnauthorized: true, quiet: true, signal: undefined });
      answer.catch(() => undefined);
      early.set(key, { at: Date.now(), answer });
      return answer;
    }
    const hit = early.get(key);
    if (hit) {
      early.delete(key);
      if (Date.now() - hit.at < EARLY_MS) return (hit.answer as Promise<T>).catch(() => send<T>(path, options));
    }
  }
  return send<T>(path, options);
}

async function send<T>(path: string, options: RequestOptions): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': language };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = readCookie('qy_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(path + buildQuery(options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if ((cause as Error).name === 'AbortError') throw cause;
    const error = new ApiError(0, { message: (cause as Error).message }, null);
    if (method !== 'GET' && !options.quiet) notifier(error);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { message: text.slice(0, 200) };
    }
  }
  if (response.ok) return data as T;

  const error = new ApiError(response.status, (data ?? {}) as Partial<ApiErrorBody>, response.headers.get('retry-after'));
  if (response.status === 401 && !options.allowUnauthorized) {
    onUnauthorized();
  } else if (method !== 'GET' && !options.quiet) {
    notifier(error);
  }
  throw error;
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], options?: Omit<RequestOptions, 'method' | 'query'>) =>
    request<T>(path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'POST', body: body ?? {} }),
  put: <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'method'>) => request<T>(path, { ...options, method: 'DELETE' }),
};
