/**
 * The error of a redirect. Redirects are never followed: every provider request carries credentials, which fetch
 * would send to wherever a `location` points. Requests go out with `redirect: "manual"` (`FetchGuard`; undici and
 * node:http never follow), and a 3xx is a typed error naming the origin it points to.
 *
 * @internal
 */
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as ProviderError from "../ProviderError.js"
import * as HttpErrors from "./HttpErrors.js"

/** The origin of a URL (`location` resolved against the request's), or `undefined` for none. */
export const originOf = (location: string | undefined, base: string): string | undefined => {
  if (location === undefined) return undefined
  try {
    return new URL(location, base).origin
  } catch {
    return undefined
  }
}

/** The error of a redirect: final, as retrying would meet it again. */
export const redirectError = (
  provider: string,
  request: HttpClientRequest.HttpClientRequest,
  response: HttpClientResponse.HttpClientResponse
): ProviderError.ProviderError => {
  const origin = originOf(response.headers["location"], request.url)
  const http = HttpErrors.httpOf(response)
  return new ProviderError.InvalidRequestError({
    provider,
    status: response.status,
    http: {
      status: http.status,
      headers: http.headers["location"] === undefined
        ? http.headers
        : { ...http.headers, location: origin ?? "<invalid>" }
    },
    message: `${provider} (HTTP ${response.status}): the server redirects ${
      origin === undefined ? "without a valid location" : `to ${origin}`
    }; redirects are not followed (the request carries credentials): set baseUrl to the final URL`
  })
}
