/**
 * The credentials of an MCP transport, which are scrubbed from everything the server sends (an error, a tool's
 * result, a tool's description): the values of the headers and environment variables given as `Redacted`; those
 * given as plain strings under a name that says credential (`authorization`, `cookie`, `x-api-key`, or a name
 * holding `token`, `secret`, `key`, `password`, `auth`, `credential`, `session`); the user name and password of
 * the URL (`https://user:pass@host`) and its query parameters under such a name (`?api_key=...`); and of a value
 * of the form `<scheme> <credentials>` (`Bearer <token>`), the credentials alone, and the user name and password
 * a `Basic` authorization's encode.
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

/**
 * The parts of an authorization's value (`<scheme> <credentials>`): its credentials alone (a server that echoes
 * the token without `Bearer`, or encodes it alone), and for `Basic` the user name and password they encode.
 */
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

/**
 * Every credential of a transport, as secrets (the short ones are not searched for: see `Secrets`): of the
 * headers or environment variables it is given, and of its URL.
 */
export const of = (
  given: Readonly<Record<string, Value>>,
  url?: string | URL | undefined
): ReadonlyArray<Redacted.Redacted<string>> =>
  [...ofValues(given), ...(url === undefined ? [] : ofUrl(url))].map((text) => Redacted.make(text))
