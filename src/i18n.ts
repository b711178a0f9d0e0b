// Language of human-readable output: --lang wins, else LC_ALL / LC_MESSAGES / LANG (zh for zh_*), else English.
import type { Lang } from './types.js';

export function detectLang(env: NodeJS.ProcessEnv, explicit?: string): Lang {
  if (explicit === 'zh' || explicit === 'en') return explicit;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh' : 'en';
}

/** Pick the string of the language. */
export function t(lang: Lang, zh: string, en: string): string {
  return lang === 'zh' ? zh : en;
}
