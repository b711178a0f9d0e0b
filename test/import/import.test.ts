import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { loadChecklist, parseChecklist } from '../../src/checklist/index.js';
import { runImport } from '../../src/commands/import.js';
import { importReport, importReportBytes } from '../../src/import/index.js';
import { readReportMeta } from '../../src/import/meta.js';
import { MOE_CATEGORIES } from '../../src/import/table.js';
import type { Checklist } from '../../src/types.js';
import { capture, reports, repoRoot, seedFile } from './helpers.js';

async function shipped(): Promise<Checklist> {
  const loaded = await loadChecklist(resolve(repoRoot, 'checklists/wust-2023-2024.yaml'));
  expect(loaded.checklist, 'the shipped wust checklist loads').toBeDefined();
  return loaded.checklist!;
}

/** Field-by-field comparison of an imported checklist with the hand-transcribed one. */
function expectSameChecklist(actual: Checklist, expected: Checklist, withMeta = true): void {
  if (withMeta) {
    expect(actual.institution).toBe(expected.institution);
    expect(actual.period).toEqual(expected.period);
    expect(actual.title).toBe(expected.title);
    expect(actual.site).toBe(expected.site);
  }
  expect(actual.categories.map((c) => [c.name, c.declared, c.items.length])).toEqual(
    expected.categories.map((c) => [c.name, c.declared, c.items.length]),
  );
  const strip = (c: Checklist) => c.categories.flatMap((cat) => cat.items.map((i) => ({ no: i.no, title: i.title, category: i.category, urls: i.urls })));
  const a = strip(actual);
  const b = strip(expected);
  expect(a.length).toBe(b.length);
  a.forEach((item, k) => expect(item, `item ${b[k]!.no}`).toEqual(b[k]));
}

describe('import: the seed report', () => {
  it.runIf(existsSync(seedFile))('imports exactly the shipped checklists/wust-2023-2024.yaml', async () => {
    const result = await importReport(seedFile);
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.table.unplaced).toEqual([]);
    expectSameChecklist(result.checklist!, await shipped());
    // The declared-count mismatch of category 3 is reported, as a warning.
    expect(result.issues.map((i) => i.message.en).join('\n')).toMatch(/财务、资产及收费信息" declares 7 items and lists 8/);
  });
  if (!existsSync(seedFile)) console.warn(`seed report not found at ${seedFile}: its import test is skipped`);
});

describe('import: every format of the same table', () => {
  for (const file of ['report.txt', 'report.html', 'report.docx', 'report.pdf']) {
    it(`${file} imports the same 51 items with the right URLs`, async () => {
      const result = await importReport(join(reports, file));
      expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(result.table.unplaced).toEqual([]);
      expectSameChecklist(result.checklist!, await shipped());
    });
  }

  it('reads a wrapped URL and a wrapped title in extracted text (the fixture wraps items 1, 19 and 38)', async () => {
    const text = readFileSync(join(reports, 'report.txt'), 'utf8');
    expect(text).toMatch(/\n[a-z_]+\.htm\n/); // the fixture really has a URL's rest on its own line
    const result = await importReport(join(reports, 'report.txt'));
    const items = result.checklist!.categories.flatMap((c) => c.items);
    expect(items.find((i) => i.no === 19)!.urls).toEqual(['https://xxgk.wust.edu.cn/kjfw/cw_zcjsfxx/yqsb_ts_ypdwzsbcbghzdjjgcdztb.htm']);
    expect(items.find((i) => i.no === 1)!.title).toMatch(/^办学规模.*等办学基本情况$/);
  });
});

describe('import: what it cannot read', () => {
  const text = readFileSync(join(reports, 'report.txt'), 'utf8');
  const lines = text.split('\n');

  it('names a row of junk inside the table and fails', async () => {
    const junk = [...lines];
    junk.splice(30, 0, '@@##$$%%^^&&', 'x\ty\tz\tw\tv\tu');
    const result = await importReportBytes(Buffer.from(junk.join('\n')), 'junk.txt');
    const unplaced = result.table.unplaced.map((r) => r.place.line);
    expect(unplaced).toEqual([31, 32]);
    expect(result.issues.some((i) => i.severity === 'error')).toBe(true);
  });

  it('a table cut in the middle of a row: names the row and fails', async () => {
    const cut = lines.slice(0, 40);
    cut.push(lines[40]!.slice(0, lines[40]!.indexOf('\t', 3) + 6)); // the item's title, cut before its link
    const result = await importReportBytes(Buffer.from(cut.join('\n')), 'cut.txt');
    const errors = result.issues.filter((i) => i.severity === 'error');
    expect(errors.some((e) => e.place?.line === 41 && /no link cell/.test(e.message.en))).toBe(true);
    expect(result.issues.some((e) => e.severity === 'warning' && /input is cut off/.test(e.message.en))).toBe(true);
  });

  it('a partial appendix (fewer categories than the ministry list) is read, with a warning naming the missing ones', async () => {
    const result = await importReportBytes(Buffer.from(lines.slice(0, 30).join('\n')), 'part.txt');
    expect(result.issues.filter((e) => e.severity === 'error')).toEqual([]);
    expect(result.checklist!.categories.map((c) => c.name)).toEqual(['基本信息', '招生考试信息', '财务、资产及收费信息']);
    const warning = result.issues.find((e) => /缺少教育部清单/.test(e.message.zh))!;
    expect(warning.severity).toBe('warning');
    expect(warning.message.zh).toContain('缺少教育部清单的 7 类：人事师资信息、教学质量信息、学生管理服务信息、学风建设信息、学位、学科信息、对外交流与合作信息、其他');
    expect(warning.message.en).toContain("lacks 7 of the ministry's list: 人事师资信息, 教学质量信息");
  });

  it("MOE_CATEGORIES are the ten categories of checklists/moe-2014.yaml", async () => {
    const moe = await loadChecklist(resolve(repoRoot, 'checklists/moe-2014.yaml'));
    expect(MOE_CATEGORIES).toEqual(moe.checklist!.categories.map((c) => c.name));
  });

  it('`import` writes the checklist of a partial appendix and says what is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-import-'));
    writeFileSync(join(dir, 'part.txt'), lines.slice(0, 30).join('\n'));
    const c = capture(dir);
    expect(await runImport(join(dir, 'part.txt'), { output: 'part.yaml', lang: 'zh' }, c.ctx)).toBe(0);
    expect(c.out()).toMatch(/警告: 表格只有 3 类，缺少教育部清单的 7 类：人事师资信息、/);
    const parsed = parseChecklist(readFileSync(join(dir, 'part.yaml'), 'utf8'), 'part.yaml');
    expect(parsed.checklist!.categories).toHaveLength(3);
  });

  it('reads GB18030/GBK and UTF-16 (with a BOM) text and says so on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-import-'));
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const utf16be = Buffer.from(utf16le);
    utf16be.swap16();
    const cases: [string, Buffer, RegExp][] = [
      ['gb18030.txt', iconv.encode(text, 'gb18030'), /已按 GB18030 编码读取/],
      ['utf16le.txt', utf16le, /按 UTF-16LE 编码读取/],
      ['utf16be.txt', utf16be, /按 UTF-16BE 编码读取/],
    ];
    const expected = (await importReportBytes(Buffer.from(text), 'report.txt')).checklist!;
    for (const [name, bytes, said] of cases) {
      writeFileSync(join(dir, name), bytes);
      const c = capture(dir);
      expect(await runImport(join(dir, name), { output: `${name}.yaml`, lang: 'zh' }, c.ctx), name).toBe(0);
      expect(c.err(), name).toMatch(said);
      expect(c.err(), name).not.toMatch(/可能是 GBK/);
      const read = parseChecklist(readFileSync(join(dir, `${name}.yaml`), 'utf8'), name).checklist!;
      const titles = (c: Checklist): string[][] => c.categories.map((cat) => [cat.name, ...cat.items.map((i) => `${i.no} ${i.title} ${i.urls.join(' ')}`)]);
      expect(titles(read), name).toEqual(titles(expected));
    }
    // Plain UTF-8 says nothing about its encoding.
    const plain = capture(dir);
    writeFileSync(join(dir, 'plain.txt'), text);
    await runImport(join(dir, 'plain.txt'), { output: 'plain.yaml', lang: 'zh' }, plain.ctx);
    expect(plain.err()).not.toMatch(/编码读取/);
  });

  it('no appendix table at all', async () => {
    const result = await importReportBytes(Buffer.from('武汉科技大学\n一、概述\n今年我们做了很多工作。\n'), 'prose.txt');
    expect(result.checklist).toBeUndefined();
    expect(result.issues[0]!.message.en).toMatch(/no appendix table found/);
  });

  it('a PDF that is not one, a non-UTF-8 text and a missing file are errors, not exceptions', async () => {
    expect((await importReportBytes(Buffer.from('%PDF-1.7\ngarbage'), 'bad.pdf')).issues[0]!.message.en).toMatch(/cannot read the PDF/);
    expect((await importReportBytes(Buffer.from([0xd1, 0xa7, 0xd0, 0xa3, 0xff]), 'gbk.txt')).issues[0]!.message.en).toMatch(/not UTF-8/);
    expect((await importReport('/nonexistent/report.txt')).issues[0]!.message.en).toMatch(/cannot read \/nonexistent\/report.txt \(ENOENT\)/);
  });
});

describe('import: what the report says about itself', () => {
  it('reads institution, statistics period and school year', () => {
    const meta = readReportMeta('\n\n武汉科技大学\n\n2023-2024 学年度信息公开工作报告\n报告中所列数据的统计时间为2023年9月1日至2024年8月31日，根据');
    expect(meta).toEqual({ institution: '武汉科技大学', period: { from: '2023-09-01', to: '2024-08-31' }, title: '2023-2024学年度信息公开清单事项' });
  });
  it('does not invent a period from an impossible date', () => {
    expect(readReportMeta('统计时间为2023年2月30日至2024年8月31日').period).toBeUndefined();
  });
});

describe('xxgk-check import (command)', () => {
  it('writes YAML that validates, keeps key order, and prints what it found', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-import-'));
    const c = capture(dir);
    const code = await runImport(join(reports, 'report.html'), { output: 'out.yaml', lang: 'en' }, c.ctx);
    expect(code).toBe(0);
    const yaml = readFileSync(join(dir, 'out.yaml'), 'utf8');
    expect(yaml.startsWith('# ')).toBe(true);
    const keys = yaml.split('\n').filter((l) => /^[a-z]+:/.test(l)).map((l) => l.split(':')[0]);
    expect(keys).toEqual(['schema', 'institution', 'title', 'period', 'site', 'categories']);
    expect(yaml).toMatch(/url: 无/);
    const parsed = parseChecklist(yaml, 'out.yaml');
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expectSameChecklist(parsed.checklist!, await shipped());
    expect(c.out()).toMatch(/51 items, 1 without a link/);
    expect(c.out()).toMatch(/财务、资产及收费信息\s+7\s+8\s+⚠/);
    expect(c.out()).toMatch(/validation \(as `validate`\): 1 problem/);
  });

  it('without -o: YAML on stdout, the report on stderr; refuses to overwrite without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-import-'));
    const c = capture(dir);
    expect(await runImport(join(reports, 'report.txt'), { lang: 'zh' }, c.ctx)).toBe(0);
    expect(c.out()).toMatch(/^# 由 xxgk-check import/);
    expect(parseChecklist(c.out(), 'stdout').checklist).toBeDefined();
    expect(c.err()).toMatch(/共 51 项，其中无链接 1 项/);
    writeFileSync(join(dir, 'taken.yaml'), 'keep me');
    const again = capture(dir);
    expect(await runImport(join(reports, 'report.txt'), { output: 'taken.yaml' }, again.ctx)).toBe(2);
    expect(readFileSync(join(dir, 'taken.yaml'), 'utf8')).toBe('keep me');
  });

  it('--institution overrides the report', async () => {
    const c = capture();
    await runImport(join(reports, 'report.txt'), { institution: '某某大学' }, c.ctx);
    expect(parseChecklist(c.out(), 'stdout').checklist!.institution).toBe('某某大学');
  });

  it('a garbled input exits 2 naming its lines, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-import-'));
    const lines = readFileSync(join(reports, 'report.txt'), 'utf8').split('\n');
    lines.splice(25, 0, '\ufffd\ufffd\ufffd\t\ufffd');
    writeFileSync(join(dir, 'garbled.txt'), lines.join('\n'));
    const c = capture(dir);
    expect(await runImport('garbled.txt', { output: 'out.yaml', lang: 'en' }, c.ctx)).toBe(2);
    expect(c.out()).toMatch(/garbled\.txt: line 26: error: could not place this row \(contains garbled/);
    expect(existsSync(join(dir, 'out.yaml'))).toBe(false);
  });
});
