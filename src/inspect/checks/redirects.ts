// REDIRECTED_HOME (the item's link now lands on the home page) and OFF_SITE_REDIRECT (it lands on another site).
import { finding } from '../../findings.js';
import type { PageCheck } from '../types.js';
import { sameSite } from '../domain.js';

/** Paths of a site's home page. */
const HOME_PATH = /^\/((index|default|main|home|portal)\.(s?html?|jsp|php|aspx?|psp))?$/i;

/** Whether `url` is the root of its origin (or one of the usual home-page file names), with no query. */
export function isHomeUrl(url: string, site?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.search === '' && HOME_PATH.test(parsed.pathname)) return true;
  if (site === undefined) return false;
  try {
    const home = new URL(site);
    const strip = (u: URL): string => `${u.origin}${u.pathname.replace(/\/((index|default|main)\.(s?html?|jsp|php|aspx?|psp))?$/i, '/')}${u.search}`;
    return strip(parsed) === strip(home);
  } catch {
    return false;
  }
}

export const redirectedHome: PageCheck = (page, _item, ctx) => {
  const { fetch } = page;
  if (fetch.redirects.length === 0) return [];
  const site = ctx.checklist.site;
  if (isHomeUrl(fetch.url, site)) return []; // the item is the home page itself: / → /index.htm is fine
  return isHomeUrl(fetch.finalUrl, site) ? [finding('REDIRECTED_HOME')] : [];
};

export const offSiteRedirect: PageCheck = (page, item) => {
  const { fetch } = page;
  if (fetch.redirects.length === 0 || item.external === true) return [];
  if (sameSite(fetch.url, fetch.finalUrl)) return [];
  let host = fetch.finalUrl;
  try {
    host = new URL(fetch.finalUrl).host;
  } catch {
    // keep the raw URL
  }
  return [finding('OFF_SITE_REDIRECT', { host })];
};
