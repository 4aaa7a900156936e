/**
 * Whose requests these are when the app does not say (`ChatEndpoint`'s default `owner`): a session id the server
 * issued (128 random bits) with its expiry, signed (HMAC-SHA-256 under the signing key), in an `HttpOnly`,
 * `SameSite=Lax` cookie: `__Host-chat_session` with `Secure` over HTTPS, else `chat_session`. A session lives
 * `maxAge` (default 30 days) from its last request: each request renews it (its cookie set again, a new expiry
 * signed). A cookie the server did not sign, or one past its expiry, starts a new session: a browser cannot pick its
 * owner, nor keep one longer. A continuation of an answer (a body with a message this server signed) that comes
 * without its session is refused with a 401 naming the cookie.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as SigningKey from "../signing/SigningKey.js"
import * as StreamStore from "../store/StreamStore.js"
import * as UIHistoryFacts from "../ui/UIHistoryFacts.js"
import * as EndpointLog from "./EndpointLog.js"

/** The session cookie's name over plain HTTP. */
export const cookieName = "chat_session"

/** The session cookie's name over HTTPS: the browser keeps it to this host, set by a secure page only. */
export const secureCookieName = "__Host-chat_session"

/** How long a session lives from its last request unless the endpoint's `session.maxAge` says: 30 days. */
export const defaultMaxAge: Duration.Duration = /* @__PURE__ */ Duration.days(30)

/** The endpoint's `session.maxAge` (`undefined`: the default), or why it is not one. */
export const maxAgeOf = (input: Duration.Input | undefined): Result.Result<Duration.Duration, string> => {
  if (input === undefined) return Result.succeed(defaultMaxAge)
  const age = Option.getOrUndefined(Duration.fromInput(input))
  return age !== undefined && Duration.isFinite(age) && Duration.toSeconds(age) >= 1
    ? Result.succeed(age)
    : Result.fail(`session.maxAge must be a finite duration of at least a second, got ${String(input).slice(0, 40)}`)
}

/**
 * A request's owner, and the cookie to set (a new session's, or the renewed one's); `started`, why the session is
 * new: the request carried no session cookie (`absent`), one past its age (`expired`), or one this server did not
 * sign (`unsigned`). `undefined` when the request came with its session, or the app gives the owner.
 */
export interface Owned {
  readonly owner: string
  readonly setCookie: string | undefined
  readonly started?: "absent" | "expired" | "unsigned" | undefined
  /** The name of the session's cookie (`chat_session`, or `__Host-chat_session` over HTTPS). */
  readonly cookie?: string | undefined
}

/** A session cookie's value: the id, its expiry (milliseconds, base 36) and its tag (16 bytes, base64url). */
const signedSession = /^([A-Za-z0-9_-]{22})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{22})$/

/** 0.6's session cookie (the id and its tag, no expiry): taken once, and renewed with an expiry. */
const unexpiringSession = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/

/** What a session's tag signs: a text no other use of the key signs (0.6's without an expiry). */
const payloadOf = (id: string, expires?: string) =>
  expires === undefined ? `effect-llm-stream/session/v1\n${id}` : `effect-llm-stream/session/v2\n${id}\n${expires}`

/** Whether `request` arrived over HTTPS (its URL's scheme, or a trusted proxy's `X-Forwarded-Proto`). */
const isSecure = (request: HttpServerRequest.HttpServerRequest): boolean =>
  Option.match(HttpServerRequest.toURL(request), { onNone: () => false, onSome: (url) => url.protocol === "https:" })

/** The session cookie `request` carries, and its name. */
const cookieOf = (request: HttpServerRequest.HttpServerRequest) => {
  // The `__Host-` cookie; the plain one over plain HTTP only (a sibling site or the network can set it).
  const secure = isSecure(request)
  const given = request.cookies[secureCookieName] ?? (secure ? undefined : request.cookies[cookieName])
  return { given, name: secure ? secureCookieName : cookieName }
}

/** What the request's session cookie says: its session's id, or why it has none. */
const read = (
  given: string | undefined
): Effect.Effect<{ readonly id: string } | { readonly refused: "absent" | "expired" | "unsigned" }> =>
  Effect.gen(function*() {
    if (given === undefined) return { refused: "absent" } as const
    const parts = signedSession.exec(given) ?? unexpiringSession.exec(given)
    if (parts === null) return { refused: "unsigned" } as const
    const [, id, expires, tag] = parts.length === 4 ? parts : [parts[0], parts[1], undefined, parts[2]]
    const expected = yield* (yield* SigningKey.Signing).tag(payloadOf(id!, expires))
    if (!SigningKey.sameTag(expected, tag!)) return { refused: "unsigned" } as const
    if (expires !== undefined && parseInt(expires, 36) <= (yield* Clock.currentTimeMillis)) {
      return { refused: "expired" } as const
    }
    return { id: id! }
  })

/**
 * The owner the endpoint's default session gives `request` (the id in its session cookie), if the server issued it
 * and it has not expired: for the app's own routes that serve a session's data. An Effect (since 0.6): the cookie's
 * signature is checked with the signing key in context, which `ChatEndpoint.layer` gives every route of its router.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ChatEndpoint } from "effect-llm-stream"
 * import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
 *
 * const mine = HttpRouter.add("GET", "/api/mine", (request: HttpServerRequest.HttpServerRequest) =>
 *   Effect.map(ChatEndpoint.sessionOf(request), (session) =>
 *     HttpServerResponse.jsonUnsafe({ session: session !== undefined })))
 * ```
 *
 * @since 0.5.0
 * @category Sessions
 */
export const sessionOf = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<string | undefined> =>
  Effect.map(read(cookieOf(request).given), (session) => "id" in session ? session.id : undefined)

/** The `Set-Cookie` of session `id`, signed to expire `maxAge` from now. */
const cookieFor = (id: string, name: string, maxAge: Duration.Duration): Effect.Effect<string> =>
  Effect.gen(function*() {
    const expires = ((yield* Clock.currentTimeMillis) + Duration.toMillis(maxAge)).toString(36)
    const tag = yield* (yield* SigningKey.Signing).tag(payloadOf(id, expires))
    const seconds = Math.floor(Duration.toSeconds(maxAge))
    const secure = name === secureCookieName ? "; Secure" : ""
    return `${name}=${id}.${expires}.${tag}; Path=/; Max-Age=${seconds}; HttpOnly; SameSite=Lax${secure}`
  })

/**
 * The owner of `request`: its session's id, renewed (its cookie set again to live `maxAge` more), or a new session's
 * (with the cookie that starts it, and why it is new).
 */
export const fromSession = (
  request: HttpServerRequest.HttpServerRequest,
  maxAge: Duration.Duration = defaultMaxAge
): Effect.Effect<Owned> =>
  Effect.gen(function*() {
    const { given, name } = cookieOf(request)
    const session = yield* read(given)
    const owner = "id" in session ? session.id : StreamStore.newId()
    const setCookie = yield* cookieFor(owner, name, maxAge)
    return "id" in session
      ? { owner, setCookie, cookie: name }
      : { owner, setCookie, started: session.refused, cookie: name }
  })

/** Whether a chat request's body (JSON text) continues an answer: one of its messages holds what this server signed. */
const continues = (text: string): boolean => {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return false
  }
  const messages = typeof body === "object" && body !== null ? (body as { messages?: unknown }).messages : undefined
  return Array.isArray(messages) &&
    messages.some((message) =>
      typeof message === "object" && message !== null && UIHistoryFacts.signedOf(message.metadata) !== undefined
    )
}

/** Why a session is new, in the words of the 401 a continuation without it gets. */
const missing = {
  absent: "came without its session cookie",
  expired: "came with a session cookie past its maximum age",
  unsigned: "came with a session cookie this server did not issue"
} as const

/**
 * The 401 of a refused request that continues an answer (`body`, its JSON text) in a session it does not carry
 * (`owned.started`): what it continues was signed for that session alone. `undefined` for any other request.
 */
export const refusedContinuation = (owned: Owned, body: string): EndpointLog.Refusal | undefined =>
  owned.started === undefined || !continues(body) ? undefined : new EndpointLog.Refusal({
    status: 401,
    message: `This chat continues an answer of a session, but the request ${missing[owned.started]} ` +
      `(${owned.cookie ?? cookieName}): a Node client must keep the cookie the first answer set and send it back; ` +
      "a page on another origin of the same site sends it with fetch's credentials: \"include\". " +
      "Start a new chat to go on without it."
  })
