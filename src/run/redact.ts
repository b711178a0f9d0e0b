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
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
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

function redactFinding(f: Finding): Finding {
  const out = mapParamText(f, redactText);
  if (f.url !== undefined) out.url = redactUrl(f.url);
  return out;
}

function redactPage(page: PageResult): PageResult {
  return {
    ...page,
    url: redactUrl(page.url),
    finalUrl: redactUrl(page.finalUrl),
    redirects: page.redirects.map((hop) => ({ ...hop, url: redactUrl(hop.url) })),
    attachments: page.attachments.map((a) => ({ ...a, url: redactUrl(a.url) })),
  };
}

/** A copy of the item result with every URL redacted. */
export function redactItem(item: ItemResult): ItemResult {
  return { ...item, urls: item.urls.map(redactUrl), pages: item.pages.map(redactPage), findings: item.findings.map(redactFinding) };
}

/** A copy of the run with every URL redacted. */
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
