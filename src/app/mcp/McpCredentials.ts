/**
 * The credentials of an MCP transport, scrubbed from everything its server sends.
 *
 * @internal
 */
import * as Base64 from "effect/encoding/Base64"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"

/** A value given as it is, or as a secret. */
export type Value = string | Redacted.Redacted<string>

/** A name (a header's, an environment variable's, a query parameter's) whose value is a credential. */
const credentialName = /auth|cookie|token|secret|key|passw|credential|session/i

/** The parts of `<scheme> <credentials>`: the credentials alone, and for `Basic` what they encode. */
const schemeCredentials = (value: string): ReadonlyArray<string> => {
  const [, scheme, credentials] = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s+(\S+)\s*$/.exec(value) ?? []
  if (scheme === undefined || credentials === undefined) return []
  const decoded = scheme.toLowerCase() === "basic" ? Base64.decodeString(credentials) : undefined
  if (decoded === undefined || Result.isFailure(decoded)) return [credentials]
  const colon = decoded.success.indexOf(":")
  return [credentials, decoded.success, ...(colon === -1 ? [] : [decoded.success.slice(colon + 1)])]
}

/** The credentials among named values: the `Redacted` ones, and the plain ones a credential's name holds. */
const ofValues = (values: Readonly<Record<string, Value>>): ReadonlyArray<string> =>
  Object.entries(values).flatMap(([name, value]) => {
    const text = Redacted.isRedacted(value) ? Redacted.value(value) : credentialName.test(name) ? value : undefined
    return text === undefined ? [] : [text, ...schemeCredentials(text)]
  })

/** A text and its URL-decoded form (a URL's parts are percent-encoded). */
const withDecoded = (text: string): ReadonlyArray<string> => {
  try {
    const decoded = decodeURIComponent(text)
    return decoded === text ? [text] : [text, decoded]
  } catch {
    return [text]
  }
}

/** The credentials a URL carries: its user name and password, its query parameters of a credential's name. */
const ofUrl = (url: string | URL): ReadonlyArray<string> => {
  const parsed = typeof url === "string" ? (URL.canParse(url) ? new URL(url) : undefined) : url
  if (parsed === undefined) return []
  const query = [...parsed.searchParams].flatMap(([name, value]) => credentialName.test(name) ? [value] : [])
  return [parsed.username, parsed.password, ...query].filter((text) => text !== "").flatMap(withDecoded)
}

/** Every credential of a transport (its headers or environment variables, and its URL), as secrets. */
export const of = (
  given: Readonly<Record<string, Value>>,
  url?: string | URL | undefined
): ReadonlyArray<Redacted.Redacted<string>> =>
  [...ofValues(given), ...(url === undefined ? [] : ofUrl(url))].map((text) => Redacted.make(text))

/** A number in a form or a schema that holds a secret: it cannot be scrubbed and stay a number. */
export const leaked: unique symbol = Symbol("leaked")

/**
 * `value` (a form's schema or a tool's input schema, already bounded in depth) with the transport's secrets scrubbed
 * (`scrub`) from its strings and keys, never from its JSON text; `leaked` when a number holds one.
 */
export const scrubbedValue = (scrub: (text: string) => string, value: unknown): unknown => {
  if (typeof value === "string") return scrub(value)
  if (typeof value === "number") return scrub(String(value)) === String(value) ? value : leaked
  if (typeof value !== "object" || value === null) return value
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, scrubbedValue(scrub, item)] as const)
    : Object.entries(value).map(([key, item]) => [scrub(key), scrubbedValue(scrub, item)] as const)
  if (entries.some(([, item]) => item === leaked)) return leaked
  // `Object.fromEntries` defines each key as its own (a `__proto__` key stays a key).
  return Array.isArray(value) ? entries.map(([, item]) => item) : Object.fromEntries(entries)
}
