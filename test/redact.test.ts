import { describe, expect, it } from 'vitest';
import { redactItem, redactRun, redactText, redactUrl } from '../src/run/redact.js';
import type { ItemResult, RunResult } from '../src/types.js';
import { finding } from '../src/findings.js';

describe('redactUrl', () => {
  it('masks user info', () => {
    const out = redactUrl('https://admin:s3cret@xxgk.example.edu.cn/a.htm');
    expect(out).not.toContain('s3cret');
    expect(out).not.toContain('admin');
    expect(out).toContain('xxgk.example.edu.cn/a.htm');
  });
  it('masks secret query parameters and keeps the others', () => {
    const out = redactUrl('https://sso.example.edu.cn/cas/login?service=https%3A%2F%2Fx&ticket=ST-123-abc&token=xyz&page=2&user_password=p');
    expect(out).not.toMatch(/ST-123|xyz|=p(&|$)/);
    expect(out).toContain('page=2');
    expect(out).toContain('service=');
  });
  it('masks jsessionid path parameters', () => {
    expect(redactUrl('http://h.edu.cn/list.jsp;jsessionid=ABCDEF?x=1')).not.toContain('ABCDEF');
  });
  it('leaves ordinary URLs and non-URLs byte for byte', () => {
    const plain = 'https://xxgk.wust.edu.cn/kjfw/jbxx/xxgkndbg.htm';
    expect(redactUrl(plain)).toBe(plain);
    expect(redactUrl('无')).toBe('无');
    expect(redactUrl('not a url')).toBe('not a url');
  });
  it('redacts URLs inside text', () => {
    expect(redactText('redirects to https://u:pw@evil.example/x?token=1 now')).not.toMatch(/pw@|token=1/);
  });
});

describe('redactRun', () => {
  it('redacts every URL field of a run', () => {
    const secret = 'https://u:pw@h.example.edu.cn/p?ticket=T1';
    const run: RunResult = {
      tool: { name: 'xxgk-check', version: '0' },
      startedAt: '',
      finishedAt: '',
      complete: true,
      options: {} as RunResult['options'],
      summary: { pass: 0, warn: 0, fail: 1, missing: 0, unverified: 0, unchecked: 0, total: 1, complianceRate: 0 },
      results: [
        {
          checklist: { institution: 'X', site: secret },
          summary: { pass: 0, warn: 0, fail: 1, missing: 0, unverified: 0, unchecked: 0, total: 1, complianceRate: 0, categories: [] },
          items: [
            {
              no: 1,
              category: 'c',
              title: 't',
              urls: [secret],
              status: 'fail',
              checkedAt: '',
              pages: [
                {
                  url: secret,
                  finalUrl: secret,
                  redirects: [{ url: secret, status: 302 }],
                  bytes: 0,
                  elapsedMs: 0,
                  attempts: 1,
                  attachments: [{ url: secret, ok: false }],
                },
              ],
              findings: [{ code: 'BAD_REDIRECT', severity: 'fail', url: secret, params: { location: secret } }],
            },
          ],
        },
      ],
    };
    const text = JSON.stringify(redactRun(run));
    expect(text).not.toContain('pw@');
    expect(text).not.toContain('T1');
    expect(JSON.stringify(run)).toContain('pw@'); // the original is not modified
  });
  it('copies nothing that has nothing to mask, and only the part of an item that has (the original unchanged)', () => {
    const page = (url: string, attachment: string) => ({
      url,
      finalUrl: url,
      redirects: [{ url, status: 302 }],
      bytes: 1,
      elapsedMs: 1,
      attempts: 1,
      attachments: [{ url: attachment, ok: true }],
    });
    const plain = 'https://xxgk.example.edu.cn/list.htm';
    const item: ItemResult = {
      no: 1,
      category: 'c',
      title: 't',
      urls: [plain, `${plain}?page=2`],
      status: 'pass',
      checkedAt: '',
      pages: [page(plain, 'https://xxgk.example.edu.cn/a.pdf'), page(`${plain}?page=2`, 'https://xxgk.example.edu.cn/b.pdf?token=T2')],
      findings: [finding('SLOW_RESPONSE', { seconds: '9.1' })],
    };
    const before = JSON.stringify(item);
    expect(redactItem({ ...item, pages: [item.pages[0]!] })).toEqual({ ...item, pages: [item.pages[0]!] });
    const kept = { ...item, pages: [item.pages[0]!] };
    expect(redactItem(kept)).toBe(kept);
    const redacted = redactItem(item);
    expect(redacted).not.toBe(item);
    expect(redacted.urls).toBe(item.urls);
    expect(redacted.findings).toBe(item.findings);
    expect(redacted.pages[0]).toBe(item.pages[0]);
    expect(redacted.pages[1]!.redirects).toBe(item.pages[1]!.redirects);
    expect(redacted.pages[1]!.attachments[0]!.url).toBe('https://xxgk.example.edu.cn/b.pdf?token=REDACTED');
    expect(JSON.stringify(item)).toBe(before);
  });
  it('leaves a URL without @, ? or ; as it is without parsing it, and masks the same URLs as a full parse', () => {
    const urls = [
      'https://xxgk.example.edu.cn/a b/列表.htm',
      'http://h.example/p?ticket=1',
      'http://h.example/p?x=1&sid=2',
      'http://u@h.example/',
      'http://h.example/a;jsessionid=1/b',
      'http://h.example/a;JSESSIONID=1',
      'http://h.example/%3Bjsessionid=1',
      'mailto:someone@example.edu.cn',
    ];
    expect(urls.map(redactUrl)).toEqual([
      'https://xxgk.example.edu.cn/a b/列表.htm',
      'http://h.example/p?ticket=REDACTED',
      'http://h.example/p?x=1&sid=REDACTED',
      'http://REDACTED@h.example/',
      'http://h.example/a;jsessionid=REDACTED/b',
      'http://h.example/a;jsessionid=REDACTED',
      'http://h.example/%3Bjsessionid=1',
      'mailto:someone@example.edu.cn',
    ]);
  });
});
