/**
 * How a client's stream `DurableStreams` serves expires: `Stream-TTL` (whole seconds after its last read or write:
 * a `HEAD` does not count) or `Stream-Expires-At` (an instant), as the protocol's `PUT` says (the reference server's
 * `isExpired`, `touchAccess`), kept in its first chunk and set on the store with `expire` after each read or write.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as StreamStore from "../store/StreamStore.js"
import type { Expiry, Kind } from "./DurableStreamKinds.js"

/** The longest `Stream-TTL` taken: 10 digits of seconds (over 300 years). */
const ttlPattern = /^(0|[1-9]\d{0,9})$/

/** The longest `Stream-Expires-At` taken (an ISO 8601 instant is 24 to 30 characters). */
const maxDateLength = 64

/** The expiry a `PUT`'s headers ask, or why they are refused (a 400). */
export const expiryOf = (headers: Readonly<Record<string, string | undefined>>): Expiry | string => {
  const ttl = headers["stream-ttl"]
  const expiresAt = headers["stream-expires-at"]
  if (ttl !== undefined && expiresAt !== undefined) return "Stream-TTL and Stream-Expires-At are exclusive"
  if (ttl !== undefined && !ttlPattern.test(ttl)) return "Stream-TTL is whole seconds"
  if (expiresAt !== undefined && (expiresAt.length > maxDateLength || Number.isNaN(Date.parse(expiresAt)))) {
    return "Stream-Expires-At is not a date"
  }
  return {
    ...(ttl === undefined ? {} : { ttlSeconds: Number(ttl) }),
    ...(expiresAt === undefined ? {} : { expiresAt })
  }
}

/** Whether a `PUT` asks an expiry. */
export const isSet = (expiry: Expiry | undefined): boolean =>
  expiry?.ttlSeconds !== undefined || expiry?.expiresAt !== undefined

/** Whether two expiries are the same (a `PUT` again with another is a conflict). */
export const same = (a: Expiry | undefined, b: Expiry | undefined): boolean =>
  a?.ttlSeconds === b?.ttlSeconds && a?.expiresAt === b?.expiresAt

/** The headers a `HEAD` tells a stream's expiry with. */
export const headersOf = (kind: Kind): Record<string, string> => ({
  ...(kind.expiry?.ttlSeconds === undefined ? {} : { "stream-ttl": String(kind.expiry.ttlSeconds) }),
  ...(kind.expiry?.expiresAt === undefined ? {} : { "stream-expires-at": kind.expiry.expiresAt })
})

/**
 * Sets the stream's expiry on the store: `Stream-Expires-At`'s instant, or `Stream-TTL` from now (each read or
 * write of a stream with one calls it again). Nothing for a stream without one.
 */
export const touch = (
  store: StreamStore.Service,
  name: string,
  owner: string,
  expiry: Expiry | undefined
): Effect.Effect<void, StreamStore.StreamStoreError | StreamStore.StreamNotFound> => {
  const expire = store.expire
  if (expire === undefined || !isSet(expiry)) return Effect.void
  return Effect.flatMap(Clock.currentTimeMillis, (now) =>
    expire(
      name,
      expiry?.expiresAt !== undefined ? Date.parse(expiry.expiresAt) : now + (expiry?.ttlSeconds ?? 0) * 1000,
      { owner }
    ))
}
