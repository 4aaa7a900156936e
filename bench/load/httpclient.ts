/**
 * The HTTP client this library's contestants (bench/load/library.ts, bench/load/endpoint.ts) ask the model with, a
 * module of its own so that the floor's server, which imports bench/load/contestant.ts, loads none of Effect.
 */
import type { Layer } from "effect"
import { FetchHttpClient, type HttpClient } from "effect/http"
import type { Options } from "./contestant.js"

/** The HTTP client layer of `options` (a `@effect/platform-node` one imported only when asked for). */
export const layer = async (options: Options): Promise<Layer.Layer<HttpClient.HttpClient>> => {
  if (options.httpClient === "fetch") return FetchHttpClient.layer
  const NodeHttpClient = await import("@effect/platform-node/NodeHttpClient")
  return options.httpClient === "undici"
    ? NodeHttpClient.layerUndici
    : NodeHttpClient.layerNodeHttpOptions({ keepAlive: true })
}
