/**
 * The outbound guard: every request Qunyun makes to a URL an operator typed in (a Telegram Bot
 * API server, a WeCom API root, the WeCom chat-archive sidecar, a sandbox platform) goes through
 * `outbound.fetch`, so that setting up an account cannot make the server reach into its own
 * network (SSRF). A URL must be http(s), without user:password and without a fragment; its host
 * name is resolved (every address) and refused if any address is loopback, private, link-local
 * (cloud metadata), unspecified, multicast or reserved, in any spelling (127.1, 0x7f000001,
 * [::ffff:127.0.0.1], localhost.); the connection then goes to the very address that was checked
 * (the check runs inside the socket's own lookup), so a DNS answer that changes between check
 * and connect cannot get through. Redirects are never followed. Operators opt in to private
 * addresses they mean (a self-hosted Bot API server) with OUTBOUND_ALLOW_PRIVATE.
 *
 * Failures are said in words, never with the socket's error or the server's body: a closed
 * port, an open one and one that does not speak HTTP all read "could not reach the server".
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { PlatformError } from '../connectors/connector.ts';
import { inCidr, isMetadataAddress, parseCidr, parseIp, embeddedIpv4, refusedBecause, type Cidr, type Ip } from './addresses.ts';

/** One entry of OUTBOUND_ALLOW_PRIVATE: an address range (10.0.0.0/8, 127.0.0.1) or a host name, either with an optional port. */
export interface AllowEntry { text: string; cidr?: Cidr; host?: string; port?: number }

/** Resolves a host name to all its addresses (tests pass a fake resolver; default dns.lookup). */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface OutboundOptions {
  /** Private addresses and hosts the operator allows (parsed OUTBOUND_ALLOW_PRIVATE). */
  allow?: AllowEntry[];
  resolve?: Resolver;
  /** Largest body read (default 64 MB). */
  maxBodyBytes?: number;
}

/** The fetch options the guard reads. */
interface OutboundInit {
  method?: string;
  headers?: Record<string, string> | Headers | Array<[string, string]>;
  body?: string | Uint8Array | URLSearchParams | NodeJS.ReadableStream | AsyncIterable<Uint8Array> | null;
  signal?: AbortSignal | null;
  /** Other fetch options (grammY passes node-fetch's agent, compress, duplex): ignored. */
  [other: string]: unknown;
}

export interface Outbound {
  readonly allow: readonly AllowEntry[];
  /**
   * fetch through the guard; rejects with OutboundError when the URL is refused or the server
   * could not be reached. Bodies: string, bytes, URLSearchParams, a stream (no Blob or FormData).
   */
  fetch: typeof globalThis.fetch;
  /** Checks a URL (shape, host name, every address it resolves to) without requesting it. */
  check(url: string): Promise<void>;
}

/**
 * A refused URL (status 422, code outbound_refused) or a server that could not be reached
 * (status 0, code network). `detail` is for the log only: it may name the socket error.
 */
export class OutboundError extends PlatformError {
  readonly detail: string | undefined;
  constructor(kind: 'refused' | 'unreachable', message: string, detail?: string) {
    super(message, kind === 'refused' ? 422 : 0, kind === 'refused' ? 'outbound_refused' : 'network');
    this.name = 'OutboundError';
    this.detail = detail;
  }
  get refused(): boolean { return this.code === 'outbound_refused'; }
}

export const UNREACHABLE = 'could not reach the server';
const unreachable = (detail?: string) => new OutboundError('unreachable', UNREACHABLE, detail);
const refused = (why: string) => new OutboundError('refused', `refused: ${why}`);

/** Names that always mean this machine or a cloud's metadata service. */
const LOCAL_NAMES = /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback|.+\.localhost)$/;
const METADATA_NAMES = /^(metadata|metadata\.google\.internal|metadata\.goog|instance-data|instance-data\.ec2\.internal|metadata\.azure\.internal)$/;

/** Host as compared: lower case, no brackets, no trailing dots. */
function bareHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.+$/, '');
}

/** Parses OUTBOUND_ALLOW_PRIVATE (comma-separated); throws naming the entry that is not understood. */
export function parseAllowList(text: string): AllowEntry[] {
  const out: AllowEntry[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const bad = () => new Error(`"${item}" is neither an address, a range (10.0.0.0/8) nor a host, with an optional :port`);
    let m: RegExpExecArray | null;
    const port = (p: string | undefined) => {
      if (p === undefined) return undefined;
      const n = Number(p);
      if (!Number.isInteger(n) || n < 1 || n > 65535) throw bad();
      return n;
    };
    if (item.includes('/')) {
      const cidr = parseCidr(item);
      if (!cidr) throw bad();
      out.push({ text: item, cidr });
    } else if ((m = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(item))) {
      const cidr = parseCidr(m[1]!);
      if (!cidr) throw bad();
      out.push({ text: item, cidr, ...(m[2] ? { port: port(m[2]) } : {}) });
    } else if (parseIp(item)) {
      out.push({ text: item, cidr: parseCidr(item)! });
    } else if ((m = /^([0-9.]+):(\d+)$/.exec(item)) && parseIp(m[1]!)) {
      out.push({ text: item, cidr: parseCidr(m[1]!)!, port: port(m[2]) });
    } else if ((m = /^([a-zA-Z0-9_.-]+?)\.?(?::(\d+))?$/.exec(item)) && /[a-zA-Z]/.test(m[1]!)) {
      out.push({ text: item, host: m[1]!.toLowerCase(), ...(m[2] ? { port: port(m[2]) } : {}) });
    } else {
      throw bad();
    }
  }
  return out;
}

/**
 * An operator-given base URL (apiRoot, sidecarUrl, baseUrl) at the API and config boundary:
 * http(s), no user:password, no query, no fragment; the trailing slash is dropped.
 */
export const operatorUrl = z.string().max(2000).superRefine((s, ctx) => {
  const problem = urlShapeProblem(s, { query: false });
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).transform((s) => s.replace(/\/+$/, ''));

function urlShapeProblem(s: string, o: { query: boolean }): string | undefined {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return 'not a URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'only http and https URLs are accepted';
  if (u.username || u.password) return 'a URL with user:password@ is not accepted';
  if (s.includes('#')) return 'a URL with a fragment (#) is not accepted';
  if (!o.query && s.includes('?')) return 'a URL with a query (?) is not accepted here';
  if (!u.hostname) return 'the URL has no host';
  return undefined;
}

export function createOutbound(options: OutboundOptions = {}): Outbound {
  const allow = options.allow ?? [];
  const resolve: Resolver = options.resolve ?? ((h) => dnsLookup(h, { all: true, verbatim: true }));
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  const portOk = (e: AllowEntry, port: number) => e.port === undefined || e.port === port;
  const hostAllowed = (host: string, port: number) => allow.some((e) => e.host === host && portOk(e, port));

  /** Throws OutboundError when this address may not be reached from this URL. */
  function judge(ip: Ip, host: string, port: number): void {
    if (isMetadataAddress(ip)) throw refused(`${host} is a cloud metadata address`);
    const why = refusedBecause(ip);
    if (!why) return;
    if (hostAllowed(host, port)) return;
    const v4 = embeddedIpv4(ip);
    if (allow.some((e) => e.cidr && portOk(e, port) && (inCidr(ip, e.cidr) || (v4 !== undefined && inCidr(v4, e.cidr))))) return;
    throw refused(`${host} is a ${why} address (allow it with OUTBOUND_ALLOW_PRIVATE)`);
  }

  /** The URL's shape and its host as written; returns what to connect to. */
  function precheck(input: string): { url: URL; host: string; port: number; ip: Ip | undefined } {
    const problem = urlShapeProblem(input, { query: true });
    if (problem) throw refused(problem);
    const url = new URL(input);
    const host = bareHost(url.hostname);
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    if (METADATA_NAMES.test(host)) throw refused(`${host} is a cloud metadata address`);
    const ip = parseIp(host);
    if (ip) judge(ip, host, port);
    else if (LOCAL_NAMES.test(host) && !hostAllowed(host, port)) throw refused(`${host} is a loopback address (allow it with OUTBOUND_ALLOW_PRIVATE)`);
    return { url, host, port, ip };
  }

  async function resolveChecked(host: string, port: number): Promise<Array<{ address: string; family: number }>> {
    let addresses: Array<{ address: string; family: number }>;
    try {
      addresses = await resolve(host);
    } catch (e) {
      throw unreachable(`lookup of ${host} failed: ${(e as Error).message}`);
    }
    if (addresses.length === 0) throw unreachable(`${host} has no address`);
    // Any refused address refuses the name: a record set mixing public and private is not used.
    for (const a of addresses) {
      const ip = parseIp(a.address);
      if (!ip) throw unreachable(`${host} resolved to ${a.address}`);
      judge(ip, host, port);
    }
    return addresses;
  }

  /** The socket's lookup: resolves, checks every address, and hands back only checked ones (no second lookup). */
  function guardedLookup(host: string, port: number): LookupFunction {
    return ((_hostname: string, opts: { all?: boolean; family?: number | string }, callback: (...args: unknown[]) => void) => {
      resolveChecked(host, port).then((addresses) => {
        if (opts.all) return callback(null, addresses);
        const family = opts.family === 'IPv6' ? 6 : opts.family === 'IPv4' ? 4 : Number(opts.family) || 0;
        const a = addresses.find((x) => family === 0 || x.family === family) ?? addresses[0]!;
        callback(null, a.address, a.family);
      }, (err: unknown) => callback(err));
    }) as LookupFunction;
  }

  async function check(input: string): Promise<void> {
    const { host, port, ip } = precheck(input);
    if (!ip) await resolveChecked(host, port);
  }

  async function guardedFetch(input: string | URL | Request, init: OutboundInit = {}): Promise<Response> {
    const { url, host, port } = precheck(input instanceof Request ? input.url : String(input));
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw abortReason(signal);
    const headers: Record<string, string> = {};
    new Headers(init.headers as ConstructorParameters<typeof Headers>[0]).forEach((v, k) => { headers[k] = v; });
    let body = init.body ?? undefined;
    if (body instanceof URLSearchParams) {
      headers['content-type'] ??= 'application/x-www-form-urlencoded;charset=UTF-8';
      body = body.toString();
    }
    if (typeof body === 'string') body = Buffer.from(body);
    if (body instanceof Uint8Array) headers['content-length'] = String(body.byteLength);
    else if (body !== undefined && typeof (body as NodeJS.ReadableStream).pipe !== 'function' && !(Symbol.asyncIterator in Object(body))) {
      throw new TypeError('outbound fetch: unsupported body (send a string, bytes, URLSearchParams or a stream)');
    }
    const https_ = url.protocol === 'https:';

    return new Promise<Response>((resolvePromise, reject) => {
      let settled = false;
      let socket: import('node:net').Socket | undefined;
      const fail = (e: unknown) => {
        if (settled) return;
        settled = true;
        // The socket too: after a parse error it would otherwise stay half open.
        socket?.destroy();
        req.destroy();
        reject(e instanceof OutboundError || isAbort(e) ? e : unreachable((e as Error)?.message));
      };
      const onAbort = () => fail(abortReason(signal!));
      const req = (https_ ? https : http).request({
        protocol: url.protocol, hostname: host, port, path: `${url.pathname}${url.search}`,
        method: init.method ?? 'GET', headers, agent: https_ ? agents.https : agents.http,
        lookup: guardedLookup(host, port),
      }, (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) return fail(unreachable(`answered ${status} (redirects are not followed)`));
        if (status < 200 || status > 599) return fail(unreachable(`answered status ${status}`));
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBody) fail(unreachable(`answer larger than ${maxBody} bytes`));
          else chunks.push(c);
        });
        res.on('error', fail);
        res.on('aborted', () => fail(unreachable('answer cut off')));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          const h = new Headers();
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            try { h.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!); } catch { /* a header fetch cannot hold */ }
          }
          const empty = status === 204 || status === 205 || status === 304 || req.method === 'HEAD';
          resolvePromise(new Response(empty ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: h }));
        });
      });
      req.on('socket', (s) => { socket = s; });
      req.on('error', fail);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (body === undefined || body instanceof Uint8Array) {
        req.end(body);
      } else {
        const stream = typeof (body as NodeJS.ReadableStream).pipe === 'function'
          ? body as NodeJS.ReadableStream : Readable.from(body as AsyncIterable<Uint8Array>);
        stream.on('error', fail);
        stream.pipe(req);
      }
    });
  }

  return { allow, fetch: guardedFetch as typeof globalThis.fetch, check };
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError');
}

function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  return r instanceof Error ? r : new DOMException('The operation was aborted.', 'AbortError');
}
