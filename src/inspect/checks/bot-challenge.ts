// BOT_CHALLENGE: a firewall / anti-bot challenge answered instead of the page. It means "could not verify",
// not "broken": inspectPage then makes no HTTP_ERROR of that response's status (src/inspect/fetch-facts.ts).
import { finding } from '../../findings.js';
import type { PageCheck, ParsedPage } from '../types.js';

/** Above this much main text, a "please enable JavaScript" note is a real page's <noscript> fallback. */
const MAX_CHALLENGE_TEXT = 300;

/** The challenge's vendor, or undefined when the response is not a challenge. */
function challengeVendor(page: ParsedPage): string | undefined {
  const { fetch } = page;
  const status = fetch.status ?? 0;
  const html = fetch.text !== undefined ? fetch.text.slice(0, 50_000) : '';
  const server = `${fetch.headers.server ?? ''} ${fetch.headers['x-powered-by'] ?? ''}`;
  const rivers = /\$_ts\s*=|\$_ts\[|window\[['"]\$_ts['"]\]/;
  if (status === 412 && rivers.test(html)) return '瑞数 Rivers Security';
  if ((status === 200 || status === 202) && page.mainText.length <= MAX_CHALLENGE_TEXT && rivers.test(html)) {
    return '瑞数 Rivers Security';
  }
  if (status === 521 || /__jsl_clearance|jsl_clearance_s/.test(html)) return '加速乐 Jiasule';
  if (/safedog/i.test(server) || /safedog|安全狗/i.test(html.slice(0, 20_000)) && status >= 400) return '安全狗 Safedog';
  if (/safeline|雷池/i.test(html.slice(0, 20_000)) && (status >= 400 || page.mainText.length <= MAX_CHALLENGE_TEXT)) {
    return '雷池 SafeLine';
  }
  if (fetch.headers['cf-mitigated'] === 'challenge' || (/cloudflare/i.test(server) && /just a moment|cf-chl|challenge-platform/i.test(html))) {
    return 'Cloudflare';
  }
  if (page.mainText.length <= MAX_CHALLENGE_TEXT && !page.isDocument) {
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
