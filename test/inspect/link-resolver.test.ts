import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LinkResolver, resolveUrl } from '../../src/inspect/parse.js';
import { isAttachmentUrl } from '../../src/inspect/index.js';
import { attachmentLinksOf } from '../../src/inspect/attachments.js';

const BASES = [
  'https://xxgk.example.edu.cn/info/1023/4567.htm',
  'http://127.0.0.1:8080/xxgk/list.jsp?urltype=tree.TreeTempUrl&wbtreeid=1011#top',
  'https://user:pass@www.example.edu.cn/',
  'https://例子.中国/目录/页.htm',
  'http://a.example/dir/sub/',
];

describe('LinkResolver (relative links without the URL parser)', () => {
  it('resolves the links of a CMS list page as new URL(href, base) does', () => {
    const resolver = new LinkResolver(BASES[0]!);
    expect(resolver.resolve('/info/1023/4568.htm')).toBe('https://xxgk.example.edu.cn/info/1023/4568.htm');
    expect(resolver.resolve('4569.htm')).toBe('https://xxgk.example.edu.cn/info/1023/4569.htm');
    expect(resolver.resolve('../../xxgk.htm')).toBe('https://xxgk.example.edu.cn/xxgk.htm');
    expect(resolver.resolve(' list.jsp?a=1&b=2#x ')).toBe('https://xxgk.example.edu.cn/info/1023/list.jsp?a=1&b=2');
    expect(resolver.resolve('javascript:void(0)')).toBeUndefined();
    expect(resolver.resolve('#top')).toBeUndefined();
  });
  it('gives exactly what resolveUrl (the URL parser) gives, for any href and base', () => {
    const href = fc
      .array(fc.constantFrom('/', '//', '.', '..', './', '../', 'a', 'Z', '0', '-', '_', '~', '?', '=', '&', '#', '%', '%2e', '\\', ':', ' ', '\t', '\n', '信息', 'info', '.pdf', 'x.htm', '@', '+'), { maxLength: 12 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.constantFrom(...BASES, 'not a url', 'ftp://files.example/x/'), href, (base, link) => new LinkResolver(base).resolve(link) === resolveUrl(link, base)),
      { numRuns: 5000 },
    );
  });
});

describe('attachmentLinksOf with its quick pre-check', () => {
  it('finds the same document links as isAttachmentUrl on every link', () => {
    const path = fc
      .array(fc.constantFrom('/', 'a', 'info', '.pdf', '.PDF', '.docx', '.et', '.htm', '%2E', '%70df', 'download.jsp', '?wbfileid=1', '&wbfileid=2', '/_upload/article/files/', 'DownloadAttachUrl', '信息', '?q=.pdf', '#x'), { maxLength: 8 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(path, { maxLength: 10 }), (paths) => {
        const links = paths.flatMap((p) => {
          const url = resolveUrl(p, 'https://xxgk.example.edu.cn/info/');
          return url === undefined ? [] : [{ url, text: '' }];
        });
        const expected = [...new Set(links.map((l) => l.url).filter(isAttachmentUrl))];
        return JSON.stringify(attachmentLinksOf(links).map((l) => l.url)) === JSON.stringify(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
