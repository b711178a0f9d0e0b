// The links of the appendix table as addresses, before any is fetched: which site each is on, and whether it can
// be a page at all. The institution's site is the registrable domain most links are on (ties: the one the report's
// text names first); a link on another .edu.cn (or .edu) domain points to another institution's site — usually a
// column copied from another university's report. Links on other sites (a provincial procurement portal, 阳光高考)
// are not flagged.
import { parse } from 'tldts';
import { siteOf } from '../inspect/domain.js';

export interface LinkSites {
  /** The institution's registrable domain, when the links have one. */
  home?: string;
  /** Links per registrable domain. */
  counts: Map<string, number>;
}

/** The registrable domain most links are on; ties go to the domain named first in `text`. */
export function linkSites(urls: readonly string[], text = ''): LinkSites {
  const counts = new Map<string, number>();
  for (const url of urls) {
    const site = siteOf(url);
    if (site) counts.set(site, (counts.get(site) ?? 0) + 1);
  }
  const best = Math.max(0, ...counts.values());
  const top = [...counts].filter(([, n]) => n === best).map(([site]) => site);
  const named = top.map((site) => ({ site, at: text.indexOf(site) })).filter((s) => s.at >= 0).sort((a, b) => a.at - b.at);
  const home = top.length === 1 ? top[0] : (named[0]?.site ?? top[0]);
  return home ? { home, counts } : { counts };
}

/** Whether a registrable domain is an academic institution's (edu.cn, edu.hk, edu, ac.cn…). */
export function isInstitutionDomain(site: string): boolean {
  return /\.(edu|ac)(\.[a-z]{2})?$/i.test(site) || /\.edu$/i.test(site);
}

export type LinkShape = 'page' | 'home' | 'not-a-url';

/** `not-a-url`: does not parse as an http(s) address with a host name; `home`: a site's home page, not a column. */
export function linkShape(url: string): LinkShape {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not-a-url';
  }
  if (!/^https?:$/.test(parsed.protocol) || !parsed.hostname) return 'not-a-url';
  const host = parse(parsed.hostname);
  if (!host.isIp && parsed.hostname !== 'localhost' && !parsed.hostname.includes('.')) return 'not-a-url';
  const path = parsed.pathname.replace(/\/(index|default|main)\.(s?html?|jsp|php|aspx?)$/i, '/');
  if (path === '/' && !parsed.search && !parsed.hash.replace(/^#\/?$/, '')) return 'home';
  return 'page';
}
