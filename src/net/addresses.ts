/**
 * IP addresses and ranges for the outbound guard (outbound.ts): which addresses a server-side
 * request to an operator-given URL must never reach — loopback, private, carrier-grade NAT,
 * link-local (cloud metadata), unspecified, multicast, reserved — whatever way the address is
 * written (IPv4-mapped and NAT64 IPv6 are judged by the IPv4 address inside), and the CIDR
 * ranges an operator allows anyway (OUTBOUND_ALLOW_PRIVATE). Plain functions, no I/O.
 */
import { isIP } from 'node:net';

/** An address as 4 (IPv4) or 16 (IPv6) bytes. */
export interface Ip { family: 4 | 6; bytes: Uint8Array }

export interface Cidr { ip: Ip; prefix: number }

/** Parses a plain IPv4 (dotted quad) or IPv6 address (no brackets, no zone); undefined if it is neither. */
export function parseIp(text: string): Ip | undefined {
  const family = isIP(text);
  if (family === 4) return { family: 4, bytes: Uint8Array.from(text.split('.').map(Number)) };
  if (family !== 6) return undefined;
  let s = text.toLowerCase();
  const bytes = new Uint8Array(16);
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (quad) {
    const v4 = quad[1]!.split('.').map(Number);
    s = s.slice(0, quad.index) + `${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') as [string, string] : [s, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  });
  return { family: 6, bytes };
}

export function formatIp(ip: Ip): string {
  if (ip.family === 4) return [...ip.bytes].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((ip.bytes[i]! << 8) | ip.bytes[i + 1]!).toString(16));
  return groups.join(':');
}

/** Parses `10.0.0.0/8`, `fd00::/8` or a single address (a /32 or /128); undefined if invalid. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, bits, extra] = text.split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const ip = parseIp(addr.replace(/^\[(.*)\]$/, '$1'));
  if (!ip) return undefined;
  const max = ip.family === 4 ? 32 : 128;
  if (bits === undefined) return { ip, prefix: max };
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return undefined;
  return { ip, prefix: Number(bits) };
}

export function inCidr(ip: Ip, range: Cidr): boolean {
  if (ip.family !== range.ip.family) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((ip.bytes[i]! & mask) !== (range.ip.bytes[i]! & mask)) return false;
  }
  return true;
}

/** The IPv4 address an IPv6 one carries (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d). */
export function embeddedIpv4(ip: Ip): Ip | undefined {
  if (ip.family !== 6) return undefined;
  const b = ip.bytes;
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const mapped = zeros(0, 10) && b[10] === 0xff && b[11] === 0xff;
  const compatible = zeros(0, 12);
  const nat64 = b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12);
  return mapped || compatible || nat64 ? { family: 4, bytes: b.slice(12, 16) } : undefined;
}

const range = (text: string, why: string): [Cidr, string] => [parseCidr(text)!, why];

/** What is refused, with the word the operator is told. */
const REFUSED: Array<[Cidr, string]> = [
  range('0.0.0.0/8', 'unspecified'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'private (carrier-grade NAT)'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'reserved'),
  range('192.0.2.0/24', 'reserved'),
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'reserved'),
  range('198.51.100.0/24', 'reserved'),
  range('203.0.113.0/24', 'reserved'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved'),
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('100::/64', 'reserved'),
  range('2001:db8::/32', 'reserved'),
  range('fc00::/7', 'private'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'private'),
  range('ff00::/8', 'multicast'),
];

/** Cloud metadata endpoints: refused even when an operator allows their range. */
const METADATA: Cidr[] = ['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254'].map((a) => parseCidr(a)!);

/**
 * Why this address may not be reached ('loopback', 'private', …), or undefined if it is public.
 * IPv6 addresses that carry an IPv4 address are judged by that address.
 */
export function refusedBecause(ip: Ip): string | undefined {
  const direct = REFUSED.find(([r]) => inCidr(ip, r))?.[1];
  if (direct) return direct;
  const v4 = embeddedIpv4(ip);
  return v4 ? refusedBecause(v4) : undefined;
}

export function isMetadataAddress(ip: Ip): boolean {
  const v4 = embeddedIpv4(ip) ?? ip;
  return METADATA.some((r) => inCidr(v4, r));
}
