// Which site a URL belongs to: the registrable domain (xxgk.wust.edu.cn and www.wust.edu.cn are both wust.edu.cn;
// edu.cn and gov.cn are public suffixes), from the public-suffix list that `tldts` ships.
import { parse } from 'tldts';

/** The site a URL belongs to: its registrable domain, or its host name for IP addresses, localhost and the like. */
export function siteOf(url: string): string | undefined {
  let hostname: string;
  try {
    hostname = new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (hostname.startsWith('[')) return hostname; // IPv6 literal
  const parsed = parse(hostname);
  if (parsed.isIp) return hostname;
  return parsed.domain ?? hostname;
}

/** Whether two URLs are on the same site (same registrable domain; same host for IPs and single-label hosts). */
export function sameSite(a: string, b: string): boolean {
  const siteA = siteOf(a);
  return siteA !== undefined && siteA === siteOf(b);
}
