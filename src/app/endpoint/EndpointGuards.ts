/**
 * What `ChatEndpoint` checks before it reads a request: the `Host` it was sent to (with `allowedHosts`, every route
 * of the router: a page of another site cannot reach a local server by DNS rebinding), and where it comes from (a
 * browser's cross-site request, `Sec-Fetch-Site: cross-site`, is refused: another site's page cannot make the
 * user's browser start, stop or read an answer; a client that sends no such header, a server's, is served).
 *
 * @internal
 */
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as EndpointLog from "./EndpointLog.js"

/** The host a request names (`Host`, else its URL's), as `hostname` and `hostname:port`, lower case. */
const hostOf = (request: HttpServerRequest.HttpServerRequest): { readonly name: string; readonly full: string } => {
  const given = request.headers["host"] ?? (URL.canParse(request.originalUrl) ? new URL(request.originalUrl).host : "")
  if (!URL.canParse(`http://${given}`)) return { name: "", full: "" }
  const url = new URL(`http://${given}`)
  return { name: url.hostname.toLowerCase(), full: url.host.toLowerCase() }
}

/** Whether `request` was sent to one of `allowed` (host names, or `name:port`). */
export const hostAllowed = (allowed: ReadonlyArray<string>, request: HttpServerRequest.HttpServerRequest): boolean => {
  const host = hostOf(request)
  return host.name !== "" && allowed.some((entry) => {
    const expected = entry.toLowerCase()
    return expected === host.name || expected === host.full
  })
}

/** The refusal of a request sent to another host. */
export const otherHost = new EndpointLog.Refusal({ status: 403, message: "not served for this host" })

/** The refusal of a browser's cross-site request. */
export const crossSite = new EndpointLog.Refusal({ status: 403, message: "cross-site requests are not served" })

/** Whether a browser says the request comes from another site. */
export const isCrossSite = (request: HttpServerRequest.HttpServerRequest): boolean =>
  request.headers["sec-fetch-site"]?.toLowerCase() === "cross-site"
