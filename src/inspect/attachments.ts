// Attachments: which links of a page are documents, and whether each downloads.
import { finding } from '../findings.js';
import type { AttachmentResult, FetchResponse, FetchResult, Finding } from '../types.js';
import type { Fetcher } from '../fetch/types.js';
import type { PageInspection } from './types.js';
import { fileNameFromDisposition } from './content-disposition.js';
import type { DocumentScanner } from './documents/scanner.js';
import { firstLine } from '../errors.js';

/** File extensions of documents. */
const DOCUMENT_EXTENSION = /\.(pdf|docx?|xlsx?|pptx?|zip|rar|wps|7z|et|ofd)$/i;
/** CMS download links whose file name is only in Content-Disposition (博达 VSB, 苏迪 WebPlus and the like). */
const CMS_DOWNLOAD = /\/download\.jsp\b|DownloadAttachUrl|[?&]wbfileid=|\/_upload\/article\/files\//i;

/** Bytes read when a GET confirms what a HEAD could not tell. */
const PROBE_BYTES = 4096;

/** Whether a link points to a document to download. */
export function isAttachmentUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  let path = parsed.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path
  }
  return DOCUMENT_EXTENSION.test(path) || CMS_DOWNLOAD.test(parsed.pathname + parsed.search);
}

/**
 * Everything that can make isAttachmentUrl true, looked for in a URL as the URL parser serialises it (whose path and
 * query are substrings of it): a `%` (the path is matched decoded), a document extension, a CMS download marker.
 */
const MAYBE_ATTACHMENT = /%|\.(pdf|docx?|xlsx?|pptx?|zip|rar|wps|7z|et|ofd)|download\.jsp|DownloadAttachUrl|wbfileid=|\/_upload\/article\/files\//i;

/** The document links among a page's links (absolute URLs as `URL#href` gives them): deduplicated, in page order. */
export function attachmentLinksOf(links: { url: string; text: string }[]): PageInspection['attachmentLinks'] {
  const seen = new Set<string>();
  const result: PageInspection['attachmentLinks'] = [];
  for (const link of links) {
    // Most links of a page are not documents: a quick look spares parsing them again.
    if (!MAYBE_ATTACHMENT.test(link.url)) continue;
    if (seen.has(link.url) || !isAttachmentUrl(link.url)) continue;
    seen.add(link.url);
    result.push(link.text ? { url: link.url, name: link.text } : { url: link.url });
  }
  return result;
}

/** Magic numbers of document files: PDF, ZIP (docx/xlsx/pptx/zip), OLE (doc/xls/ppt/wps), RAR, 7z. */
function looksLikeDocument(body: Buffer | undefined): boolean {
  if (body === undefined || body.length < 4) return false;
  const head = body.subarray(0, 8);
  return (
    head.subarray(0, 4).toString('latin1') === '%PDF' ||
    (head[0] === 0x50 && head[1] === 0x4b) ||
    (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) ||
    head.subarray(0, 4).toString('latin1') === 'Rar!' ||
    (head[0] === 0x37 && head[1] === 0x7a && head[2] === 0xbc && head[3] === 0xaf)
  );
}

function fileNameOfUrl(url: string): string {
  try {
    const path = new URL(url).pathname;
    const last = path.slice(path.lastIndexOf('/') + 1);
    return decodeURIComponent(last) || url;
  } catch {
    return url;
  }
}

/** The run's abort and stop, passed on to every attachment request. */
interface AttachmentControl {
  signal?: AbortSignal;
  stop?: AbortSignal;
}

/**
 * Decide one attachment from its HEAD (and, when needed, a small GET: `probeBytes`, more when the personal-data
 * scan will read the file, so that GET is its only download). Returns the response that decided it, if any.
 */
async function checkOne(
  link: { url: string; name?: string },
  fetcher: Fetcher,
  control: AttachmentControl,
  probeBytes = PROBE_BYTES,
): Promise<{ result: AttachmentResult; response?: FetchResponse }> {
  const { signal, stop } = control;
  let response: FetchResult = await fetcher.fetch({ url: link.url, method: 'HEAD', signal, stop });
  let probed = false;
  // HEAD is refused (405/501) or mishandled by many servers; a small GET tells the truth.
  if (response.kind === 'response' && (response.status >= 400 || (response.contentType ?? '').includes('html'))) {
    response = await fetcher.fetch({ url: link.url, method: 'GET', maxBytes: probeBytes, signal, stop });
    probed = true;
  }
  if (response.kind === 'failure') {
    return { result: { url: link.url, name: link.name ?? fileNameOfUrl(link.url), ok: false, error: response.failure.code } };
  }
  const name = fileNameFromDisposition(response.headers['content-disposition']) ?? link.name ?? fileNameOfUrl(link.url);
  const result: AttachmentResult = { url: link.url, name, ok: false, status: response.status };
  const status = response.status;
  if (status >= 400) {
    result.error = `HTTP ${status}`;
    return { result, response };
  }
  if ((response.contentType ?? '').includes('html') && !(probed && looksLikeDocument(response.body))) {
    result.error = 'html';
    return { result, response };
  }
  if (response.headers['content-length'] === '0' || (probed && response.bytes === 0)) {
    result.error = 'empty';
    return { result, response };
  }
  result.ok = true;
  return { result, response };
}

/**
 * Check that each document downloads: HEAD, falling back to a small GET when HEAD is refused or answers HTML.
 * At most `maxAttachments` are checked; more give ATTACHMENTS_CAPPED. With a `scanner`, the documents that
 * download are also read for personal data (once per run per URL). Never throws.
 */
export async function checkAttachments(
  links: PageInspection['attachmentLinks'],
  fetcher: Fetcher,
  options: { maxAttachments: number; scanner?: DocumentScanner } & AttachmentControl,
): Promise<{ attachments: AttachmentResult[]; findings: Finding[] }> {
  const limit = Math.max(0, options.maxAttachments);
  const checked = links.slice(0, limit);
  const findings: Finding[] = [];
  const { scanner } = options;
  const outcomes = await Promise.all(
    checked.map(async (link): Promise<{ result: AttachmentResult; response?: FetchResponse }> => {
      try {
        return await checkOne(link, fetcher, options, scanner?.probeBytes(link, PROBE_BYTES));
      } catch (err) {
        return { result: { url: link.url, name: link.name ?? fileNameOfUrl(link.url), ok: false, error: firstLine(err, 200) } };
      }
    }),
  );
  const attachments = outcomes.map((o) => o.result);
  if (options.signal?.aborted || options.stop?.aborted) return { attachments, findings };
  for (const attachment of attachments) {
    if (!attachment.ok) {
      findings.push(finding('BROKEN_ATTACHMENT', { name: attachment.name ?? attachment.url, error: attachment.error ?? '?' }, attachment.url));
    }
  }
  if (links.length > limit) findings.push(finding('ATTACHMENTS_CAPPED', { found: links.length, limit }));
  if (scanner) {
    const downloaded = outcomes.flatMap((o) => (o.result.ok && o.response ? [{ result: o.result, response: o.response }] : []));
    findings.push(...(await scanner.attachments(downloaded, fetcher, options.signal, options.stop)));
  }
  return { attachments, findings };
}
