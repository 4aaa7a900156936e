/**
 * What `ChatEndpoint` checks before it reads a request: the `Host` it was sent to (`allowedHosts`: no DNS rebinding
 * of a local server), a browser's cross-site request (`Sec-Fetch-Site: cross-site`: another site's page cannot make
 * the user's browser start, stop or read an answer), and who sent it: the peer, or what `trustedProxies` forward
 * (read by `HttpMiddleware.xForwardedHeaders`; a client's own such headers are not believed).
 *
 * @internal
 */
import type * as HttpMiddleware from "effect/http/HttpMiddleware"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as IpNetwork from "effect/net/IpNetwork"
import * as NetAddress from "effect/net/NetAddress"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import type * as ChatOptions from "./ChatOptions.js"
import * as EndpointLog from "./EndpointLog.js"

/** The host a request names (`Host`, else its URL's), as `hostname` and `hostname:port`, lower case. */
const hostOf = (request: HttpServerRequest.HttpServerRequest): { readonly name: string; readonly full: string } => {
  const given = request.headers["host"] ?? (URL.canParse(request.originalUrl) ? new URL(request.originalUrl).host : "")
  if (!URL.canParse(`http://${given}`)) return { name: "", full: "" }
  const url = new URL(`http://${given}`)
  return { name: url.hostname.toLowerCase(), full: url.host.toLowerCase() }
}

/**
 * Whether `request` was sent to one of `allowed` (host names, or `name:port`): an IPv6 address as its URL has it
 * (`[::1]`, `[::1]:3000`) or bare (`::1`), as `trustedProxies` names one.
 */
export const hostAllowed = (allowed: ReadonlyArray<string>, request: HttpServerRequest.HttpServerRequest): boolean => {
  const host = hostOf(request)
  const bare = host.name.startsWith("[") ? host.name.slice(1, -1) : host.name
  return host.name !== "" && allowed.some((entry) => {
    const expected = entry.toLowerCase()
    return expected === host.name || expected === bare || expected === host.full
  })
}

/** The refusal of a request sent to another host. */
export const otherHost = new EndpointLog.Refusal({ status: 403, message: "not served for this host" })

/** The refusal of a browser's cross-site request. */
export const crossSite = new EndpointLog.Refusal({ status: 403, message: "cross-site requests are not served" })

/** Whether a browser says the request comes from another site. */
export const isCrossSite = (request: HttpServerRequest.HttpServerRequest): boolean =>
  request.headers["sec-fetch-site"]?.toLowerCase() === "cross-site"

/**
 * Whether a browser says the request comes from a page of another origin than the server's own: its `Origin` is not
 * `http://` or `https://` and the host it was sent to (`Host`, its port included: a page on another port of the same
 * loopback address is another origin). A request without `Origin` (no browser's POST) is not.
 */
export const isCrossOrigin = (request: HttpServerRequest.HttpServerRequest): boolean => {
  const origin = request.headers["origin"]
  if (origin === undefined) return false
  const host = hostOf(request).full
  return host === "" || (origin.toLowerCase() !== `http://${host}` && origin.toLowerCase() !== `https://${host}`)
}

/** A network given as text: `"10.0.0.0/8"`, or one address (`"127.0.0.1"`, `"::1"`). */
const networkOf = (text: string): Result.Result<IpNetwork.IpNetwork, unknown> =>
  text.includes("/")
    ? IpNetwork.fromString(text)
    : Result.flatMap(NetAddress.ipFromString(text), (address) =>
      IpNetwork.fromAddress(address, NetAddress.width(address)))

/** The proxies `trustedProxies` names, as `HttpMiddleware.xForwardedHeaders` takes them, or what is wrong. */
export const proxiesOf = (
  given: NonNullable<ChatOptions.Options["trustedProxies"]>
): Result.Result<HttpMiddleware.TrustedProxyOptions["trustedProxies"], string> => {
  if (typeof given === "function") return Result.succeed(given)
  const networks: Array<IpNetwork.IpNetwork> = []
  for (const entry of Array.isArray(given) ? given as ReadonlyArray<unknown> : [given]) {
    const network = IpNetwork.isIpNetwork(entry)
      ? Result.succeed(entry)
      : typeof entry === "string"
      ? networkOf(entry)
      : Result.fail(undefined)
    if (Result.isFailure(network)) {
      return Result.fail(
        `trustedProxies must be networks ("10.0.0.0/8") or addresses ("127.0.0.1"), got ${String(entry).slice(0, 60)}`
      )
    }
    networks.push(network.success)
  }
  return Result.succeed(networks)
}

/**
 * The client's address, to key a limit by: IPv4-mapped as IPv4, IPv6 as its /64 (one subscriber's, whose addresses it
 * may pick at will); undefined where the runtime does not give the peer.
 */
export const clientAddress = (request: HttpServerRequest.HttpServerRequest): string | undefined => {
  const given = Option.getOrUndefined(request.remoteAddress)
  const parsed = given === undefined ? undefined : NetAddress.ipFromString(given)
  if (parsed === undefined || Result.isFailure(parsed)) return undefined
  const address = NetAddress.toCanonical(parsed.success)
  return NetAddress.isIpv4Address(address)
    ? NetAddress.formatIp(address)
    : IpNetwork.format(IpNetwork.fromAddressUnsafe(address, 64))
}
