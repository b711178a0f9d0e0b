import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/junit.js';
import { HOSTILE, buildRun } from './fixtures.js';

interface Testcase {
  '@_name': string;
  '@_classname': string;
  failure?: { '@_message': string; '@_type': string; '#text'?: string };
  'system-out'?: string;
}
interface Suite {
  '@_name': string;
  '@_tests': string;
  '@_failures': string;
  testcase: Testcase[];
}

function parseJunit(xml: string): { testsuites: { '@_tests': string; '@_failures': string; testsuite: Suite[] } } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
    trimValues: false,
    htmlEntities: true,
  });
  return parser.parse(xml) as ReturnType<typeof parseJunit>;
}

describe('JUnit XML report', () => {
  it('has a testsuite per category and a testcase per item, failures for fail and missing', () => {
    const { testsuites } = parseJunit(renderJunit(buildRun(), { lang: 'zh', color: false, columns: 80 }));
    expect(testsuites.testsuite).toHaveLength(10);
    expect(testsuites['@_tests']).toBe('50');
    expect(testsuites['@_failures']).toBe('6');
    const cases = testsuites.testsuite.flatMap((s) => s.testcase);
    expect(cases).toHaveLength(50);
    const failed = cases.filter((c) => c.failure);
    expect(failed).toHaveLength(6);
    const soft404 = cases.find((c) => c['@_name'].startsWith('34. '))!;
    expect(soft404.failure!['@_message']).toContain('页面显示为错误页');
    expect(soft404.failure!['#text']).toContain('KEYWORDS_MISSING');
    expect(cases.find((c) => c['@_name'].startsWith('33. '))!.failure!['@_type']).toBe('missing');
    const warned = cases.find((c) => c['@_name'].startsWith('4. '))!;
    expect(warned.failure).toBeUndefined();
    expect(warned['system-out']).toContain('页面没有 2023-09-01 之后的日期');
    expect(cases.find((c) => c['@_name'].startsWith('36. '))!.failure).toBeUndefined();
  });

  it('escapes hostile titles so they come back as the same text', () => {
    const xml = renderJunit(buildRun(), { lang: 'zh', color: false, columns: 80 });
    const { testsuites } = parseJunit(xml);
    const names = testsuites.testsuite.flatMap((s) => s.testcase.map((c) => c['@_name']));
    expect(names).toContain(`16. ${HOSTILE.hyperlink}`);
    expect(names).toContain(`20. ${HOSTILE.pipe}`);
    expect(names).toContain(`22. ${HOSTILE.tab}`);
    expect(names).toContain(`23. ${HOSTILE.cr}`);
    expect(xml).not.toContain('<script>');
  });

  it('names suites by institution and category for several checklists and marks an interrupted run', () => {
    const xml = renderJunit(buildRun({ institutions: 2, complete: false }), { lang: 'en', color: false, columns: 80 });
    const { testsuites } = parseJunit(xml);
    expect(testsuites.testsuite).toHaveLength(20);
    expect(testsuites.testsuite[0]!['@_name']).toBe('示例科技大学 / 基本信息');
    expect(xml).toContain('<property name="complete" value="false"/>');
  });
});
