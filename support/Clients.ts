/**
 * The HTTP clients every provider test runs through: the platform's fetch client, undici's, Node's own (`node:http`,
 * with keep-alive connections), and the one a model layer asks with on Node when it is given none (the library's,
 * on `node:http`: `NodeClient`).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Layer } from "effect"
import { FetchHttpClient } from "effect/http"
import type * as HttpClient from "effect/http/HttpClient"
import * as NodeClient from "../src/core/http/NodeClient.js"

export const clients: ReadonlyArray<readonly [name: string, layer: Layer.Layer<HttpClient.HttpClient>]> = [
  ["fetch", FetchHttpClient.layer],
  ["undici", NodeHttpClient.layerUndici],
  ["node", NodeHttpClient.layerNodeHttpOptions({ keepAlive: true })],
  ["default", NodeClient.layer()!]
]

/**
 * Whether the platform's fetch can leave a corrupt compressed body of some 64 KiB unended: Node's before undici 7
 * (Node 22's; src/core/http/ContentEncoding.ts).
 */
export const fetchMayNotEndCorrupt: boolean = Number(process.versions["undici"]?.split(".")[0] ?? 7) < 7
