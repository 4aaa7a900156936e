/**
 * How deep JSON may nest: deeper than `maxDepth` is refused wherever the library parses JSON it did not write, so
 * that nothing downstream runs out of stack on it; and JSON's structural characters, which its scans compare.
 *
 * @internal
 */

/** JSON's structural characters by their UTF-16 codes: what the library's scans of JSON text compare, one table. */
export const jsonChar = {
  quote: 0x22,
  backslash: 0x5c,
  openBrace: 0x7b,
  closeBrace: 0x7d,
  openBracket: 0x5b,
  closeBracket: 0x5d,
  comma: 0x2c,
  colon: 0x3a
} as const

const { backslash, closeBrace, closeBracket, openBrace, openBracket, quote } = jsonChar

/** The deepest nesting of arrays and objects accepted: far beyond any payload, shallow enough for recursion. */
export const maxDepth = 1000

/** What a text or value nested too deep is called in an error. */
export const tooDeep = `JSON nested deeper than ${maxDepth} levels`

/** Whether JSON `text` nests arrays and objects deeper than `maxDepth` (strings are skipped). */
export const nestsTooDeep = (text: string): boolean => {
  // Each level takes two characters: a shorter text cannot be too deep.
  if (text.length <= 2 * maxDepth) return false
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code === quote) {
      // A string: skip to its closing quote (an escaped one does not close it).
      for (i++; i < text.length; i++) {
        const inner = text.charCodeAt(i)
        if (inner === backslash) i++
        else if (inner === quote) break
      }
    } else if (code === openBracket || code === openBrace) {
      if (++depth > maxDepth) return true
    } else if (code === closeBracket || code === closeBrace) {
      depth--
    }
  }
  return false
}

/** Whether a value nests arrays and objects deeper than `limit`, walked with a stack of its own. */
export const valueNestsTooDeep = (value: unknown, limit: number = maxDepth): boolean => {
  const values: Array<unknown> = [value]
  const depths: Array<number> = [0]
  while (values.length > 0) {
    const current = values.pop()
    const depth = depths.pop()!
    if (typeof current !== "object" || current === null) continue
    if (depth + 1 > limit) return true
    const children = Array.isArray(current) ? current : Object.values(current)
    for (const child of children) {
      if (typeof child === "object" && child !== null) {
        values.push(child)
        depths.push(depth + 1)
      }
    }
  }
  return false
}
