/**
 * Writes a request's body as JSON text, the one place every provider's body is written: well-formed, each lone
 * UTF-16 surrogate (half of a character: text cut in the middle of an emoji, a tool's or an MCP server's answer) in
 * a string or a key as U+FFFD. `JSON.stringify` writes a lone surrogate as an escape (`"\ud800"`), which the APIs
 * refuse with a 400 ("invalid JSON", "lone leading surrogate in hex escape") or mangle; `TextEncoder` writes it as
 * U+FFFD, and so is it sent here.
 *
 * @internal
 */

/**
 * How every escape of a surrogate begins in `JSON.stringify`'s text: it escapes only lone ones (a pair is written
 * as it is). An escaped backslash followed by `ud` matches too, and costs only the second, careful writing.
 */
const surrogateEscape = "\\ud"

/** Whether an object has a key that is not well-formed. */
const hasBrokenKey = (value: object): boolean => {
  for (const key in value) {
    if (!key.isWellFormed()) return true
  }
  return false
}

/** `JSON.stringify`'s replacer that makes every string, and every key, well-formed. */
const wellFormed = (_key: string, value: unknown): unknown => {
  if (typeof value === "string") return value.toWellFormed()
  if (typeof value !== "object" || value === null || Array.isArray(value) || !hasBrokenKey(value)) return value
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.toWellFormed(), inner]))
}

/**
 * The JSON text of `body`, well-formed. A body without a lone surrogate (nearly all) is written once; `JSON.stringify`
 * throws what it throws (a `BigInt`, a cycle).
 */
export const write = (body: unknown): string => {
  const text = JSON.stringify(body)
  return text.includes(surrogateEscape) ? JSON.stringify(body, wellFormed) : text
}
