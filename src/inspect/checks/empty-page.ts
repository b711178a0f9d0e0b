// EMPTY_PAGE (single page): a placeholder such as 暂无内容 in place of content, or an empty list container.
// The cross-page pass (crossPageFindings) adds the case of a page with too little text of its own.
import { finding } from '../../findings.js';
import type { PageCheck } from '../types.js';

/** A text block that is only a placeholder. */
const PLACEHOLDER = /^[【[（(]?\s*(暂无(相关)?(内容|数据|信息|记录|文章|新闻|公告|通知)|没有(相关)?(记录|数据|内容|信息)|无(相关)?(记录|内容|数据)|内容(建设|更新)中|正在建设中|栏目建设中|no\s+(content|data|records?)(\s+available)?)\s*[】\]）)]?[。.!！]?$/i;
/** Above this much main text, a placeholder is one empty section of a real page. */
const MAX_PLACEHOLDER_PAGE_TEXT = 400;
/** Above this much main text, an empty list container is page furniture, not the page's content. */
const MAX_EMPTY_LIST_PAGE_TEXT = 200;

export const emptyPage: PageCheck = (page) => {
  if (page.listEntries > 0 || page.hasMedia) return [];
  if (page.mainText.length <= MAX_PLACEHOLDER_PAGE_TEXT) {
    for (const block of page.mainBlocks) {
      if (block.length <= 30 && PLACEHOLDER.test(block)) {
        return [finding('EMPTY_PAGE', { reason: 'placeholder', phrase: block })];
      }
    }
  }
  if (page.hasEmptyList && page.mainText.length <= MAX_EMPTY_LIST_PAGE_TEXT) {
    return [finding('EMPTY_PAGE', { reason: 'empty-list' })];
  }
  return [];
};
