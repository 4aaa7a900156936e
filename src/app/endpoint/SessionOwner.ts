/**
 * Whose requests these are when the app does not say (`ChatEndpoint`'s default `owner`): a session id the server
 * issued (128 random bits) and signed (HMAC-SHA-256 under the signing key), in an `HttpOnly`, `SameSite=Lax` cookie:
 * `__Host-chat_session` with `Secure` over HTTPS, else `chat_session`. A cookie the server did not sign starts a new
 * session: a browser cannot pick its owner.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as Option from "effect/Option"
import * as SigningKey from "../signing/SigningKey.js"
import * as StreamStore from "../store/StreamStore.js"

/** The session cookie's name over plain HTTP. */
export const cookieName = "chat_session"

/** The session cookie's name over HTTPS: the browser keeps it to this host, set by a secure page only. */
export const secureCookieName = "__Host-chat_session"

/** A request's owner, and the cookie to set when its session is new. */
export interface Owned {
  readonly owner: string
  readonly setCookie: string | undefined
}

/** A session cookie's value: the id, a dot, its tag (16 bytes, base64url). */
const signedSession = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/

/** What a session's tag signs: a text no other use of the key signs. */
const payloadOf = (id: string) => `effect-llm-stream/session/v1\n${id}`

/** Whether `request` arrived over HTTPS (its URL's scheme, or a trusted proxy's `X-Forwarded-Proto`). */
const isSecure = (request: HttpServerRequest.HttpServerRequest): boolean =>
  Option.match(HttpServerRequest.toURL(request), { onNone: () => false, onSome: (url) => url.protocol === "https:" })

/**
 * The owner the endpoint's default session gives `request` (the id in its session cookie), if the server issued it:
 * for the app's own routes that serve a session's data. An Effect (since 0.6): the cookie's signature is checked with
 * the signing key in context, which `ChatEndpoint.layer` gives every route of its router.
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
  Effect.gen(function*() {
    // The `__Host-` cookie; the plain one over plain HTTP only (a sibling site or the network can set it).
    const given = request.cookies[secureCookieName] ?? (isSecure(request) ? undefined : request.cookies[cookieName])
    const parts = given === undefined ? null : signedSession.exec(given)
    if (parts === null) return undefined
    const expected = yield* (yield* SigningKey.Signing).tag(payloadOf(parts[1]!))
    return SigningKey.sameTag(expected, parts[2]!) ? parts[1] : undefined
  })

/** The owner of `request`: its session's id, or a new session's (with the cookie that starts it, signed). */
export const fromSession = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<Owned> =>
  Effect.gen(function*() {
    const given = yield* sessionOf(request)
    if (given !== undefined) return { owner: given, setCookie: undefined }
    const owner = StreamStore.newId()
    const tag = yield* (yield* SigningKey.Signing).tag(payloadOf(owner))
    const secure = isSecure(request)
    const name = secure ? secureCookieName : cookieName
    return {
      owner,
      setCookie: `${name}=${owner}.${tag}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`
    }
  })
