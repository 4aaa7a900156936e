/**
 * What a bundle for the browser has of `NodeBody` (the package's `browser` field puts it in its place): no Node
 * body to read.
 *
 * @internal
 */
import * as Stream from "effect/Stream"
import type * as Body from "./Body.js"

export type { NodeReadable } from "./NodeBody.js"

/** A browser's response has no Node body. */
export const nodeBody = (_response: object): undefined => undefined

/** Never called where `nodeBody` finds none. */
export const fromNodeBody = <E>(
  _response: object,
  _body: unknown,
  _options: Body.ReadOptions<E>
): Stream.Stream<Uint8Array, E> => Stream.die(new Error("no Node body in a browser"))
