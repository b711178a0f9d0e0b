import { describe, expect, it } from 'vitest';
import { redactRun, redactText, redactUrl } from '../src/run/redact.js';
import type { RunResult } from '../src/types.js';

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
});
