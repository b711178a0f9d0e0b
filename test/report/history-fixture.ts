// A realistic HistoryReport for the tests of the history report's HTML and XLSX: two institutions watched for a
// week (Beijing time), items that stayed up, one that failed now and then (under the rule's 5 %), one unreachable
// by the rule with an outage still going on, one never probed (added to the checklist after the watch stopped),
// and hostile titles and URLs that every format must escape. `thin` makes the sample thinner than the rule's
// (4 probes a day instead of 24).
import type {
  CategoryHistory,
  HistoryDay,
  HistoryItem,
  HistoryReport,
  HistoryTotals,
  InstitutionHistory,
} from '../../src/history/report-types.js';

export const HISTORY_HOSTILE = {
  script: '<script>alert(1)</script>招生章程',
  attribute: '"><img src=x onerror=alert(2)>',
  url: 'https://xxgk.example.edu.cn/list.jsp?a=1&b="2"&c=\'3\'<x>',
  javascriptUrl: 'javascript:alert(3)',
  formula: '=HYPERLINK("http://evil","x")',
} as const;

const TIME_ZONE = 'Asia/Shanghai';

/** The days of the window: 2024-11-14 … (7 by default), Beijing dates. */
function windowDays(count: number): string[] {
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(2024, 10, 14 + i)).toISOString().slice(0, 10));
}

/** `hour` hours after midnight of `date` in Beijing time (past 24: the next day), as an ISO instant in UTC. */
function at(date: string, hour: number): string {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + hour * 3_600_000).toISOString();
}

interface ItemSpec {
  no: number;
  title: string;
  category: string;
  urls?: string[];
  /** Failures on the day of that index (default none). */
  failures?: Record<number, number>;
  /** No probe at all (added after the window). */
  unprobed?: boolean;
  /** An outage still going on at the end of the window. */
  ongoing?: boolean;
  medianMs?: number;
}

export interface HistoryFixtureOptions {
  /** A sample thinner than the rule's: 4 probes a day (default 24). */
  thin?: boolean;
  /** Days in the window (default 7). */
  days?: number;
}

function totalsOf(items: readonly HistoryItem[]): HistoryTotals {
  const probes = items.reduce((n, i) => n + i.probes, 0);
  const failures = items.reduce((n, i) => n + i.failures, 0);
  return {
    items: items.length,
    probedItems: items.filter((i) => i.probes > 0).length,
    unreachableItems: items.filter((i) => i.unreachable).length,
    probes,
    failures,
    availability: probes > 0 ? (probes - failures) / probes : 1,
  };
}

function buildItem(institution: string, spec: ItemSpec, dates: string[], perDay: number, maxFailureRate: number): HistoryItem {
  const days: HistoryDay[] = dates.map((date, i) => ({
    date,
    probes: spec.unprobed ? 0 : perDay,
    failures: spec.unprobed ? 0 : (spec.failures?.[i] ?? 0),
  }));
  const probes = days.reduce((n, d) => n + d.probes, 0);
  const failures = days.reduce((n, d) => n + d.failures, 0);
  const failedDays = days.filter((d) => d.failures > 0);
  const item: HistoryItem = {
    institution,
    no: spec.no,
    title: spec.title,
    category: spec.category,
    urls: spec.urls ?? [`https://xxgk.example.edu.cn/item${spec.no}.htm`],
    probes,
    failures,
    availability: probes > 0 ? (probes - failures) / probes : 1,
    medianMs: probes > 0 ? (spec.medianMs ?? 820) : 0,
    p95Ms: probes > 0 ? (spec.medianMs ?? 820) * 3 + (failures > 0 ? 15_000 : 0) : 0,
    unreachable: probes > 0 && failures / probes >= maxFailureRate,
    days,
    thinSample: perDay < 20 || dates.length < 7,
  };
  if (failedDays.length > 0) {
    const first = failedDays[0]!;
    const last = failedDays.at(-1)!;
    item.firstFailure = at(first.date, 9);
    item.lastFailure = at(last.date, 9 + last.failures - 1);
    const worst = failedDays.reduce((a, b) => (b.failures > a.failures ? b : a));
    item.longestOutage = spec.ongoing
      ? { probes: last.failures, from: at(last.date, 9) }
      : { probes: worst.failures, from: at(worst.date, 9), until: at(worst.date, 9 + worst.failures), ms: worst.failures * 3_600_000 };
    item.lastChange = spec.ongoing
      ? { at: at(last.date, 9), failing: true, afterMs: 26 * 3_600_000 }
      : { at: at(last.date, 9 + last.failures), failing: false, afterMs: last.failures * 3_600_000 };
  }
  return item;
}

function buildInstitution(name: string, specs: ItemSpec[], dates: string[], perDay: number, maxFailureRate: number): InstitutionHistory {
  const items = specs.map((spec) => buildItem(name, spec, dates, perDay, maxFailureRate));
  const categories: CategoryHistory[] = [];
  for (const item of items) {
    if (!categories.some((c) => c.category === item.category)) {
      categories.push({ category: item.category, ...totalsOf(items.filter((i) => i.category === item.category)) });
    }
  }
  return { institution: name, totals: totalsOf(items), categories, items };
}

/**
 * The report: 示例理工大学 (8 items in 3 categories: item 3 fails now and then, item 5 is unreachable and still
 * down, item 8 was never probed, items 4 and 6 carry hostile text) and 示例师范学院 (3 items, all up).
 */
export function buildHistoryReport(options: HistoryFixtureOptions = {}): HistoryReport {
  const dates = windowDays(options.days ?? 7);
  const perDay = options.thin ? 4 : 24;
  const maxFailureRate = 0.05;
  const last = dates.length - 1;
  // Item 3: 1 failure a day on two days — 2 of 7×24 = 1.2 % (or 2 of 28 = 7.1 % when thin: then unreachable too).
  // Item 5: the last two days mostly down — far over 5 %.
  const institutions = [
    buildInstitution(
      '示例理工大学',
      [
        { no: 1, title: '办学规模、校级领导班子简介及分工、学校机构设置、学科情况', category: '基本信息' },
        { no: 2, title: '学校章程及制定的各项规章制度', category: '基本信息', medianMs: 1_450 },
        { no: 3, title: '信息公开年度报告', category: '基本信息', failures: { 1: 1, 4: 1 } },
        { no: 4, title: HISTORY_HOSTILE.script, category: '招生考试信息', urls: [HISTORY_HOSTILE.url, HISTORY_HOSTILE.javascriptUrl] },
        {
          no: 5,
          title: '招生计划、录取标准及录取人数',
          category: '招生考试信息',
          failures: { [last - 1]: Math.round(perDay * 0.5), [last]: perDay },
          ongoing: true,
          medianMs: 6_300,
        },
        { no: 6, title: HISTORY_HOSTILE.formula, category: '招生考试信息' },
        { no: 7, title: HISTORY_HOSTILE.attribute, category: '财务、资产及收费信息' },
        { no: 8, title: '收费项目、收费依据、收费标准及投诉方式', category: '财务、资产及收费信息', unprobed: true },
      ],
      dates,
      perDay,
      maxFailureRate,
    ),
    buildInstitution(
      '示例师范学院',
      [
        { no: 1, title: '办学规模、校级领导班子简介及分工', category: '基本信息' },
        { no: 2, title: '招生章程及特殊类型招生办法', category: '招生考试信息' },
        { no: 3, title: '学生奖学金、助学金、学费减免、助学贷款、勤工俭学的申请与管理规定', category: '学生管理服务信息', medianMs: 2_100 },
      ],
      dates,
      perDay,
      maxFailureRate,
    ),
  ];
  const all = institutions.flatMap((i) => i.items);
  return {
    tool: { name: 'xxgk-check', version: '0.0.0-test' },
    generatedAt: '2024-11-21T01:30:00.000Z',
    database: '.xxgk-check/history.sqlite',
    window: { since: at(dates[0]!, 0), until: at(dates[last]!, 24) },
    days: dates,
    timeZone: TIME_ZONE,
    rule: { maxFailureRate, loadLimitMs: 15_000, minProbesPerDay: 20, minDays: 7 },
    sample: { days: dates.length, probesPerDay: perDay, thin: perDay < 20 || dates.length < 7 },
    runs: dates.length * perDay,
    totals: totalsOf(all),
    institutions,
  };
}
