// SOFT_404: the server answers 200 but the page says the content does not exist.
import { finding } from '../../findings.js';
import type { PageCheck } from '../types.js';

/** Phrases of error pages (Chinese CMSs, nginx/IIS/Tomcat defaults). */
const ERROR_PHRASES = /页面不存在|您访问的页面不存在|访问的页面不存在|页面已被删除|已被删除|页面未找到|未找到页面|找不到(该|此|您要的|所)?(页面|网页|文件|内容|文章|信息)|无法找到(该|此)?(页面|网页)|信息不存在|文章不存在|内容不存在|该信息已|该文章已|页面出错|出错了|访问出错|错误页面|页面无法访问|not\s{0,3}found|page\s{0,3}not\s{0,3}found|error\s{0,3}404|http\s{0,3}404|(?<![\d.第])404(?![\d号])/i;
/** A page with this much own text (chars) is an article, whatever it mentions. */
const MAX_ERROR_PAGE_TEXT = 400;
/** A short title that names an error is enough on its own, even under a big navigation. */
const MAX_ERROR_TITLE = 40;

export const soft404: PageCheck = (page) => {
  const titleMatch = page.title.length <= MAX_ERROR_TITLE ? ERROR_PHRASES.exec(page.title) : null;
  const head = page.mainText.slice(0, 600);
  const textMatch = page.mainText.length <= MAX_ERROR_PAGE_TEXT ? ERROR_PHRASES.exec(head) : null;
  // A long page whose title names an error is an article *about* an error only if its text says so at length.
  const match = textMatch ?? (titleMatch && page.mainText.length <= 4 * MAX_ERROR_PAGE_TEXT ? titleMatch : null);
  if (!match) return [];
  return [finding('SOFT_404', { phrase: match[0].trim() })];
};
