// Writing a report file atomically: render first, write a temporary file in the same directory, then rename it over
// the target. A failed render or write leaves an existing file as it was and no temporary file behind.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RunResult } from '../types.js';
import { REPORT_FORMATS, formatForPath, outputExtensions, type FormatName, type ReportFormat } from './formats.js';
import type { ReportOptions } from './common.js';
import { errorMessage, ReportWriteError } from '../errors.js';

// Thrown for a report path whose format cannot be told or a file that cannot be written (src/errors.ts).
export { ReportWriteError };

/**
 * Render `run` in the format the path's extension names (or `format` when given) and write it to `path` atomically.
 * Rejects with a ReportWriteError naming the file when the extension is unknown or the file cannot be written.
 */
export async function writeReportFile(path: string, run: RunResult, options: ReportOptions, format?: FormatName): Promise<void> {
  const chosen = format ?? formatForPath(path);
  if (!chosen) {
    throw new ReportWriteError(
      options.lang === 'zh'
        ? `无法从文件名判断报告格式：${path}（可用扩展名：${outputExtensions({ all: true })}）`
        : `cannot tell the report format from the file name: ${path} (known extensions: ${outputExtensions({ all: true })})`,
      path,
    );
  }
  // Files never carry terminal colour codes.
  const entry: ReportFormat = REPORT_FORMATS[chosen];
  const fileOptions = { ...options, color: false };
  // A format that comes in pieces is written piece by piece (the whole report is never held); the others whole.
  const content = entry.chunks ? undefined : await entry.render(run, fileOptions);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    if (content !== undefined) {
      await writeFile(temp, content, { flag: 'wx' });
    } else {
      const file = await open(temp, 'wx');
      try {
        for await (const chunk of entry.chunks!(run, fileOptions)) {
          if (typeof chunk === 'string') await file.write(chunk);
          else await file.write(chunk);
        }
      } finally {
        await file.close();
      }
    }
    await rename(temp, path);
  } catch (err) {
    // Clean-up must not replace the real error (rm fails too when the directory is not one: ENOTDIR).
    await rm(temp, { force: true }).catch(() => undefined);
    // Node names the temporary file ("…, open '/dir/.r.html.123.ab.tmp'"): the user knows only the report's name.
    const reason = errorMessage(err).replace(/, \w+ '[^']*'$/, '');
    throw new ReportWriteError(
      options.lang === 'zh' ? `无法写入报告文件 ${path}：${reason}` : `cannot write the report file ${path}: ${reason}`,
      path,
      { cause: err },
    );
  }
}
