// "did you mean `title`?" for unknown checklist keys: the nearest known key by edit distance.

/** Edit distance counting an adjacent transposition as one edit (tilte → title), for short keys. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Other spellings people naturally write for the schema's keys (Chinese words, singulars, synonyms). */
const SYNONYMS: Record<string, string> = {
  category: 'categories',
  item: 'items',
  link: 'url',
  links: 'url',
  href: 'url',
  number: 'no',
  keyword: 'keywords',
  university: 'institution',
  school: 'institution',
  序号: 'no',
  编号: 'no',
  公开事项: 'title',
  事项: 'title',
  标题: 'title',
  名称: 'name',
  类别: 'name',
  链接: 'url',
  相关链接: 'url',
  网址: 'url',
  关键词: 'keywords',
  学校: 'institution',
  学校名称: 'institution',
  单位: 'institution',
  时间: 'period',
  统计时间: 'period',
  网站: 'site',
  类别列表: 'categories',
  事项列表: 'items',
};

/** The known key closest to `unknown`, or undefined when none is close enough to be a likely typo. */
export function nearestKey(unknown: string, known: readonly string[]): string | undefined {
  const synonym = SYNONYMS[unknown.trim().toLowerCase()];
  if (synonym !== undefined && known.includes(synonym)) return synonym;
  const lower = unknown.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const key of known) {
    const distance = editDistance(lower, key);
    if (distance < bestDistance) {
      best = key;
      bestDistance = distance;
    }
  }
  // Plurals and one-letter slips (urls → url, tilte → title, keyword → keywords) but not unrelated words.
  const limit = Math.max(1, Math.min(3, Math.floor(lower.length / 3)));
  return bestDistance <= limit ? best : undefined;
}
