/**
 * The HTTP client a model layer asks its provider with on Node when it is given none: `@effect/platform-node`'s
 * `NodeHttpClient` over `node:http` with keep-alive agents, when that package is installed (an optional peer, picked
 * up when present: as a dependency it would add 24.5 MB and 13 packages to every install, redis among them, where the
 * library with `effect` takes 92 MB), else fetch. Where there is no Node (a browser, an edge runtime, Deno, Bun),
 * `layerModel` asks with fetch.
 *
 * Why not fetch on Node when there is a choice: fetch hands a body on through web streams, a promise per network
 * piece, and a served answer is a piece per model delta: a server asking with fetch spends 1.3 times the CPU per
 * answer of one asking with node:http (bench/RESULTS.md, "The default client on Node").
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import * as Layer from "effect/Layer"

// Named in no exported signature: a consumer without the optional peer type-checks with `skipLibCheck: false`.
type NodeHttpClient = typeof import("@effect/platform-node/NodeHttpClient")
type Agent = new(options: { readonly keepAlive: boolean; readonly timeout: number }) => object

// Specifiers bundlers leave alone: the package is optional, Node's modules are Node's.
const clientModule = "@effect/platform-node/NodeHttpClient"
const httpModule = "node:http"
const httpsModule = "node:https"

const load = <A>(specifier: string): Promise<A> => import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)

/** Whether this is Node itself: Bun and Deno have fetch of their own, and their `node:http` is a layer over it. */
const isNode = (): boolean => {
  const versions = (globalThis as { readonly process?: { readonly versions?: Record<string, string | undefined> } })
    .process?.versions
  return versions?.["node"] !== undefined && versions["bun"] === undefined && !("Deno" in globalThis)
}

/**
 * How long a kept-alive connection may stay unused before the client closes it: what Node's global agent keeps
 * (Node 19 and later), near undici's `keepAliveTimeout` (4 s).
 */
const idleMillis = 5_000

/**
 * `NodeHttpClient` with keep-alive agents of the library's own, left to the garbage collector rather than destroyed
 * with the layer (as `layerNodeHttpOptions` would): a response still streamed after its layer was released reads to
 * its end. An idle connection holds no process open and closes after `idleMillis`.
 */
const nodeHttp = (client: NodeHttpClient, http: { Agent: Agent }, https: { Agent: Agent }) =>
  Layer.effect(HttpClient.HttpClient, Effect.map(HttpClient.HttpClient, typedThrows)).pipe(
    Layer.provide(client.layerNodeHttpNoAgent),
    Layer.provide(Layer.sync(client.HttpAgent, () => {
      const options = { keepAlive: true, timeout: idleMillis }
      return { http: new http.Agent(options), https: new https.Agent(options) } as any
    }))
  )

/**
 * What Node throws at once for a request it will not send (a header with a line break) as a `TransportError`, not a
 * defect: `NodeHttpClient` calls `http.request` unguarded.
 */
const typedThrows = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
  HttpClient.transform(client, (effect, request) =>
    Effect.catchDefect(effect, (cause) =>
      Effect.fail(
        new HttpClientError.HttpClientError({ reason: new HttpClientError.TransportError({ request, cause }) })
      )))

/**
 * The client on Node: `@effect/platform-node`'s over node:http if it is installed (`client` loads it), else fetch;
 * `undefined` where there is no Node.
 */
export const layer = (
  client: () => Promise<unknown> = () => load(clientModule)
): Layer.Layer<HttpClient.HttpClient> | undefined => {
  if (!isNode()) return undefined
  return Layer.unwrap(
    Effect.promise(() =>
      Promise.all([client(), load<any>(httpModule), load<any>(httpsModule)]).then(
        ([client, http, https]) => nodeHttp(client as NodeHttpClient, http, https),
        () => FetchHttpClient.layer
      )
    )
  )
}
