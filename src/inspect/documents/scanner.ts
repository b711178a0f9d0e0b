// Reading attachments (and documents served as an item's page) for personal data, once per run per URL: decide
// from the name and the HEAD whether the file can be read, download it once (or reuse the body of the fallback GET
// that checked it), read it in the worker pool, and turn the masked summary into findings.
import { finding } from '../../findings.js';
import type { AttachmentResult, FetchResponse, FetchResult, Finding } from '../../types.js';
import type { Fetcher } from '../../fetch/types.js';
import type { PersonalDataSummary } from '../personal-data/exposure.js';
import { maskDigitRuns, personalDataFindings } from '../personal-data/findings.js';
import { formatOfName, formatOfType, isReadable, sniffFormat, type DocumentFormat } from './format.js';
import type { DocumentPool } from './pool.js';


/** Why a document was not scanned (PERSONAL_DATA_NOT_SCANNED's `reason`). */
export type NotScannedReason = 'no-text' | 'old-office' | 'presentation' | 'ofd' | 'archive' | 'too-large' | 'timeout' | 'unreadable' | 'download';

/** What reading one document came to. Holds no full number. */
export type ScanNote =
  | { kind: 'scanned'; summary: PersonalDataSummary }
  | { kind: 'not-scanned'; reason: NotScannedReason }
  /** Not a document kind that could hold a list (nothing to say). */
  | { kind: 'skipped' };

export interface ScannerOptions {
  pool: DocumentPool;
  maxBytes: number;
  timeoutMs: number;
  mobileThreshold: number;
  now: Date;
}

/** An attachment that downloads, with the response that showed it (HEAD, or the fallback GET with its body). */
export interface CheckedAttachment {
  result: AttachmentResult;
  response: FetchResponse;
}

function fileNameOfUrl(url: string): string | undefined {
  try {
    const path = new URL(url).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || undefined;
  } catch {
    return undefined;
  }
}

const UNREADABLE_REASON: Record<Exclude<DocumentFormat, 'pdf' | 'xlsx' | 'docx' | 'csv' | 'txt'>, NotScannedReason> = {
  'old-office': 'old-office',
  presentation: 'presentation',
  ofd: 'ofd',
  archive: 'archive',
};

export class DocumentScanner {
  /** One read per URL per run, however many pages or items link it. */
  private readonly notes = new Map<string, Promise<ScanNote>>();

  constructor(private readonly options: ScannerOptions) {}

  /** The format the name or the URL says, before anything is downloaded. */
  private expectedFormat(url: string, name: string | undefined, type: string | undefined): DocumentFormat | undefined {
    return formatOfName(name) ?? formatOfName(fileNameOfUrl(url)) ?? formatOfType(type);
  }

  /**
   * How many bytes the attachment check's fallback GET should read: the whole file (up to the cap) when it will
   * be read anyway, so the file is downloaded once; a few KiB otherwise.
   */
  probeBytes(link: { url: string; name?: string }, small: number): number {
    if (this.notes.has(link.url)) return small;
    const format = this.expectedFormat(link.url, link.name, undefined);
    return format === undefined || isReadable(format) ? this.options.maxBytes : small;
  }

  /** Findings about the content of a page's attachments that download: personal data, or what was not scanned. */
  async attachments(checked: CheckedAttachment[], fetcher: Fetcher, signal?: AbortSignal, stop?: AbortSignal): Promise<Finding[]> {
    const notes = await Promise.all(
      checked.map(async ({ result, response }) => ({ result, note: await this.note(result, response, fetcher, signal, stop) })),
    );
    const findings: Finding[] = [];
    const notScanned = new Map<NotScannedReason, { file: string; url: string; count: number }>();
    for (const { result, note } of notes) {
      const file = result.name ?? fileNameOfUrl(result.url) ?? result.url;
      if (note.kind === 'scanned') findings.push(...personalDataFindings(note.summary, this.options.mobileThreshold, file, result.url));
      else if (note.kind === 'not-scanned') {
        const group = notScanned.get(note.reason);
        if (group) group.count++;
        else notScanned.set(note.reason, { file, url: result.url, count: 1 });
      }
    }
    for (const [reason, group] of notScanned) findings.push(this.notScannedFinding(reason, group.file, group.count, group.url));
    return findings;
  }

  /** Findings about a document served as an item's page (its body is already here), named by `title` or its URL. */
  async page(fetched: FetchResponse, title?: string): Promise<Finding[]> {
    const name = title || fileNameOfUrl(fetched.finalUrl) || fetched.finalUrl;
    const body = fetched.body;
    if (body === undefined || body.length === 0) return [];
    const note = await this.memo(fetched.finalUrl, async () => {
      const expected = sniffFormat(body, name, fetched.contentType);
      if (expected === undefined) return { kind: 'skipped' };
      if (fetched.truncated || body.length > this.options.maxBytes) return { kind: 'not-scanned', reason: 'too-large' };
      return this.read(body, expected);
    });
    if (note.kind === 'scanned') return personalDataFindings(note.summary, this.options.mobileThreshold, name);
    if (note.kind === 'not-scanned') return [this.notScannedFinding(note.reason, name, 1)];
    return [];
  }

  private notScannedFinding(reason: NotScannedReason, file: string, count: number, url?: string): Finding {
    const base = { file: maskDigitRuns(file), count };
    const params =
      reason === 'too-large'
        ? { ...base, reason, limit: this.options.maxBytes }
        : reason === 'timeout'
          ? { ...base, reason, seconds: Math.round(this.options.timeoutMs / 1000) }
          : { ...base, reason };
    return finding('PERSONAL_DATA_NOT_SCANNED', params, url);
  }

  private memo(url: string, read: () => Promise<ScanNote>): Promise<ScanNote> {
    let note = this.notes.get(url);
    if (note === undefined) {
      note = read().catch((): ScanNote => ({ kind: 'not-scanned', reason: 'unreadable' }));
      this.notes.set(url, note);
    }
    return note;
  }

  private note(result: AttachmentResult, response: FetchResponse, fetcher: Fetcher, signal?: AbortSignal, stop?: AbortSignal): Promise<ScanNote> {
    return this.memo(result.url, async () => {
      const expected = this.expectedFormat(result.url, result.name, response.contentType);
      if (expected !== undefined && !isReadable(expected)) return { kind: 'not-scanned', reason: UNREADABLE_REASON[expected] };
      const declared = Number(response.headers['content-length'] ?? Number.NaN);
      const isHead = response.body === undefined;
      if (isHead && Number.isFinite(declared) && declared > this.options.maxBytes) return { kind: 'not-scanned', reason: 'too-large' };
      let download: FetchResult = response;
      // The fallback GET of the check already read the file when it was asked for enough bytes.
      if (isHead || response.truncated) {
        if (!isHead && response.bytes >= this.options.maxBytes) return { kind: 'not-scanned', reason: 'too-large' };
        download = await fetcher.fetch({ url: result.url, method: 'GET', maxBytes: this.options.maxBytes, ...(signal ? { signal } : {}), ...(stop ? { stop } : {}) });
      }
      if (download.kind === 'failure' || download.status >= 400 || download.body === undefined) return { kind: 'not-scanned', reason: 'download' };
      if (download.truncated) return { kind: 'not-scanned', reason: 'too-large' };
      const format = sniffFormat(download.body, result.name ?? fileNameOfUrl(result.url), download.contentType);
      if (format === undefined) return { kind: 'skipped' };
      // A download of our own is read by nobody else: it moves to the worker without a copy.
      return this.read(download.body, format, download !== response);
    });
  }

  /** Read a body in the pool. `handOver`: nobody reads `body` afterwards, so it moves to the worker uncopied. */
  private async read(body: Uint8Array, format: DocumentFormat, handOver = false): Promise<ScanNote> {
    if (!isReadable(format)) return { kind: 'not-scanned', reason: UNREADABLE_REASON[format] };
    const outcome = await this.options.pool.read(body, format, { timeoutMs: this.options.timeoutMs, now: this.options.now, handOver });
    if (outcome.kind === 'timeout') return { kind: 'not-scanned', reason: 'timeout' };
    if (outcome.kind === 'failed') return { kind: 'not-scanned', reason: 'unreadable' };
    if (outcome.result.kind === 'no-text') return { kind: 'not-scanned', reason: 'no-text' };
    return { kind: 'scanned', summary: outcome.result.summary };
  }
}
