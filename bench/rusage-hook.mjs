// Loaded with `node --import` into a measured Node.js child when GNU time is not installed: at exit, writes
// the process's own resource usage (CPU µs, peak RSS KiB) to the file named by XXGK_BENCH_RUSAGE.
import { writeFileSync } from 'node:fs';

const file = process.env.XXGK_BENCH_RUSAGE;
if (file) {
  // Children this process starts must not overwrite the file.
  delete process.env.XXGK_BENCH_RUSAGE;
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify(process.resourceUsage()));
  });
}
