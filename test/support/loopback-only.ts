/**
 * A fence for tests that drive code which may reach out (platform clients, account set-up): while
 * it is up, every TCP or TLS connection the process opens to a host other than loopback
 * (127.0.0.0/8, ::1, localhost) is refused before any DNS lookup or packet, and recorded, so the
 * test can assert that nothing tried to leave the machine. Everything connects through
 * net.Socket.prototype.connect (http, https, undici's fetch, pg, tls), so that is where it sits.
 */
import net from 'node:net';

export interface Attempt { host: string; port: number | string | undefined }

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(?:\.\d{1,3}){3})$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Puts the fence up; `lower()` takes it down and returns the refused attempts. */
export function loopbackOnly(): { attempts: Attempt[]; lower(): Attempt[] } {
  const attempts: Attempt[] = [];
  const original = net.Socket.prototype.connect;
  // connect(options[, cb]) | connect(port[, host][, cb]) | connect(path[, cb])
  const patched = function (this: net.Socket, ...args: unknown[]) {
    // net.connect() passes its arguments normalized, as one array [options, cb].
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    let host: string | undefined;
    let port: number | string | undefined;
    let path: string | null | undefined;
    if (first !== null && typeof first === 'object') {
      const o = first as { host?: string | null; port?: number | string; path?: string | null };
      host = o.host ?? undefined; port = o.port; path = o.path;
    } else if (typeof first === 'string' && !/^\d+$/.test(first)) {
      path = first;
    } else {
      port = first as number | string;
      host = typeof args[1] === 'string' ? args[1] : undefined;
    }
    const target = host ?? 'localhost';
    if (path == null && !isLoopback(target)) {
      attempts.push({ host: target, port });
      const err = Object.assign(new Error(`connect ECONNREFUSED ${target}:${port ?? ''} (refused by the loopback-only fence of the test)`), { code: 'ECONNREFUSED' });
      process.nextTick(() => this.destroy(err));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  net.Socket.prototype.connect = patched as typeof original;
  return {
    attempts,
    lower() {
      if (net.Socket.prototype.connect === (patched as typeof original)) net.Socket.prototype.connect = original;
      return attempts;
    },
  };
}
