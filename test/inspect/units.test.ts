// Unit tests: dates, keywords, Content-Disposition names, registrable domains, periods, attachment links, home URLs.
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { extractDates, latestDate } from '../../src/inspect/dates.js';
import { defaultPeriod, deriveKeywords, fileNameFromDisposition, isAttachmentUrl, sameSite, siteOf } from '../../src/inspect/index.js';
import { compactText, findTerm, matchTerms } from '../../src/inspect/keywords.js';
import { isHomeUrl } from '../../src/inspect/checks/redirects.js';
import { hashText } from '../../src/inspect/hash.js';

describe('extractDates', () => {
  it('reads the five written forms', () => {
    const dates = extractDates('发布于2024-03-05，更新 2024/3/5 与 2023.12.01；2024年3月5日印发，2022年11月起施行');
    expect(dates.map((d) => d.iso)).toEqual(['2024-03-05', '2024-03-05', '2023-12-01', '2024-03-05', '2022-11-30']);
    expect(dates[4]!.monthOnly).toBe(true);
  });
  it('ignores impossible dates and mixed separators', () => {
    expect(extractDates('2024-02-30 2023-13-01 2024-00-10 2023-02-29 2024/03-05 1888-01-01')).toEqual([]);
    expect(extractDates('2024-02-29').map((d) => d.iso)).toEqual(['2024-02-29']);
  });
  it('does not read digits inside longer numbers or school years as dates', () => {
    expect(extractDates('编号 120240305 电话 027-68862114 学年 2023-2024 版本 12024.1.1')).toEqual([]);
  });
  it('picks the latest date not after a limit (future typos are ignored)', () => {
    const dates = extractDates('2021-01-01 2099-01-01 2024-05-20');
    expect(latestDate(dates, '2026-01-01')!.iso).toBe('2024-05-20');
  });
  it('stays linear on long digit runs', () => {
    const text = '2024-'.repeat(50_000);
    expect(extractDates(text)).toEqual([]);
  });
});

describe('defaultPeriod', () => {
  it('is the 12 months before now', () => {
    expect(defaultPeriod(new Date('2025-06-15T08:00:00Z'))).toEqual({ from: '2024-06-16', to: '2025-06-15' });
    expect(defaultPeriod(new Date('2024-02-29T00:00:00Z'))).toEqual({ from: '2023-03-02', to: '2024-02-29' });
  });
});

describe('deriveKeywords', () => {
  it('splits on punctuation and 及、和、与, keeping segments of 2+ characters', () => {
    expect(deriveKeywords('学校章程及制定的各项规章制度')).toEqual(['学校章程', '制定的各项规章制度']);
    expect(deriveKeywords('（7）招生章程及特殊类型招生办法，分批次、分科类招生计划')).toEqual([
      '招生章程', '特殊类型招生办法', '分批次', '分科类招生计划',
    ]);
    expect(deriveKeywords('中外合作办学情况')).toEqual(['中外合作办学情况']);
    expect(deriveKeywords('校级领导干部因公出国(境)情况')).toEqual(['校级领导干部因公出国', '情况']);
  });
  it('matches long derived terms by their 4-character parts, given keywords only verbatim', () => {
    const terms = matchTerms(['校级领导班子简介'], true);
    expect(terms).toContain('领导班子');
    expect(findTerm(compactText('学校领导班子 成员分工'), terms)).toBe('领导班子');
    expect(findTerm(compactText('学校领导班子'), matchTerms(['校级领导班子简介'], false))).toBeUndefined();
    expect(findTerm(compactText('田径运动会隆重开幕'), matchTerms(deriveKeywords('学生申诉办法'), true))).toBeUndefined();
  });
  it('compares ASCII case-insensitively and ignores spaces inside Chinese text', () => {
    expect(findTerm(compactText('本科 教学 质量 报告 PDF'), matchTerms(['本科教学质量报告', 'pdf'], false))).toBe('本科教学质量报告');
  });
});

describe('fileNameFromDisposition', () => {
  it('reads RFC 5987 filename* in UTF-8', () => {
    expect(fileNameFromDisposition(`attachment; filename*=UTF-8''${encodeURIComponent('2024年部门预算.pdf')}`)).toBe('2024年部门预算.pdf');
  });
  it('prefers filename* over filename', () => {
    expect(fileNameFromDisposition(`attachment; filename="budget.pdf"; filename*=UTF-8''${encodeURIComponent('预算.pdf')}`)).toBe('预算.pdf');
  });
  it('reads filename* in GBK', () => {
    const encoded = [...iconv.encode('决算报表.xls', 'gbk')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    expect(fileNameFromDisposition(`attachment; filename*=GBK''${encoded}`)).toBe('决算报表.xls');
  });
  it('repairs raw GBK and raw UTF-8 bytes (seen as Latin-1 characters)', () => {
    const gbk = iconv.encode('收费标准.docx', 'gbk').toString('latin1');
    expect(fileNameFromDisposition(`attachment; filename="${gbk}"`)).toBe('收费标准.docx');
    const utf8 = Buffer.from('招生计划.xlsx', 'utf8').toString('latin1');
    expect(fileNameFromDisposition(`attachment; filename="${utf8}"`)).toBe('招生计划.xlsx');
  });
  it('reads percent-encoded plain names and unquoted names with spaces', () => {
    expect(fileNameFromDisposition(`attachment; filename=${encodeURIComponent('学籍管理办法.pdf')}`)).toBe('学籍管理办法.pdf');
    expect(fileNameFromDisposition('attachment; filename=annual report 2024.pdf')).toBe('annual report 2024.pdf');
  });
  it('gives nothing for headers without a name, and never throws', () => {
    expect(fileNameFromDisposition(undefined)).toBeUndefined();
    expect(fileNameFromDisposition('inline')).toBeUndefined();
    expect(fileNameFromDisposition(';;;=""')).toBeUndefined();
  });
});

describe('sameSite', () => {
  it('compares registrable domains under edu.cn and gov.cn', () => {
    expect(siteOf('https://xxgk.wust.edu.cn/a.htm')).toBe('wust.edu.cn');
    expect(sameSite('https://xxgk.wust.edu.cn/a.htm', 'https://www.wust.edu.cn/')).toBe(true);
    expect(sameSite('https://xxgk.wust.edu.cn/', 'https://xxgk.whu.edu.cn/')).toBe(false);
    expect(sameSite('http://www.moe.gov.cn/', 'http://www.hubei.gov.cn/')).toBe(false);
    expect(sameSite('https://zs.demo.edu.cn/', 'https://gaokao.chsi.com.cn/')).toBe(false);
  });
  it('compares host names for IP addresses and localhost', () => {
    expect(sameSite('http://127.0.0.1:8080/a', 'http://127.0.0.1:9090/b')).toBe(true);
    expect(sameSite('http://127.0.0.1:8080/a', 'http://localhost:8080/a')).toBe(false);
    expect(sameSite('http://[::1]:80/', 'http://[::1]:81/')).toBe(true);
    expect(sameSite('not a url', 'not a url')).toBe(false);
  });
});

describe('isAttachmentUrl', () => {
  it('knows document extensions and CMS download links', () => {
    for (const url of [
      'https://x.edu.cn/_upload/article/files/9a/3c/abc/1.pdf',
      'https://x.edu.cn/docs/%E9%A2%84%E7%AE%97.XLSX',
      'https://x.edu.cn/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1&wbfileid=2',
      'https://x.edu.cn/_upload/article/files/9a/3c/abc/uuid',
      'https://x.edu.cn/f/a.wps', 'https://x.edu.cn/f/a.7z', 'https://x.edu.cn/f/a.rar',
    ]) expect(isAttachmentUrl(url), url).toBe(true);
    for (const url of ['https://x.edu.cn/info/1011/1234.htm', 'https://x.edu.cn/list.htm', 'https://x.edu.cn/pdf/index.htm', 'mailto:a@b.c']) {
      expect(isAttachmentUrl(url), url).toBe(false);
    }
  });
});

describe('isHomeUrl', () => {
  it('knows the roots of origins and the checklist site', () => {
    for (const url of ['https://x.edu.cn/', 'https://x.edu.cn/index.htm', 'https://x.edu.cn/index.html', 'https://x.edu.cn/main.htm', 'https://x.edu.cn/index.jsp']) {
      expect(isHomeUrl(url), url).toBe(true);
    }
    expect(isHomeUrl('https://www.x.edu.cn/xxgk/', 'https://www.x.edu.cn/xxgk/')).toBe(true);
    expect(isHomeUrl('https://www.x.edu.cn/xxgk/index.htm', 'https://www.x.edu.cn/xxgk/')).toBe(true);
    expect(isHomeUrl('https://x.edu.cn/index.jsp?urltype=tree.TreeTempUrl&wbtreeid=1001')).toBe(false);
    expect(isHomeUrl('https://x.edu.cn/jbxx/index.htm')).toBe(false);
  });
});

describe('hashText', () => {
  it('is stable and tells different texts apart', () => {
    expect(hashText('首页')).toBe(hashText('首页'));
    expect(hashText('首页')).not.toBe(hashText('基本信息'));
  });
});
