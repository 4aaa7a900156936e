/**
 * The HTTP clients every provider test runs through: the platform's fetch client, undici's, and Node's own
 * (`node:http`, with keep-alive connections, as docs/ui.md's server has it).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Layer } from "effect"
import { FetchHttpClient } from "effect/http"
import type * as HttpClient from "effect/http/HttpClient"

export const clients: ReadonlyArray<readonly [name: string, layer: Layer.Layer<HttpClient.HttpClient>]> = [
  ["fetch", FetchHttpClient.layer],
  ["undici", NodeHttpClient.layerUndici],
  ["node", NodeHttpClient.layerNodeHttpOptions({ keepAlive: true })]
]
