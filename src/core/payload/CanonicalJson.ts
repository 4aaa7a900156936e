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

/** A tool call's arguments as the value a browser is sent (`{}` when empty; the text itself when not JSON). */
export const argumentsValue = (text: string): unknown => {
  if (text.trim() === "") return {}
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
