// A 20 MiB PDF on one item is read in a worker thread while the other items of other sites are fetched: they all
// complete, and the big file's leak is still found and placed. (How long the others take with and without the scan
// is a question for the benchmark, never a pass criterion here.)
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type TestServer } from '../helpers/servers.js';
import { textPdf } from '../helpers/documents.js';
import { residentIds } from '../helpers/personal-data.js';
import { createFetcher, DEFAULT_FETCH_OPTIONS } from '../../src/fetch/index.js';
import { DEFAULT_RUN_OPTIONS, runChecks } from '../../src/run/run.js';
import type { Checklist, ItemResult } from '../../src/types.js';

const MiB = 1024 * 1024;

/** A PDF of `size` bytes: 31 pages of text, the last with ID numbers, and a full-page picture (uncompressed grey pixels) on page 1. */
function bigPdf(size: number, ids: string[]): Buffer {
  const pages = Array.from({ length: 30 }, (_, p) => Array.from({ length: 50 }, (_, l) => `Line ${l + 1} of page ${p + 1}: results of the 2025 examination.`));
  pages.push(ids.map((id, i) => `${i + 1}  Candidate ${i + 1}  ${id}`));
  const small = textPdf(pages).toString('latin1');
  const side = Math.ceil(Math.sqrt(size - small.length));
  const pixels = Buffer.alloc(side * side, 0x80).toString('latin1');
  // The picture is object N+1; page 1 draws it. Offsets are rewritten by rebuilding the file around it.
  const objects = [...small.matchAll(/(\d+) 0 obj\n([\s\S]*?)\nendobj\n/g)].map((m) => m[2]!);
  const image = objects.push(`<</Type/XObject/Subtype/Image/Width ${side}/Height ${side}/ColorSpace/DeviceGray/BitsPerComponent 8/Length ${pixels.length}>>stream\n${pixels}\nendstream`);
  const firstPage = objects.findIndex((o) => o.startsWith('<</Type/Page/'));
  const firstStream = Number(/\/Contents (\d+) 0 R/.exec(objects[firstPage]!)![1]) - 1;
  objects[firstPage] = objects[firstPage]!.replace('/Resources<<', `/Resources<</XObject<</Im1 ${image} 0 R>>`);
  const drawn = `q 495 0 0 742 50 50 cm /Im1 Do Q`;
  objects[firstStream] = `<</Length ${drawn.length}>>stream\n${drawn}\nendstream`;
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

describe('a 20 MiB PDF does not hold up the other sites', () => {
  let big: TestServer;
  let others: TestServer;
  const ids = residentIds(12, 9);
  const pdf = bigPdf(20 * MiB, ids);

  beforeAll(async () => {
    big = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      if (req.url === '/files/big.pdf') {
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(pdf.length) });
        res.end(req.method === 'HEAD' ? undefined : pdf);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><head><title>成绩公示</title></head><body><div class="content"><h1>2025年考试成绩公示</h1><p>现将考试成绩公示如下，详见附件。</p><p><a href="/files/big.pdf">成绩表.pdf</a></p></div></body></html>');
    });
    others = await startHttpServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<html><head><title>公开事项${req.url}</title></head><body><div class="content"><h1>公开事项</h1><p>本页公开学校第${req.url}号规章制度及其执行情况（${req.url}），发布时间：2025-03-15，供社会公众查阅监督。</p></div></body></html>`);
      }, 50);
    });
  });
  afterAll(async () => {
    await big?.close();
    await others?.close();
  });

  it('reads the big file off the main thread; every other item completes; the leak is placed on its page', async () => {
    expect(pdf.length).toBeGreaterThanOrEqual(20 * MiB);
    const checklist: Checklist = {
      schema: 1,
      institution: '示例大学',
      categories: [
        {
          name: '招生考试信息',
          items: [
            { no: 1, title: '考试成绩', category: '招生考试信息', urls: [big.url('/cj.htm')], update: 'none' },
            ...Array.from({ length: 30 }, (_, i) => ({ no: i + 2, title: `公开事项${i + 2}`, category: '招生考试信息', urls: [others.url(`/p${i}.htm`)], update: 'none' as const })),
          ],
        },
      ],
    };
    const options = { ...DEFAULT_RUN_OPTIONS, retries: 0, timeoutMs: 60_000, maxBytes: 64 * MiB, scanMaxBytes: 32 * MiB, scanTimeoutMs: 150_000 };
    const fetcher = createFetcher({ ...DEFAULT_FETCH_OPTIONS, retries: 0, timeoutMs: 60_000, maxBytes: 64 * MiB });
    const done: ItemResult[] = [];
    try {
      const run = await runChecks([checklist], options, fetcher, { onItemDone: (item) => done.push(item) });
      expect(run.complete).toBe(true);
      const items = run.results[0]!.items;
      expect(items).toHaveLength(31);
      expect(items.slice(1).map((i) => i.status), JSON.stringify(items[1]!.findings)).toEqual(Array(30).fill('pass'));
      const leak = items[0]!.findings.find((f) => f.code === 'PERSONAL_DATA');
      expect(leak?.params).toMatchObject({ count: 12, file: '成绩表.pdf', pages: '31' });
      expect(done).toHaveLength(31);
    } finally {
      await fetcher.close();
    }
  }, 240_000);
});
