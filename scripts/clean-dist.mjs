// `npm pack` / `npm publish` run this (prepack) before `prepare` builds: the package then carries a dist/ made from
// today's src/ only, never a module left behind by an earlier build of a file since moved or deleted.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
