// LOGIN_REQUIRED: the item ends on a login / single-sign-on page (CAS, 统一身份认证, VSB's caslogin.jsp).
import { finding } from '../../findings.js';
import type { PageCheck } from '../types.js';

/** Login systems recognised from the final URL. */
const LOGIN_URL = /caslogin\.jsp|\/cas\/login|\/authserver\b|\/sso\/|\/ssologin|\/(user)?log[io]n(\b|_)|\/signin\b|\/sign-in\b|\/auth\/realms\/|\/oauth2?\/authorize/i;
/** Login systems recognised from the page. */
const LOGIN_TEXT = /统一身份认证|统一认证登录|身份认证平台|单点登录|用户登录|请先登录|请登录|登录后(查看|访问|浏览)|校内用户|仅限校内|sign in to continue|please (log|sign) in/i;
/** Above this much main text, a login box is a widget of a real page. */
const MAX_LOGIN_PAGE_TEXT = 300;

function pathAndQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return '';
  }
}

export const loginRequired: PageCheck = (page) => {
  const { fetch } = page;
  const urls = [fetch.finalUrl, ...fetch.redirects.slice(1).map((hop) => hop.url)];
  const byUrl = urls.some((url) => LOGIN_URL.test(pathAndQuery(url)));
  const short = page.mainText.length <= MAX_LOGIN_PAGE_TEXT;
  const byPassword = page.passwordInput.inMain || (page.passwordInput.anywhere && short);
  const byText = short && (LOGIN_TEXT.test(page.title) || LOGIN_TEXT.test(page.mainText));
  const byStatus = fetch.status === 401 && fetch.headers['www-authenticate'] !== undefined;
  if (byUrl || byPassword || byText || byStatus) return [finding('LOGIN_REQUIRED')];
  return [];
};
