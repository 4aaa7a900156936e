/**
 * Reads a JSON string value straight from the text of a payload, when the value needs no unescaping: a text
 * delta's payload of one fixed form is read without `JSON.parse` (no object made per delta). Anything else is
 * parsed as usual.
 *
 * @internal
 */

/**
 * The characters of `text` from `start` to `end` when they are a whole JSON string body that needs no
 * unescaping (no `"`, no `\`, no control character below U+0020), otherwise `undefined` (and when `start` is past
 * `end`).
 */
export const between = (text: string, start: number, end: number): string | undefined => {
  if (end < start) return undefined
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x20 || code === 0x22 || code === 0x5c) return undefined
  }
  return text.slice(start, end)
}

/** The most digits `indexEnd` reads: nine digits are always a safe integer. */
const maxIndexDigits = 9

/** Where the non-negative integer (at most nine digits, no leading zero) at `start` ends, or `-1`. */
export const indexEnd = (text: string, start: number): number => {
  let end = start
  while (end < text.length && end - start <= maxIndexDigits) {
    const code = text.charCodeAt(end)
    if (code < 0x30 || code > 0x39) break
    end++
  }
  const digits = end - start
  return digits === 0 || digits > maxIndexDigits || (digits > 1 && text.charCodeAt(start) === 0x30) ? -1 : end
}
