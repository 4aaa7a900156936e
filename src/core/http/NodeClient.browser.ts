/**
 * What a bundle for the browser has of `NodeClient` (the package's `browser` field puts it in its place): no
 * client, so that `layerModel` asks with fetch there.
 *
 * @internal
 */
import type * as HttpClient from "effect/http/HttpClient"
import type * as Layer from "effect/Layer"

/** No Node client in a browser. */
export const layer = (): Layer.Layer<HttpClient.HttpClient> | undefined => undefined
