#!/usr/bin/env node
// Tiny shim: the real entry point is the compiled CLI (built by `npm run build`, which `npm ci` runs via `prepare`).
import { main } from '../dist/cli.js';
main(process.argv).then((code) => { process.exitCode = code; });
