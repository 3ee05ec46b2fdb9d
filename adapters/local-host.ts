import type { Request } from 'express';
import { clientAddress } from '../src/client-address.ts';

/**
 * The names this machine answers to, for the endpoints that trust loopback callers (the web chat,
 * the Teams endpoint without credentials). A connection from 127.0.0.1 is not enough: a web page
 * in the operator's browser whose name resolves to 127.0.0.1 (DNS rebinding) connects from
 * loopback too, but its requests carry its own name in Host, and a cross-site POST its Origin.
 */

/** The host name of a Host header or an origin's authority, without port and brackets, lower case. */
export function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.indexOf(':');
  return colon >= 0 && h.indexOf(':', colon + 1) < 0 ? h.slice(0, colon) : h;
}

/** A name only this machine answers to: localhost, *.localhost, 127.x.x.x, ::1. */
export function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) || name === '::1';
}

/** ITBOT_HOST when it names one address or host (not the wildcards 0.0.0.0 / ::), else null. */
export function ownHostName(itbotHost: string): string | null {
  const own = hostName(itbotHost);
  return own !== '' && own !== '0.0.0.0' && own !== '::' ? own : null;
}

/** Whether a host name is one of this machine's: the loopback names, or the ITBOT_HOST name. */
export function localHostAllowed(itbotHost: string, name: string): boolean {
  return isLoopbackName(name) || name === ownHostName(itbotHost);
}

/** The allowed names in words, for an error message. */
export function allowedHostsText(itbotHost: string): string {
  const own = ownHostName(itbotHost);
  return `localhost, *.localhost, 127.x.x.x, [::1]${own && !isLoopbackName(own) ? `, ${own}` : ''} (any port)`;
}

/** The host name of an Origin header, or '' when it names none ("null", garbage). */
export function originHostName(origin: string): string {
  try {
    return hostName(new URL(origin).host);
  } catch {
    return '';
  }
}

/** A connection from this machine itself (IPv4, IPv6, or IPv4 mapped into IPv6). */
export function isLoopback(addr: string | undefined): boolean {
  if (!addr) return false;
  return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');
}

/**
 * A caller on this machine: its connection comes from loopback and, behind a reverse proxy that
 * ITBOT_TRUST_PROXY trusts, so does the client the proxy names in X-Forwarded-For (a proxy on this
 * machine forwards other machines' clients from loopback). Both, so that a trusted header can only
 * narrow what the connection allows: a caller from another machine that writes 127.0.0.1 into the
 * header itself stays refused, whatever proxies are trusted. Every address of the header that the
 * trusted proxies vouch for must be loopback too: with every hop trusted (`true`) the client is the
 * header's first entry, which a remote caller writes itself in front of the address the proxy adds.
 */
export function isLoopbackCaller(req: Request): boolean {
  return isLoopback(req.socket.remoteAddress) && isLoopback(clientAddress(req)) && (req.ips ?? []).every(isLoopback);
}

/**
 * The header, if any, that names another machine: the Host, or (with `withOrigin`) an Origin the
 * request carries ("null" or garbage names none, so it is foreign too). The one check of the
 * endpoints that trust loopback callers; each words its own refusal.
 */
export function foreignHeader(headers: { host?: string; origin?: string }, itbotHost: string, withOrigin = true): { header: 'host' | 'origin'; value: string } | null {
  const host = headers.host ?? '';
  if (!localHostAllowed(itbotHost, hostName(host))) return { header: 'host', value: host };
  const origin = headers.origin;
  if (withOrigin && origin !== undefined && !localHostAllowed(itbotHost, originHostName(origin))) return { header: 'origin', value: origin };
  return null;
}
