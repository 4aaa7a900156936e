/**
 * Reads a JSON string value straight from the text of a payload, when the value needs no unescaping.
 *
 * A long answer is mostly text deltas, each a small payload of one fixed form around the text. Where a provider
 * writes that form exactly, its decoder can take the text from between the known parts of the line instead of
 * running `JSON.parse` on it (no object made and thrown away per delta), and get the same value, because a JSON
 * string with no quote, backslash or control character in it means exactly its characters. Anything else (an escape,
 * another key order, extra whitespace) is not read here, and the decoder parses the line as usual.
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

/**
 * Where the non-negative integer that JSON writes at `start` of `text` ends (digits only, no leading zero, at
 * most nine of them), or `-1` when no such number starts there.
 */
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
