/**
 * What is checked before a request is sent: no user name or password in the URL (fetch quotes the whole URL in
 * its error, other clients send it on), no header value with a line break or another character no header carries
 * (fetch fails it as a connection error that would be retried, Node's `http` throws it as a defect), and no dot
 * segment in the URL's path (a model name or a server-sent id could put one there: the request, with its
 * credentials, would go to another path of the host).
 *
 * @internal
 */
import * as Redacted from "effect/Redacted"
import * as ProviderError from "../ProviderError.js"

/** A character no header value may hold. */
const forbidden = /[\r\n\0]/

/**
 * Any other character no HTTP client sends in a header value (RFC 9110 5.5 `field-value`: tab, space, visible ASCII
 * and obs-text up to U+00FF): a control character, or one beyond U+00FF (a key pasted with its quotes, “sk-…”, or
 * with a zero-width space).
 */
const unsendable = /[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\u0100-\uffff]/

/** Whether a configured value (a string, a secret, a list of them) holds a line break or a NUL. */
const breaks = (value: unknown): boolean => {
  if (typeof value === "string") return forbidden.test(value)
  if (Redacted.isRedacted(value)) return breaks(Redacted.value(value))
  if (Array.isArray(value)) return value.some(breaks)
  return false
}

/** The name of the first option (nested ones too) whose value holds a line break or a NUL. */
export const optionWithLineBreak = (options: object): string | undefined => {
  for (const [name, value] of Object.entries(options)) {
    if (breaks(value)) return name
    if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
      const nested = optionWithLineBreak(value)
      if (nested !== undefined) return `${name}.${nested}`
    }
  }
  return undefined
}

/** The configuration error for an option that holds a line break. */
export const lineBreakError = (provider: string, option: string): ProviderError.ConfigurationError =>
  new ProviderError.ConfigurationError({
    provider,
    message:
      `${provider}: the option ${option} holds a line break (CR or LF) or a NUL, which cannot be sent in an HTTP header; remove it (a value pasted with its newline?)`
  })

/** Whether a path segment, as it is sent, is a dot segment (`.`, `..`, also percent-encoded). */
const isDotSegment = (segment: string): boolean => {
  const decoded = segment.replace(/%2e/gi, ".")
  return decoded === "." || decoded === ".."
}

/** The path of a URL as written (before a client resolves its dot segments). */
const rawPath = (url: string): string => {
  const start = url.indexOf("//") === -1 ? 0 : url.indexOf("/", url.indexOf("//") + 2)
  if (start === -1) return ""
  const end = url.slice(start).search(/[?#]/)
  return end === -1 ? url.slice(start) : url.slice(start, start + end)
}

/**
 * Why a header cannot be sent, if so (never quoting its value, which may be a key): it holds a line break, or another
 * character no header carries; `option` is what sets it.
 */
export const headerProblem = (header: string, value: string, option: string): string | undefined => {
  if (forbidden.test(value)) {
    return `the header ${header} holds a line break (CR or LF) or a NUL, which cannot be sent: check the option that sets it (${option})`
  }
  const odd = unsendable.exec(value)?.[0]
  if (odd === undefined) return undefined
  const code = odd.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")
  return `the header ${header} holds a character no HTTP header can carry (U+${code}: a quote or an invisible space ` +
    `pasted with a key?), which cannot be sent: check the option that sets it (${option})`
}

/** A URL's user information (`user:password@` after `scheme://`), wherever it appears in a text. */
const userinfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi

/** Replaces the user name and password of every URL in `text` (an error's message) by `<redacted>`. */
export const withoutUserinfo = (text: string): string =>
  text.includes("@") ? text.replace(userinfo, "$1<redacted>@") : text

/** Whether `url` holds a user name or a password. */
const hasUserinfo = (url: string): boolean => {
  if (!url.includes("@")) return false
  try {
    const parsed = new URL(url)
    return parsed.username !== "" || parsed.password !== ""
  } catch {
    return withoutUserinfo(url) !== url
  }
}

/** The name of the first option (a URL: `baseUrl`, `endpoint`) that holds a user name or password. */
export const optionWithUserinfo = (options: object): string | undefined => {
  for (const [name, value] of Object.entries(options)) {
    if (typeof value === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && hasUserinfo(value)) return name
  }
  return undefined
}

/** The configuration error for an option whose URL holds a user name or password (never quoted). */
export const userinfoError = (provider: string, option: string): ProviderError.ConfigurationError =>
  new ProviderError.ConfigurationError({
    provider,
    message:
      `${provider}: the option ${option} holds a user name or password (user:password@), which is not sent: put the credentials in the key options (apiKey, credentials) and the URL without them`
  })

/** Why a request must not be sent: userinfo in its URL, a line break in a header, a dot segment; else `undefined`. */
export const problem = (
  url: string,
  headers: Readonly<Record<string, string>>
): string | undefined => {
  if (hasUserinfo(url)) {
    return "the request URL holds a user name or password (user:password@ in baseUrl or endpoint), which is not sent: put the credentials in the key options (apiKey, credentials)"
  }
  for (const name in headers) {
    const problem = headerProblem(name, headers[name]!, "the key, betas, apiVersion, organization, ...")
    if (problem !== undefined) return problem
  }
  // Most URLs have no `/.` and no `%2e` at all: only those are split into segments.
  if ((url.includes("/.") || /%2e/i.test(url)) && rawPath(url).split("/").some(isDotSegment)) {
    return `the request path ${
      JSON.stringify(rawPath(url))
    } has a dot segment ("." or ".."), which would send the request to another path: a model, deployment or id cannot be "." or ".."`
  }
  return undefined
}

/** Whether `name` (a region, a location) may go into a host name: letters, digits and inner dashes only. */
export const isHostLabel = (name: string): boolean => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)
