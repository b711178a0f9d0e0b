// The checks, in the order they run. Add or tune one check in its own file and list it here.
import type { CheckSpec } from '../types.js';
import { botChallenge } from './bot-challenge.js';
import { emptyPage } from './empty-page.js';
import { keywordsMissing } from './keywords.js';
import { loginRequired } from './login.js';
import { offSiteRedirect, redirectedHome } from './redirects.js';
import { slowResponse } from './slow.js';
import { soft404 } from './soft-404.js';
import { stale } from './stale.js';
import { personalData } from './personal-data.js';

export const CHECKS: CheckSpec[] = [
  { name: 'bot-challenge', run: botChallenge, phase: 'always' },
  { name: 'login', run: loginRequired, phase: 'always' },
  { name: 'redirected-home', run: redirectedHome, phase: 'always' },
  { name: 'off-site-redirect', run: offSiteRedirect, phase: 'always' },
  { name: 'slow-response', run: slowResponse, phase: 'always' },
  { name: 'soft-404', run: soft404, phase: 'content' },
  { name: 'empty-page', run: emptyPage, phase: 'content' },
  { name: 'keywords-missing', run: keywordsMissing, phase: 'content' },
  { name: 'stale', run: stale, phase: 'content' },
  // Last: its fail must not hide the other content findings.
  { name: 'personal-data', run: personalData, phase: 'content' },
];
