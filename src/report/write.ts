// Writing a report file atomically: render first, write a temporary file in the same directory, then rename it over
// the target. A failed render or write leaves an existing file as it was and no temporary file behind.
import { randomBytes } from 'node:crypto';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Lang, RunResult } from '../types.js';
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
  if (!chosen) throw unknownFormatError(path, outputExtensions({ all: true }), options.lang);
  // Files never carry terminal colour codes.
  const entry: ReportFormat = REPORT_FORMATS[chosen];
  const fileOptions = { ...options, color: false };
  // A format that comes in pieces is written piece by piece (the whole report is never held); the others whole.
  const content = entry.chunks ? entry.chunks(run, fileOptions) : await entry.render(run, fileOptions);
  await writeFileAtomically(path, content, options.lang);
}

/** The error for a report path whose extension names no format; `known` lists the extensions that do. */
export function unknownFormatError(path: string, known: string, lang: Lang): ReportWriteError {
  return new ReportWriteError(
    lang === 'zh' ? `无法从文件名判断报告格式：${path}（可用扩展名：${known}）` : `cannot tell the report format from the file name: ${path} (known extensions: ${known})`,
    path,
  );
}

/**
 * Write `content` to `path` atomically: a temporary file in the same directory, then renamed over the target. A
 * failed write leaves an existing file as it was and no temporary file behind; it rejects with a ReportWriteError
 * naming the file. Every report (the run's and the history's) is written through here. Content given in pieces is
 * written piece by piece, each piece made when the previous one is written.
 */
export async function writeFileAtomically(
  path: string,
  content: string | Buffer | Iterable<string> | AsyncIterable<string | Uint8Array>,
  lang: Lang,
): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    if (typeof content === 'string' || Buffer.isBuffer(content)) {
      await writeFile(temp, content, { flag: 'wx' });
    } else {
      const file = await open(temp, 'wx');
      try {
        for await (const chunk of content) {
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
      lang === 'zh' ? `无法写入报告文件 ${path}：${reason}` : `cannot write the report file ${path}: ${reason}`,
      path,
      { cause: err },
    );
  }
}
