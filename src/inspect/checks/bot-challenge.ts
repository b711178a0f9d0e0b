// BOT_CHALLENGE: a firewall / anti-bot challenge answered instead of the page. It means "could not verify",
// not "broken": inspectPage then makes no HTTP_ERROR of that response's status (src/inspect/fetch-facts.ts).
//
// A challenge is recognised by its vendor's marker together with the way the vendor answers: its own status
// (412 瑞数, 521 加速乐, 468 雷池, 403/503 Cloudflare), or a 2xx page that is an empty shell around a script (older 瑞数
// answer 202 so; 云锁 and 安全狗's CC check answer 200 so). A real page that merely carries the same boot script beside
// its content is judged on its content, and a site's real error page (a 404 behind a firewall, Cloudflare's 521
// "origin down") stays an HTTP error. The markers, and where each was read, are listed with the fixtures in
// test/fixtures/challenges/README.md.
import { finding } from '../../findings.js';
import type { PageCheck, ParsedPage } from '../types.js';

/** Above this much main text, a "please enable JavaScript" note is a real page's <noscript> fallback. */
const MAX_CHALLENGE_TEXT = 300;
/**
 * A 2xx challenge is a shell: no links and at most this much visible text anywhere (navigation included), so that a
 * site's own page with the boot script in its layout, even an empty one, is judged on what it shows.
 */
const MAX_SHELL_TEXT = 40;

const RIVERS = /\$_ts\s*=|\$_ts\[|window\[['"]\$_ts['"]\]/;
const JIASULE = /__jsl_clearance|jsl_clearance_s|__jsluid/;
const SAFEDOG_PAGE = /WebShieldSessionVerify|WebShieldDRSessionVerify|safedog|安全狗|网站防火墙/i;
const SAFELINE_PAGE = /SafeLineChallenge|\/\.safeline\/|id=["']slg-(box|title|bg)["']|sl-challenge|safeline|雷池/i;
const YUNSUO_PAGE = /security_verify_data|security_session_verify|yunsuo/i;
const CLOUDFLARE_PAGE = /_cf_chl_opt|\/cdn-cgi\/challenge-platform\/|<title>\s*Just a moment/i;

/** Whether the page is an empty shell: no links and next to no visible text (what a script-only page shows). */
function isShell(page: ParsedPage): boolean {
  return page.textChars <= MAX_SHELL_TEXT && page.mainLinks.length === 0;
}

/** The challenge's vendor, or undefined when the response is not a challenge. */
function challengeVendor(page: ParsedPage): string | undefined {
  const { fetch } = page;
  if (page.isDocument) return undefined;
  const status = fetch.status ?? 0;
  const html = fetch.text !== undefined ? fetch.text.slice(0, 50_000) : '';
  const cookies = fetch.headers['set-cookie'] ?? '';
  const server = `${fetch.headers.server ?? ''} ${fetch.headers['x-powered-by'] ?? ''}`;
  const ok = status >= 200 && status < 300;
  const refused = status >= 400;
  const shell = ok && isShell(page);

  if (fetch.headers['cf-mitigated']?.toLowerCase() === 'challenge') return 'Cloudflare';
  if ((status === 412 || shell) && RIVERS.test(html)) return '瑞数 Rivers Security';
  if ((status === 521 || shell) && (JIASULE.test(html) || (status === 521 && /__jsluid/.test(cookies)))) return '加速乐 Jiasule';
  if (((status === 468 || refused) && (SAFELINE_PAGE.test(html) || /sl-session|sl-challenge/.test(cookies))) || (shell && SAFELINE_PAGE.test(html))) {
    return '雷池 SafeLine';
  }
  if ((refused || shell) && SAFEDOG_PAGE.test(html.slice(0, 20_000))) return '安全狗 Safedog';
  if ((refused || shell) && (YUNSUO_PAGE.test(html) || (shell && (/yunsuo_session_verify/.test(cookies) || /yunsuo/i.test(server))))) {
    return '云锁 Yunsuo';
  }
  if ((status === 403 || status === 503 || status === 429) && CLOUDFLARE_PAGE.test(html)) return 'Cloudflare';
  if (page.mainText.length <= MAX_CHALLENGE_TEXT) {
    const text = `${page.title} ${page.mainText}`;
    if (/(please|you need to)\s+enable\s+javascript|请(开启|启用|打开|允许)\s*(浏览器的?)?\s*javascript|javascript\s*(is\s+)?(disabled|required)/i.test(text)) {
      return 'JavaScript';
    }
  }
  return undefined;
}

export const botChallenge: PageCheck = (page) => {
  const vendor = challengeVendor(page);
  return vendor === undefined ? [] : [finding('BOT_CHALLENGE', { vendor })];
};
