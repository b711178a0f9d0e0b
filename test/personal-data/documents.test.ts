// Reading documents for personal data in the worker pool: each readable format, the ones that are not read, the
// time cap and a broken file. The pool runs the TypeScript sources here (tsx inside the worker) and dist/ in use.
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentPool } from '../../src/inspect/documents/pool.js';
import { sniffFormat } from '../../src/inspect/documents/format.js';
import { maskNumber } from '../../src/inspect/personal-data/numbers.js';
import { mobiles, residentIds } from '../helpers/personal-data.js';
import { scanned, textPdf, wordDocument, workbook } from '../helpers/documents.js';

const NOW = new Date();
const pool = createDocumentPool(2);
afterAll(() => pool.close());

const ids = residentIds(6);
const phones = mobiles(6);

describe('reading documents in the worker pool', { timeout: 90_000 }, () => {
  it('reads a PDF text layer and names the pages', async () => {
    const pdf = textPdf([
      ['Admission list 2025', 'No  Name  Score'],
      ids.slice(0, 3).map((id, i) => `${i + 1}  Student ${i + 1}  ${id}  ${phones[i]}`),
      ids.slice(3).map((id, i) => `${i + 4}  Student ${i + 4}  ${id}  ${phones[i + 3]}`),
    ]);
    expect(sniffFormat(pdf, 'list.pdf', 'application/pdf')).toBe('pdf');
    const summary = scanned(await pool.read(pdf, 'pdf', { timeoutMs: 60_000, now: NOW }));
    expect(summary.ids).toMatchObject({ count: 6, pages: '2–3', samples: ids.slice(0, 3).map(maskNumber) });
    expect(summary.mobiles).toMatchObject({ count: 6, pages: '2–3' });
  });

  it('keeps numbers in neighbouring PDF text pieces apart', async () => {
    // Two numbers drawn side by side as separate pieces must not run together into one 22-digit string.
    const content = `BT /F1 10 Tf 50 800 Td (${phones[0]}) Tj 80 0 Td (${phones[1]}) Tj ET`;
    const pdf = textPdf([['x']]).toString('latin1').replace(/BT .*? ET/, content);
    const fixed = pdf.replace(/\/Length \d+/, `/Length ${content.length}`);
    const summary = scanned(await pool.read(Buffer.from(fixed, 'latin1'), 'pdf', { timeoutMs: 60_000, now: NOW }));
    expect(summary.mobiles.count).toBe(2);
  });

  it('reports a PDF without a text layer as not read', async () => {
    const outcome = await pool.read(textPdf([[], []], { noText: true }), 'pdf', { timeoutMs: 60_000, now: NOW });
    expect(outcome).toEqual({ kind: 'read', result: { kind: 'no-text', pages: 2 } });
  });

  it('reads an XLSX workbook and names the sheet and cells; a labelled column takes 15-digit numbers', async () => {
    const xlsx = await workbook({
      说明: [['2025年拟录取名单'], ['联系电话', '027-68862345']],
      拟录取名单: [['序号', '姓名', '身份证号', '手机'], ...ids.map((id, i) => [i + 1, `学生${i + 1}`, id, Number(phones[i])]), [7, '学生7', '420106900101123', '']],
    });
    expect(sniffFormat(xlsx, undefined, 'application/octet-stream')).toBe('xlsx');
    const summary = scanned(await pool.read(xlsx, 'xlsx', { timeoutMs: 60_000, now: NOW }));
    expect(summary.ids).toMatchObject({ count: 7, cells: '拟录取名单!C2:C8' });
    expect(summary.mobiles).toMatchObject({ count: 6, cells: '拟录取名单!D2:D7' });
  });

  it('reads DOCX, CSV (UTF-8 and GB18030) and TXT', async () => {
    const docx = wordDocument(['奖学金获得者名单', ...ids.map((id, i) => `学生${i + 1} ${id}`)]);
    expect(sniffFormat(docx, '名单.docx', undefined)).toBe('docx');
    expect(scanned(await pool.read(docx, 'docx', { timeoutMs: 60_000, now: NOW })).ids.count).toBe(6);
    const csv = `序号,姓名,手机\n${phones.map((p, i) => `${i + 1},学生${i + 1},${p}`).join('\n')}\n`;
    const utf8 = scanned(await pool.read(Buffer.from(csv, 'utf8'), 'csv', { timeoutMs: 60_000, now: NOW }));
    expect(utf8.mobiles).toMatchObject({ count: 6, cells: 'C2:C7' });
    const gbk = new Uint8Array(Buffer.from(new TextEncoder().encode(csv))); // same text; GB18030 below
    const { default: iconv } = await import('iconv-lite');
    const gb = scanned(await pool.read(iconv.encode(csv, 'gb18030'), 'csv', { timeoutMs: 60_000, now: NOW }));
    expect([gbk.length > 0, gb.mobiles.count]).toEqual([true, 6]);
    const txt = scanned(await pool.read(Buffer.from(`名单\n${ids.slice(0, 2).join('\n')}\n`), 'txt', { timeoutMs: 60_000, now: NOW }));
    expect(txt.ids).toMatchObject({ count: 2, lines: '2–3' });
  });

  it('says a broken file failed, and a reading over the time cap timed out, and goes on reading after both', async () => {
    const broken = await pool.read(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(300, 0x20)]), 'xlsx', { timeoutMs: 60_000, now: NOW });
    expect(broken.kind).toBe('failed');
    const big = textPdf(Array.from({ length: 400 }, (_, p) => Array.from({ length: 60 }, (_, l) => `line ${p}-${l} ${ids[l % 6]}`)));
    expect(await pool.read(big, 'pdf', { timeoutMs: 5, now: NOW })).toEqual({ kind: 'timeout' });
    const after = scanned(await pool.read(Buffer.from(ids.join('\n')), 'txt', { timeoutMs: 60_000, now: NOW }));
    expect(after.ids.count).toBe(6);
  });

  it('retires a worker idle for a while, and starts a new one for the next document, which is read as before', async () => {
    const idle = createDocumentPool(1, { idleMs: 200 });
    try {
      const first = scanned(await idle.read(Buffer.from(ids.join('\n')), 'txt', { timeoutMs: 60_000, now: NOW }));
      expect(first.ids.count).toBe(6);
      expect(idle.workers).toBe(1);
      // Busy workers are not retired: a second document right away is read by the same worker.
      scanned(await idle.read(Buffer.from(phones.join('\n')), 'txt', { timeoutMs: 60_000, now: NOW }));
      expect(idle.workers).toBe(1);
      for (let i = 0; i < 200 && idle.workers > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(idle.workers).toBe(0);
      const pdf = textPdf([[`Name ${ids[0]!}`, `Phone ${phones[0]!}`]]);
      const later = scanned(await idle.read(pdf, 'pdf', { timeoutMs: 60_000, now: NOW }));
      expect(later.ids).toMatchObject({ count: 1, samples: [maskNumber(ids[0]!)] });
      expect(later.mobiles.count).toBe(1);
      expect(idle.workers).toBe(1);
    } finally {
      await idle.close();
    }
  });

  it('tells formats apart by their bytes, not only their names', () => {
    expect(sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), '名单.xls', undefined)).toBe('old-office');
    expect(sniffFormat(Buffer.from('<html>error</html>'), '名单.xlsx', 'text/html')).toBeUndefined();
    expect(sniffFormat(Buffer.from('a,b\n1,2'), 'download.jsp', 'text/csv')).toBe('csv');
    expect(sniffFormat(Buffer.from('Rar!\x1a\x07'), 'x', undefined)).toBe('archive');
  });
});
