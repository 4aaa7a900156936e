/**
 * What a bundle for the browser has of `NodeClient`: no client, so that `layerModel` asks with fetch there. The
 * package's `browser` field puts this module in the place of `NodeClient.js` for bundlers that build for the browser,
 * so that no such bundle carries Node's client; Node (and a bundle for Node) loads the real one.
 *
 * @internal
 */
import type * as HttpClient from "effect/http/HttpClient"
import type * as Layer from "effect/Layer"

/** No Node client in a browser. */
export const layer = (): Layer.Layer<HttpClient.HttpClient> | undefined => undefined
