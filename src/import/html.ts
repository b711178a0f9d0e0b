// HTML reports (and DOCX converted to HTML): every <tr> of every <table> in document order, with rowspan and
// colspan expanded onto a grid so that each row has its cells in the header's columns.
import * as cheerio from 'cheerio';
import type { SourceRow } from './table.js';

const CJK_EDGE = /([\u3000-\u303f\u3400-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])/g;

/** Text of a cell: <br> and blocks become line breaks, source indentation goes, no space between CJK characters. */
function cellText($: cheerio.CheerioAPI, cell: ReturnType<cheerio.CheerioAPI>): string {
  const copy = cell.clone();
  copy.find('br').replaceWith('\n');
  copy.find('p, div, li').after('\n');
  const hrefs = copy
    .find('a[href]')
    .map((_, a) => $(a).attr('href') ?? '')
    .get()
    .filter((href) => /^https?:\/\//i.test(href));
  let text = copy
    .text()
    .split(/\n/)
    .map((line) => line.replace(/[ \t\r\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n')
    .replace(CJK_EDGE, '$1');
  // A link whose text is not the address (e.g. 点击查看): use the address.
  if (hrefs.length > 0 && !/https?:\/\//i.test(text)) text = hrefs.join('\n');
  return text;
}

/** Rows of every table in the document, rowspan/colspan expanded (spanned places are empty cells). */
export function htmlRows(html: string): SourceRow[] {
  const $ = cheerio.load(html);
  const rows: SourceRow[] = [];
  $('table').each((tableIndex, table) => {
    // Nested tables are read on their own; skip rows that belong to an inner table here.
    const trs = $(table)
      .find('tr')
      .filter((_, tr) => $(tr).closest('table').get(0) === table)
      .get();
    const spans: { text: string; left: number }[] = []; // per column: rows still covered by a rowspan above
    trs.forEach((tr, rowIndex) => {
      const cells: string[] = [];
      let column = 0;
      const place = (): void => {
        while (spans[column] && spans[column]!.left > 0) {
          spans[column]!.left--;
          cells[column] = '';
          column++;
        }
      };
      $(tr)
        .children('td, th')
        .each((_, td) => {
          place();
          const text = cellText($, $(td));
          const colspan = Math.max(1, Number($(td).attr('colspan')) || 1);
          const rowspan = Math.max(1, Number($(td).attr('rowspan')) || 1);
          for (let k = 0; k < colspan; k++) {
            cells[column] = k === 0 ? text : '';
            spans[column] = { text, left: rowspan - 1 };
            column++;
          }
        });
      place();
      for (let k = 0; k < cells.length; k++) cells[k] ??= '';
      rows.push({ cells, place: { table: tableIndex + 1, row: rowIndex + 1 } });
    });
  });
  return rows;
}

/** The document's text with line breaks between blocks, for reading the institution and period. */
export function htmlText(html: string): string {
  const $ = cheerio.load(html);
  $('script, style').remove();
  $('br').replaceWith('\n');
  $('p, div, h1, h2, h3, h4, h5, h6, li, tr, title, td, th').after('\n');
  return $.root().text();
}
