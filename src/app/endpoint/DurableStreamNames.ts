/**
 * The id in the `StreamStore` of a stream `DurableStreams` serves under a name. The protocol names a stream by any
 * path (PROTOCOL.md 5: `{stream-url}`; a Durable Streams store names its own `<prefix>s:<key>`), a store takes ids of
 * letters, digits, `-`, `_`, `.` and `~` alone (`StreamIds.isValidId`): a name that is such an id (not starting with
 * `~`: an answer's id) is its own id; any other is `~` and the base64url SHA-256 of its UTF-8, which no such name is.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as StreamIds from "../store/StreamIds.js"

/** The longest name served, in UTF-16 code units: a longer one is no stream's (404). */
export const maxNameLength = 1024

/** The store id of the stream named `name`, or `undefined` for an empty name or one past `maxNameLength`. */
export const idOf = (name: string): Effect.Effect<string | undefined> => {
  if (name.length === 0 || name.length > maxNameLength) return Effect.succeed(undefined)
  if (StreamIds.isValidId(name) && !name.startsWith("~")) return Effect.succeed(name)
  return Effect.map(StreamIds.digest(name), (digest) => `~${digest}`)
}
