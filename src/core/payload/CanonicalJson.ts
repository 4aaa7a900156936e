/**
 * One text per JSON value, whoever serialised it (keys in any order), so that a tag over it survives a trip
 * through a browser.
 *
 * @internal
 */

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Object keys sorted (`Object.fromEntries` keeps a `__proto__` key as data, never as a prototype). */
const sorted = (_key: string, value: unknown): unknown =>
  isPlainObject(value)
    ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, value[key]]))
    : value

/** The value's JSON with every object's keys in order; `null` for what JSON cannot hold (`undefined`). */
export const canonicalJson = (value: unknown): string => JSON.stringify(value, sorted) ?? "null"

/** A field no reader takes as a value: `null`, or an empty array. */
const isEmpty = (value: unknown): boolean => value === null || (Array.isArray(value) && value.length === 0)

/** The same without the value's empty fields (`null`, `[]`): two values that differ only in those give one text. */
export const canonicalJsonWithoutEmpty = (value: unknown): string =>
  JSON.stringify(value, (key, field) => key !== "" && isEmpty(field) ? undefined : sorted(key, field)) ?? "null"

/** Whether the `ai` client's JSON parse refuses an object with this key: `__proto__`, or a `constructor`'s `prototype`. */
const refusedKey = (key: string, ofConstructor: boolean): boolean =>
  key === "__proto__" || (ofConstructor && key === "prototype")

/**
 * A model's value as a browser reads it: without the keys the `ai` client's JSON parse refuses (`__proto__`, a
 * `constructor`'s `prototype`), which would fail its chunk and end the browser's stream; the value itself when it has
 * none, or when it nests deeper than `maxDepth` (refused as too deep where it is read).
 */
export const readableValue = (value: unknown, ofConstructor = false, depth = 0): unknown => {
  // Bytes (an image part's) hold no keys, and are not walked byte by byte.
  if (typeof value !== "object" || value === null || depth > maxDepth || ArrayBuffer.isView(value)) return value
  if (Array.isArray(value)) {
    const items = value.map((item) => readableValue(item, false, depth + 1))
    return items.every((item, index) => item === value[index]) ? value : items
  }
  let changed = false
  const entries: Array<[string, unknown]> = []
  for (const [key, item] of Object.entries(value)) {
    if (refusedKey(key, ofConstructor)) {
      changed = true
      continue
    }
    const kept = readableValue(item, key === "constructor", depth + 1)
    if (kept !== item) changed = true
    entries.push([key, kept])
  }
  // `Object.fromEntries` defines each key as its own data.
  return changed ? Object.fromEntries(entries) : value
}

/** How deep `readableValue` looks. */
const maxDepth = 1_000

/**
 * A tool call's arguments as the value a browser is sent (`{}` when empty; the text itself when not JSON; without
 * the keys a browser refuses, `readableValue`): what an approval of the call signs, and what comes back.
 */
export const argumentsValue = (text: string): unknown => {
  if (text.trim() === "") return {}
  try {
    return readableValue(JSON.parse(text))
  } catch {
    return text
  }
}
