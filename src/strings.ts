// Strings that are kept for the whole run.

/**
 * A copy of `text` that shares no memory with the string it was made from: one flat string. V8 keeps a substring
 * ("sliced string") as a view into the whole text it was cut from, and a string built by `+` ("cons string") as two
 * parts and a 32-byte node, so one kept title cut from a page would keep the whole ~60 KB page alive until the end
 * of the run (bench/RESULTS.md: 2.4 GB at 20,000 pages), and a title the YAML parser built piece by piece costs a
 * third more than its characters.
 */
export function detach(text: string): string {
  if (text.length === 0) return '';
  const copy = Buffer.from(text, 'utf8').toString('utf8');
  // Not well-formed UTF-16 (a lone surrogate, which UTF-8 cannot carry): copied unit by unit instead.
  return copy === text ? copy : Array.from(text).join('');
}
