// The cost of the personal-data scan, on the built dist/ (not part of `npm run bench`):
//   npm run build && node bench/personal-data.mjs
// (1) how long 300 items of one local site take while a 20 MiB text PDF linked by an item of another site is
// downloaded and read, with the scan off and on (twice each: the first scan run pays the worker's start);
// (2) inspectPage per 1,000 pages on the CMS captures of /work/shared/reference-pages/, with and without the
// page check; (3) reading cost per MiB of XLSX, text PDF and CSV in one worker.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
const root = process.cwd();
const { textPdf, workbook } = await import(`${root}/dist/fixture-site/documents.js`);
const { createFetcher, DEFAULT_FETCH_OPTIONS } = await import(`${root}/dist/fetch/index.js`);
const { DEFAULT_RUN_OPTIONS, runChecks } = await import(`${root}/dist/run/run.js`);
const { inspectPage, defaultPeriod } = await import(`${root}/dist/inspect/index.js`);
const { createDocumentPool } = await import(`${root}/dist/inspect/documents/pool.js`);
const { idCheckChar } = await import(`${root}/dist/inspect/personal-data/numbers.js`);
const MiB = 1024 * 1024;
const id = (n) => { const f = `429999${2000 + (n % 5)}0${1 + (n % 9)}1${n % 10}${String(n % 1000).padStart(3, '0')}`; return f + idCheckChar(f); };

function listen(handler) { return new Promise((r) => { const s = http.createServer(handler); s.listen(0, '127.0.0.1', () => r(s)); }); }

// A text-heavy PDF of ~20 MiB: pages of 60 lines.
const lines = (p) => Array.from({ length: 60 }, (_, l) => `${p * 60 + l}  Candidate ${p}-${l}  College of Materials  ${p === 4999 ? id(l) : 'score 386.5 rank 12'}  remarks none`);
const pages = []; let size = 0; let p = 0;
while (size < 20 * MiB) { const ls = lines(p++); pages.push(ls); size += ls.join('').length + 60 * 12; }
pages[pages.length - 1] = Array.from({ length: 20 }, (_, l) => `${l} ${id(l)}`);
const pdf = textPdf(pages);
console.log(`pdf: ${(pdf.length / MiB).toFixed(1)} MiB, ${pages.length} pages`);

const big = await listen((req, res) => {
  if (req.url === '/big.pdf') { res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length }); res.end(req.method === 'HEAD' ? undefined : pdf); return; }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end('<html><head><title>成绩</title></head><body><div class="content"><h1>成绩公示</h1><p>现将考试成绩公示如下，详见附件，发布时间2025-03-15。</p><a href="/big.pdf">成绩表.pdf</a></div></body></html>');
});
const others = await listen((req, res) => setTimeout(() => { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(`<html><head><title>事项${req.url}</title></head><body><div class="content"><h1>公开事项</h1><p>本页公开学校规章制度及执行情况，发布时间：2025-03-15，供社会公众查阅监督。</p></div></body></html>`); }, 20));
const bigUrl = `http://127.0.0.1:${big.address().port}`;
const otherUrl = `http://127.0.0.1:${others.address().port}`;
const N = 300;
const checklist = { schema: 1, institution: 'x', categories: [{ name: 'c', items: [
  { no: 1, title: '成绩', category: 'c', urls: [`${bigUrl}/cj.htm`], update: 'none' },
  ...Array.from({ length: N }, (_, i) => ({ no: i + 2, title: `事项${i}`, category: 'c', urls: [`${otherUrl}/p${i}.htm`], update: 'none' })),
] }] };
const pct = (xs, q) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
for (const personalData of [false, true, false, true]) {
  const options = { ...DEFAULT_RUN_OPTIONS, personalData, retries: 0, timeoutMs: 120000, maxBytes: 64 * MiB, scanMaxBytes: 32 * MiB, scanTimeoutMs: 600000 };
  const fetcher = createFetcher({ ...DEFAULT_FETCH_OPTIONS, retries: 0, timeoutMs: 120000, maxBytes: 64 * MiB });
  const t0 = performance.now(); const at = new Map();
  // Event-loop lag on the main thread while the run goes on.
  let last = performance.now(); let lag = 0; const timer = setInterval(() => { const n = performance.now(); lag = Math.max(lag, n - last - 10); last = n; }, 10);
  const run = await runChecks([checklist], options, fetcher, { onItemDone: (item) => at.set(item.no, performance.now() - t0) });
  clearInterval(timer); await fetcher.close();
  const otherTimes = [...at].filter(([no]) => no !== 1).map(([, t]) => t);
  const leak = run.results[0].items[0].findings.find((f) => f.code === 'PERSONAL_DATA');
  console.log(`scan=${personalData}: ${N} other items done by ${Math.round(Math.max(...otherTimes))} ms (median ${Math.round(pct(otherTimes, 0.5))}, p95 ${Math.round(pct(otherTimes, 0.95))}); big item done at ${Math.round(at.get(1))} ms; max main-thread lag ${Math.round(lag)} ms; leak: ${leak ? JSON.stringify(leak.params) : '-'}`);
}
big.close(); others.close();

// Page scan cost: inspectPage on real CMS captures, with and without the personal-data check.
const refs = ['05-nju-itsc-webplus-list.html', '06-nju-itsc-webplus-article.html', '04-whu-vsb-detail-ELIDED.html'].map((f) => readFileSync(`/work/shared/reference-pages/${f}`, 'utf8'));
const now = new Date();
for (const personal of [false, true, false, true]) {
  const ctx = { checklist: { institution: 'x' }, period: defaultPeriod(now), now, slowMs: 8000, staleSoonDays: 30, ...(personal ? { personalData: { mobileThreshold: 5 } } : {}) };
  const t = performance.now(); let n = 0;
  for (let round = 0; round < 400; round++) for (const text of refs) {
    inspectPage({ kind: 'response', maxBytes: 10 * MiB, url: 'http://x.edu.cn/a.htm', finalUrl: 'http://x.edu.cn/a.htm', redirects: [], status: 200, headers: {}, contentType: 'text/html', text, bytes: text.length, truncated: false, elapsedMs: 1, attempts: 1, retryWaits: [], findings: [] }, { no: 1, title: '学校章程', category: 'c', urls: [] }, ctx); n++;
  }
  console.log(`inspectPage personalData=${personal}: ${((performance.now() - t) / n * 1000).toFixed(0)} ms per 1,000 pages`);
}
// Read cost per MiB, in one worker (after a warm-up read).
const pool = createDocumentPool(1);
const rows = Array.from({ length: 60000 }, (_, i) => [i + 1, `学生${i}`, '材料科学与工程', id(i), `140${String(i).padStart(8, '0')}`, 386.5]);
const xlsx = await workbook({ 名单: [['序号', '姓名', '专业', '身份证号', '手机', '成绩'], ...rows] });
const smallPdf = textPdf(pages.slice(0, 1200));
await pool.read(Buffer.from('warm'), 'txt', { timeoutMs: 600000, now });
await pool.read(textPdf([['warm up the pdf reader']]), 'pdf', { timeoutMs: 600000, now });
await pool.read(await workbook({ a: [['x']] }), 'xlsx', { timeoutMs: 600000, now });
for (const [name, bytes, format] of [['xlsx', xlsx, 'xlsx'], ['pdf', smallPdf, 'pdf'], ['csv', Buffer.from(rows.map((r) => r.join(',')).join('\n')), 'csv']]) {
  const t = performance.now();
  const r = await pool.read(bytes, format, { timeoutMs: 600000, now });
  const ms = performance.now() - t;
  console.log(`${name}: ${(bytes.length / MiB).toFixed(2)} MiB read in ${Math.round(ms)} ms = ${Math.round(ms / (bytes.length / MiB))} ms/MiB (${r.kind}/${r.result?.kind}, ids ${r.result?.summary?.ids.count})`);
}
await pool.close();
