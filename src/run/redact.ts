// Privacy: credentials in URLs (https://user:pass@host/) and query parameters that carry secrets are
// redacted from a RunResult before any reporter sees it, so no output format can leak them.
import type { Finding, ItemResult, PageResult, RunResult } from '../types.js';
import { mapParamText } from '../findings.js';
import { withItems } from './store.js';

/** Query parameter names whose values are secrets (matched case-insensitively, as whole names or suffixes). */
const SECRET_PARAM = /(^|[_-])(token|access_token|ticket|password|passwd|pwd|secret|session|sessionid|sid|jsessionid|auth|apikey|api_key|key|signature|sig)$/i;
const MASK = 'REDACTED';

/** The URL with user info and secret query values masked; strings that are not URLs are returned unchanged. */
export function redactUrl(value: string): string {
  // Nothing to mask without user info (`@`), a query (`?`) or a path parameter (`;`): no URL parse (a run's report
  // redacts every URL of every item, ~10 a page).
  if (!/[@?;]/.test(value) || !/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  let changed = false;
  if (url.username || url.password) {
    url.username = MASK;
    url.password = '';
    changed = true;
  }
  // `;jsessionid=...` path parameters, common on Java CMSs.
  if (/;jsessionid=/i.test(url.pathname)) {
    url.pathname = url.pathname.replace(/;jsessionid=[^/;?#]*/gi, `;jsessionid=${MASK}`);
    changed = true;
  }
  for (const name of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) {
      url.searchParams.set(name, MASK);
      changed = true;
    }
  }
  return changed ? url.toString() : value;
}

/** Redact URLs that appear inside free text (finding parameters such as a Location header). */
export function redactText(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (match) => redactUrl(match));
}

// Copy on write: what has nothing to mask is returned as it is (the same object), so redacting a run whose URLs hold
// no secret — nearly every run — copies nothing; reports read 100,000 items through here.

/** `list` with `map` applied to each element: the same array when `map` returned every element as it was. */
function mapSame<T>(list: T[], map: (element: T) => T): T[] {
  let out: T[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const element = list[i]!;
    const mapped = map(element);
    if (out === undefined && mapped !== element) out = list.slice(0, i);
    out?.push(mapped);
  }
  return out ?? list;
}

function redactFinding(f: Finding): Finding {
  const url = f.url === undefined ? undefined : redactUrl(f.url);
  const params = Object.values(f.params as Record<string, unknown>);
  if (url === f.url && params.every((value) => typeof value !== 'string' || redactText(value) === value)) return f;
  const out = mapParamText(f, redactText);
  if (url !== undefined) out.url = url;
  return out;
}

function redactPage(page: PageResult): PageResult {
  const url = redactUrl(page.url);
  const finalUrl = redactUrl(page.finalUrl);
  const redirects = mapSame(page.redirects, (hop) => withUrl(hop, redactUrl(hop.url)));
  const attachments = mapSame(page.attachments, (a) => withUrl(a, redactUrl(a.url)));
  if (url === page.url && finalUrl === page.finalUrl && redirects === page.redirects && attachments === page.attachments) return page;
  return { ...page, url, finalUrl, redirects, attachments };
}

function withUrl<T extends { url: string }>(holder: T, url: string): T {
  return url === holder.url ? holder : { ...holder, url };
}

/** The item result with every URL redacted: the same object when none had anything to mask. */
export function redactItem(item: ItemResult): ItemResult {
  const urls = mapSame(item.urls, redactUrl);
  const pages = mapSame(item.pages, redactPage);
  const findings = mapSame(item.findings, redactFinding);
  if (urls === item.urls && pages === item.pages && findings === item.findings) return item;
  return { ...item, urls, pages, findings };
}

/** The run with every URL redacted (items with nothing to mask are not copied). */
export function redactRun(run: RunResult): RunResult {
  return {
    ...run,
    // A result whose items are in the run's store stays there: they are redacted each time they are read.
    results: run.results.map((result) =>
      withItems(result, (items) => items.map(redactItem), {
        checklist: {
          ...result.checklist,
          ...(result.checklist.site !== undefined ? { site: redactUrl(result.checklist.site) } : {}),
        },
      }),
    ),
  };
}
