/**
 * What a bundle for the browser has of `NodeBody`: no Node body to read (a browser's responses are Web ones, read by
 * `Body`). The package's `browser` field puts this module in the place of `NodeBody.js` for bundlers that build for
 * the browser, so that no such bundle carries the reader of Node bodies; Node (and a bundle for Node) loads the real
 * one.
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
