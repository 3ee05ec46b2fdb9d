import { isIP } from 'node:net';
import type { Request } from 'express';

/** The names express's `trust proxy` knows for groups of addresses. */
const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

function validAddress(item: string): boolean {
  if (NAMED.has(item)) return true;
  const [ip, bits, ...rest] = item.split('/');
  if (rest.length || !ip) return false;
  const family = isIP(ip);
  if (!family) return false;
  if (bits === undefined) return true;
  if (/^\d{1,3}$/.test(bits)) return Number(bits) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(bits) === 4; // a v4 netmask, 10.0.0.0/255.0.0.0
}

/** Whether ITBOT_TRUST_PROXY is one of the forms express's `trust proxy` setting takes. */
export function validTrustProxy(v: string): boolean {
  if (v === 'true' || v === 'false' || /^\d{1,3}$/.test(v)) return true;
  return v.split(',').map((s) => s.trim()).every(validAddress);
}

/**
 * ITBOT_TRUST_PROXY as express's `trust proxy` value: unset or `false`, no proxy is trusted (the
 * client is the socket's address, whatever X-Forwarded-For says); `true`, every hop is; a number,
 * that many hops in front of the server; else the proxies' addresses or subnets (`loopback`,
 * `10.0.0.0/8`, ...), comma separated.
 */
export function trustProxySetting(v: string | undefined): boolean | number | string {
  if (v === undefined || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d{1,3}$/.test(v)) return Number(v);
  return v
    .split(',')
    .map((s) => s.trim())
    .join(',');
}

/**
 * The address a request comes from, for throttling guesses per address (the admin login, the
 * calendar feed): express's `req.ip`, which reads X-Forwarded-For only from the proxies
 * ITBOT_TRUST_PROXY trusts, and is the socket's address otherwise.
 */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
