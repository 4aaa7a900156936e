/**
 * The model this library's contestants (bench/load/library.ts, bench/load/endpoint.ts) ask, over the HTTP client
 * chosen: a module of its own so that the floor's server, which imports bench/load/contestant.ts, loads none of
 * Effect.
 */
import * as ConfigProvider from "effect/ConfigProvider"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as OpenAIModule from "../../src/providers/openai/OpenAI.js"
import type { Options } from "./contestant.js"

/** The HTTP client layer of `options` (a `@effect/platform-node` one imported only when asked for). */
const clientLayer = async (options: Options): Promise<Layer.Layer<HttpClient.HttpClient>> => {
  if (options.httpClient === "fetch") return FetchHttpClient.layer
  const NodeHttpClient = await import("@effect/platform-node/NodeHttpClient")
  return options.httpClient === "undici"
    ? NodeHttpClient.layerUndici
    : NodeHttpClient.layerNodeHttpOptions({ keepAlive: true })
}

/**
 * The contestant's OpenAI model: with `default`, `layerModel` as docs/ui.md's server has it (its configuration from
 * the environment, here the one given; the HTTP client `layerModel` asks with when it is given none); else `model`
 * over `layer` and the client chosen.
 */
export const model = async (OpenAI: typeof OpenAIModule, options: Options) =>
  options.httpClient === "default"
    ? OpenAI.layerModel("gpt-4o-mini").pipe(
      Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({
        env: { OPENAI_API_KEY: "load-key", OPENAI_BASE_URL: options.modelUrl }
      })))
    )
    : OpenAI.model("gpt-4o-mini").pipe(
      Layer.provide(OpenAI.layer({ apiKey: Redacted.make("load-key"), baseUrl: options.modelUrl })),
      Layer.provide(await clientLayer(options))
    )
