#!/usr/bin/env node
// Tiny shim: the real entry point is the compiled CLI in dist/ (built by `npm run build`, which `npm ci` runs via `prepare`).
import { main, crashed } from '../dist/cli.js';

process.on('uncaughtException', (err) => crashed(err, process.argv));
process.on('unhandledRejection', (err) => crashed(err, process.argv));
main(process.argv).then((code) => {
  process.exitCode = code;
});
