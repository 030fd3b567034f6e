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
 * Early GETs: at start-up (and when the address changes to another page) the shell asks for the
 * data of the page being opened (web/src/lib/preload.ts) while the page's code loads, instead of
 * after its first render. The page's own GET of the same address takes the answer once (within
 * EARLY_MS); if the early request failed, the page asks again itself, so errors, 401s and retries
 * behave as before. An answer that is already here can even be read during the page's first
 * render (`settledNow`, used by useAsync and the session), so the page renders once, with its
 * data, instead of a skeleton first.
 */
const EARLY_MS = 10_000;
interface Early { at: number; answer: Promise<unknown>; done?: { value: unknown } }
// Requests sent by early.ts (a script of its own, run before this code: index.html) are taken over.
const early = new Map<string, Early>((globalThis as { qyEarly?: Map<string, Early> }).qyEarly ?? []);

/** The early GETs sent so far (early.ts hands them to the console's code as window.qyEarly). */
export function earlyRequests(): Map<string, unknown> {
  return early;
}
let collecting = false;
let probing = false;
const SETTLED = Symbol('settled');
/** What request() gives while probing: never settles (nothing is sent); carries the answer if it is here. */
interface Probe { then(): void; [SETTLED]?: { key: string; value: unknown } }

let collected: Promise<unknown>[] = [];
let secondary = false;

/** Inside prefetch: GETs sent early but not waited for (filter options, facets). */
export function notAwaited(calls: () => void): void {
  secondary = true;
  try {
    calls();
  } finally {
    secondary = false;
  }
}

/**
 * Runs `calls` (GETs of the api objects); each GET is sent now and kept for the page to take.
 * Answers when all of them (but those in `notAwaited`) have answered, failed or not.
 */
export function prefetch(calls: () => void): Promise<unknown> {
  collecting = true;
  collected = [];
  try {
    calls();
  } finally {
    collecting = false;
  }
  return Promise.allSettled(collected);
}

/**
 * If `load` is a single GET (`(signal) => xApi.y(…, signal)`) whose early answer has already
 * arrived, its value and address; otherwise undefined. Sends nothing and takes nothing: `load` is
 * called in a mode where request() answers a promise that never settles unless the answer is here
 * (so a loader that chains or awaits simply misses). The caller takes the answer with `takeEarly`
 * once its render is committed.
 */
export function settledNow<T>(load: () => Promise<T>): { key: string; value: T } | undefined {
  probing = true;
  try {
    const result = load() as unknown as Probe;
    const hit = result?.[SETTLED];
    return hit ? { key: hit.key, value: hit.value as T } : undefined;
  } catch {
    return undefined;
  } finally {
    probing = false;
  }
}

/** Marks an early answer read by `settledNow` as taken (a later GET of the address asks the server). */
export function takeEarly(key: string): void {
  early.delete(key);
}

export function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const get = (options.method ?? 'GET') === 'GET' && options.body === undefined;
  if (probing) {
    const probe: Probe = { then() {} };
    const key = path + buildQuery(options.query);
    const hit = get ? early.get(key) : undefined;
    if (hit?.done && Date.now() - hit.at < EARLY_MS) probe[SETTLED] = { key, value: hit.done.value };
    return probe as unknown as Promise<T>;
  }
  if (get) {
    const key = path + buildQuery(options.query);
    if (collecting) {
      const previous = early.get(key);
      if (previous && Date.now() - previous.at < EARLY_MS) {
        if (!secondary) collected.push(previous.answer);
        return previous.answer as Promise<T>;
      }
      const answer = send<T>(path, { ...options, allowUnauthorized: true, quiet: true, signal: undefined });
      if (!secondary) collected.push(answer);
      const entry: Early = { at: Date.now(), answer };
      answer.then((value) => { entry.done = { value }; }, () => undefined);
      early.set(key, entry);
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
