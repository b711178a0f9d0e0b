// Writes a checklist as schema-1 YAML that a person can read and edit: keys in the documented order,
// comments at the top, one item per block, `url: 无` for an item without a link.
import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Checklist, Item } from '../types.js';

export interface ChecklistYamlOptions {
  /** Comment lines for the top of the file (without the leading `#`). */
  header?: string[];
  /** How to write an item without a link: `无` (imported: the report says so) or null (a template to fill in). */
  missingUrl?: '无' | null;
  /** A comment put beside each missing URL, e.g. what to fill in. */
  missingUrlComment?: string;
}

function itemNode(doc: Document, item: Item, options: ChecklistYamlOptions): YAMLMap {
  const map = new YAMLMap();
  map.add(new Pair(doc.createNode('no'), doc.createNode(item.no)));
  map.add(new Pair(doc.createNode('title'), doc.createNode(item.title)));
  let url: Scalar | YAMLSeq;
  if (item.urls.length === 0) {
    url = new Scalar(options.missingUrl === undefined ? '无' : options.missingUrl);
    if (options.missingUrlComment) url.comment = ` ${options.missingUrlComment}`;
  } else if (item.urls.length === 1) {
    url = new Scalar(item.urls[0]);
  } else {
    url = doc.createNode(item.urls);
  }
  map.add(new Pair(doc.createNode('url'), url));
  if (item.keywords?.length) {
    const keywords = doc.createNode(item.keywords) as YAMLSeq;
    keywords.flow = true;
    map.add(new Pair(doc.createNode('keywords'), keywords));
  }
  if (item.update) map.add(new Pair(doc.createNode('update'), doc.createNode(item.update)));
  if (item.due) map.add(new Pair(doc.createNode('due'), doc.createNode(item.due)));
  if (item.external !== undefined) map.add(new Pair(doc.createNode('external'), doc.createNode(item.external)));
  return map;
}

/** The checklist as YAML text (schema, institution, title, period, site, categories — in that order). */
export function checklistYaml(checklist: Checklist, options: ChecklistYamlOptions = {}): string {
  const doc = new Document(new YAMLMap());
  const root = doc.contents as YAMLMap;
  root.add(new Pair(doc.createNode('schema'), doc.createNode(1)));
  root.add(new Pair(doc.createNode('institution'), doc.createNode(checklist.institution)));
  if (checklist.title) root.add(new Pair(doc.createNode('title'), doc.createNode(checklist.title)));
  if (checklist.period) {
    const period = doc.createNode({ from: checklist.period.from, to: checklist.period.to }) as YAMLMap;
    period.flow = true;
    root.add(new Pair(doc.createNode('period'), period));
  }
  if (checklist.site) root.add(new Pair(doc.createNode('site'), doc.createNode(checklist.site)));
  const categories = new YAMLSeq();
  for (const category of checklist.categories) {
    const map = new YAMLMap();
    map.add(new Pair(doc.createNode('name'), doc.createNode(category.name)));
    if (category.declared !== undefined) map.add(new Pair(doc.createNode('declared'), doc.createNode(category.declared)));
    const items = new YAMLSeq();
    for (const item of category.items) items.items.push(itemNode(doc, item, options));
    map.add(new Pair(doc.createNode('items'), items));
    categories.items.push(map);
  }
  root.add(new Pair(doc.createNode('categories'), categories));
  if (options.header?.length) doc.commentBefore = options.header.map((line) => ` ${line}`).join('\n');
  return doc.toString({ lineWidth: 0 });
}
