// SOFT_404: the server answers 200 but the page says the content does not exist.
import { finding } from '../../findings.js';
import type { PageCheck } from '../types.js';

/** Phrases of error pages (Chinese CMSs, nginx/IIS/Tomcat defaults). */
const ERROR_PHRASES = /页面不存在|您访问的页面不存在|访问的页面不存在|页面已被删除|已被删除|页面未找到|未找到页面|找不到(该|此|您要的|所)?(页面|网页|文件|内容|文章|信息)|无法找到(该|此)?(页面|网页)|信息不存在|文章不存在|内容不存在|该信息已|该文章已|页面出错|出错了|访问出错|错误页面|页面无法访问|not\s{0,3}found|page\s{0,3}not\s{0,3}found|error\s{0,3}404|http\s{0,3}404|(?<![\d.第])404(?![\d号])/i;
/** An error message is a short block… */
const MAX_ERROR_BLOCK = 80;
/** …with little else around it (characters of main text besides the message). */
const MAX_TEXT_BESIDES_ERROR = 200;
/** A short title that names an error is enough, under a navigation of up to this much main text. */
const MAX_ERROR_TITLE = 40;
const MAX_TEXT_UNDER_ERROR_TITLE = 1600;

export const soft404: PageCheck = (page) => {
  for (const block of page.mainBlocks) {
    if (block.length > MAX_ERROR_BLOCK || page.mainText.length - block.length > MAX_TEXT_BESIDES_ERROR) continue;
    const match = ERROR_PHRASES.exec(block);
    if (match) return [finding('SOFT_404', { phrase: match[0].trim() })];
  }
  if (page.title.length <= MAX_ERROR_TITLE && page.mainText.length <= MAX_TEXT_UNDER_ERROR_TITLE) {
    const match = ERROR_PHRASES.exec(page.title);
    if (match) return [finding('SOFT_404', { phrase: match[0].trim() })];
  }
  return [];
};
