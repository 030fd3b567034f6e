/**
 * A console-like HTTP client for end-to-end tests against a listening Qunyun: keeps the session
 * and CSRF cookies, sends the CSRF header on state-changing requests (docs/console-api.md), and
 * signs in by setting up the first owner.
 */
export interface Answer<T = any> { status: number; body: T; text: string }

export interface ApiClient {
  request<T = any>(method: string, path: string, body?: unknown): Promise<Answer<T>>;
  get<T = any>(path: string): Promise<Answer<T>>;
  post<T = any>(path: string, body?: unknown): Promise<Answer<T>>;
  patch<T = any>(path: string, body?: unknown): Promise<Answer<T>>;
}

export function apiClient(baseUrl: string): ApiClient {
  const cookies = new Map<string, string>();
  async function request<T>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (cookies.size > 0) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = cookies.get('qy_csrf');
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      cookies.set(pair!.slice(0, i).trim(), pair!.slice(i + 1).trim());
    }
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON: keep the text */ }
    return { status: res.status, body: parsed as T, text };
  }
  return {
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body ?? {}),
  };
}

/** Sets up the first owner (the installation must have no user yet) and returns their signed-in client. */
export async function signInOwner(baseUrl: string): Promise<ApiClient> {
  const client = apiClient(baseUrl);
  await client.get('/api/setup');
  const r = await client.post('/api/setup', { email: 'owner@example.com', name: 'Owner', password: 'correct horse battery staple', workspaceName: 'Qunyun e2e' });
  if (r.status !== 200) throw new Error(`setup failed: ${r.status} ${r.text}`);
  return client;
}

/** Polls until `check` returns a value (not undefined), or fails with the last thing seen. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
