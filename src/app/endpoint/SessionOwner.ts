/**
 * Whose requests these are when the app does not say (`ChatEndpoint`'s default `owner`): the browser's session, an
 * unguessable id (`StreamStore.newId()`, 128 random bits) in an `HttpOnly`, `SameSite=Lax` cookie the endpoint
 * sets on the first request that has none (`Secure` over HTTPS). A cookie that is not such an id starts a new
 * session: a browser cannot pick its owner.
 *
 * @internal
 */
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as Option from "effect/Option"
import * as StreamStore from "../store/StreamStore.js"

/** The session cookie's name. */
export const cookieName = "chat_session"

/** A request's owner, and the cookie to set when its session is new. */
export interface Owned {
  readonly owner: string
  readonly setCookie: string | undefined
}

const sessionId = /^[A-Za-z0-9_-]{22}$/

/**
 * The owner the endpoint's default session gives `request` (the id in its `HttpOnly` session cookie), if it has
 * one: for the app's own routes that serve a session's data (its saved chats), never anyone else's.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ChatEndpoint } from "effect-llm-stream"
 * import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
 *
 * const mine = HttpRouter.add("GET", "/api/mine", (request: HttpServerRequest.HttpServerRequest) =>
 *   Effect.succeed(HttpServerResponse.jsonUnsafe({ session: ChatEndpoint.sessionOf(request) !== undefined })))
 * ```
 *
 * @since 0.5.0
 * @category Sessions
 */
export const sessionOf = (request: HttpServerRequest.HttpServerRequest): string | undefined => {
  const given = request.cookies[cookieName]
  return given !== undefined && sessionId.test(given) ? given : undefined
}

/** The owner of `request`: its session's id, or a new session's (with the cookie that starts it). */
export const fromSession = (request: HttpServerRequest.HttpServerRequest): Owned => {
  const given = sessionOf(request)
  if (given !== undefined) return { owner: given, setCookie: undefined }
  const owner = StreamStore.newId()
  const https = Option.match(HttpServerRequest.toURL(request), {
    onNone: () => false,
    onSome: (url) => url.protocol === "https:"
  })
  return { owner, setCookie: `${cookieName}=${owner}; Path=/; HttpOnly; SameSite=Lax${https ? "; Secure" : ""}` }
}
