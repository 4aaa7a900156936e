/**
 * A tool server's URL-mode elicitation (MCP 2025-11-25, client/elicitation, "URL Mode Elicitation Requests" and
 * "Safe URL Handling"): a page the server asks the user to open, out of band, as a tool's question answered accept,
 * decline or cancel with no content. The URL is checked before anyone sees it (bounded, `https:`, or `http:` to this
 * machine in development; no user name or password; none of the connection's credentials) and shown as it resolves:
 * its host in ASCII (an international domain in punycode, so that a look-alike is visible). Nothing here fetches it.
 *
 * @internal
 */
import * as McpBounds from "./McpBounds.js"

/** The bounds of a URL question, rows of the MCP client's one table of bounds. */
const { maxElicitationId, maxUrl } = McpBounds.call

/** The schema of a URL question's answer: no content (an accepted answer carries none, client/elicitation). */
export const noContent: Readonly<Record<string, unknown>> = {
  type: "object",
  properties: {},
  additionalProperties: false
}

/** `URL_ELICITATION_REQUIRED` (schema.ts 2025-11-25, `URLElicitationRequiredError`). */
export const requiredCode = -32042

/** Hosts `http:` may name: this machine, a development server (the spec: HTTPS "for non-development environments"). */
const loopback = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/

/** A character a URL as sent may not hold: a control character or white space (which the parser would drop). */
const unsafe = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/

/** What a URL question shows: the URL as it resolves, and its host. */
export interface Shown {
  readonly href: string
  readonly host: string
}

/** The URL `text` as it is shown, or why it is refused (a sentence the model reads). */
export const shownOf = (text: unknown, scrub: (text: string) => string): Shown | string => {
  if (typeof text !== "string" || !URL.canParse(text)) return "the tool asked the user to open a URL that is not one"
  if (text.length > maxUrl || unsafe.test(text)) {
    return `the tool asked the user to open a URL over ${maxUrl} characters or holding white space`
  }
  const url = new URL(text)
  const secure = url.protocol === "https:" || (url.protocol === "http:" && loopback.test(url.hostname))
  if (!secure || url.host === "") return "the tool asked the user to open a URL that is not https"
  if (url.username !== "" || url.password !== "") {
    return "the tool asked the user to open a URL holding a user name or password"
  }
  if (url.href.length > maxUrl) return `the tool asked the user to open a URL over ${maxUrl} characters`
  if (scrub(url.href) !== url.href || scrub(decodeSafely(url.href)) !== decodeSafely(url.href)) {
    return "the tool asked the user to open a URL holding a credential of this connection"
  }
  return { href: url.href, host: url.host }
}

const decodeSafely = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** A URL question, as `McpCall.Form` carries it: its schema takes no content. */
export interface Question {
  readonly key: string
  readonly message: string
  readonly requestedSchema: Record<string, unknown>
  readonly url: Shown
}

/** A URL-mode elicitation's params as a question (`message` already bounded and scrubbed), or why it is refused. */
export const questionOf = (
  key: string,
  params: { readonly [key: string]: unknown },
  message: string,
  scrub: (text: string) => string
): Question | string => {
  const shown = shownOf(params["url"], scrub)
  if (typeof shown === "string") return shown
  return { key, message, requestedSchema: { ...noContent }, url: shown }
}

const isRecord = (value: unknown): value is { readonly [key: string]: unknown } =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * The URL-mode elicitations of a `URLElicitationRequiredError`'s `data` (each with its `elicitationId`, at most
 * `max`), as the params of input requests keyed by their ids; or why they are refused.
 */
export const requiredOf = (
  data: unknown,
  max: number
): { readonly [key: string]: { readonly method: string; readonly params: unknown } } | string => {
  const elicitations = isRecord(data) ? data["elicitations"] : undefined
  if (!Array.isArray(elicitations) || elicitations.length === 0) {
    return "the tool said the user must open a URL, and named none"
  }
  if (elicitations.length > max) return `the tool asked the user to open ${elicitations.length} URLs, over ${max}`
  const ids = new Set<string>()
  for (const params of elicitations) {
    const id = isRecord(params) ? params["elicitationId"] : undefined
    if (
      !isRecord(params) || params["mode"] !== "url" || typeof id !== "string" || id === "" ||
      id.length > maxElicitationId
    ) {
      return "the tool said the user must open a URL, in a malformed URL elicitation"
    }
    if (ids.has(id)) return "the tool asked the user to open two URLs under one elicitationId"
    ids.add(id)
  }
  // Own properties whatever the ids (`__proto__` too): they are only keys, never sent back.
  return Object.fromEntries(
    elicitations.map((params) => [params["elicitationId"], { method: "elicitation/create", params }])
  )
}
