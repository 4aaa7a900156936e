/**
 * What `ChatEndpoint.layer` takes (re-exported by `ChatEndpoint` whole).
 *
 * @since 0.5.0
 */
import type * as BigDecimal from "effect/BigDecimal"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as Layer from "effect/Layer"
import type * as IpNetwork from "effect/net/IpNetwork"
import type * as NetAddress from "effect/net/NetAddress"
import type * as Tool from "../../core/Tool.js"
import type * as LanguageModel from "../LanguageModel.js"
import type * as StepEvents from "../loop/StepEvents.js"
import type * as SpendLimit from "../spend/SpendLimit.js"
import type * as UIAppMetadata from "../ui/UIAppMetadata.js"
import type * as UIFromSteps from "../ui/UIFromSteps.js"
import type * as ChatEnding from "./ChatEnding.js"

/**
 * The chat endpoint's options, all optional:
 *
 * - `path`: where it answers (default `/api/chat`): `POST <path>`, `GET <path>/:id/stream`, `POST <path>/:id/stop`.
 * - `tools`: the tools the model may call, with their handlers (`needsApproval` asks the user). `clientTools`: the
 *   tools the browser runs itself, each a name (taking any object) or a `Tool.make` without a handler.
 * - `system`: the system prompt.
 * - `models`: the models a user may pick, by id (`{ fast: Groq.layerModel("..."), deep: ... }`), each built once; a
 *   request picks one with its body's `model` (the first id when it names none; anything else a 400), named in its
 *   `finish` metadata (`modelId`). Without, the model of the server's context answers every request.
 * - `providerTools`: the tools the provider runs itself (a web search), as its API declares them (`docs/tools.md`).
 * - `budget`: the most one answer (all its steps, across the requests that continue it) may cost, in USD; with
 *   `askAt` (a fraction of it), the user is asked before it spends past it; `stopWhen`, `maxSteps`: when it stops.
 * - `spendLimit`: the limits of a request, `(owner, caller) => ({ key, usd, window, minOutputTokens?, label? })` or
 *   an array of them, all of which must have room (needs a `SpendLimit` layer), else a 429 naming one (`label`).
 * - `owner`: whose request it is (the signed-in user); default: a session, an unguessable id the server signed, in an
 *   `HttpOnly`, `SameSite=Lax` cookie. A session is not a person (a client that drops its cookie gets a new one):
 *   limit anonymous use by `caller.address` or a global key too. A failure of `owner` is answered 401.
 * - `session` (since 0.7.0): the default session's `maxAge` (default 30 days): how long it lives from its last
 *   request (each request renews it), signed in its cookie; past it, a new session starts. A continuation of an
 *   answer without its session (a client that did not keep the cookie) is answered 401, naming the cookie.
 * - `trustedProxies`: the proxies in front of the server (networks or addresses: `["10.0.0.0/8"]`, or a predicate):
 *   from a peer among them, `X-Forwarded-For` and `X-Forwarded-Proto` give the client's address and scheme.
 * - `onFinish`: called once per answer on every ending (done, stopped, dropped, failed), with what was sent.
 * - `allowedHosts`: the host names (or `name:port`) the whole router serves, any other 403 (against DNS rebinding).
 * - `fileIds` (since 0.7.0): `(ids, owner) => Effect<boolean>`, whether the owner may have the model read a file a
 *   provider holds that a file part names (`providerReference`, the `ai` package's): a file they uploaded. `false` is
 *   a 400. Without it, every id goes as it came, read with the server's key (`toMessages`' `fileIds`).
 * - `maxBodyBytes`: the largest request body read (default 8 MiB; past it, 413).
 * - `log`: `false` to log nothing (default: one line per failed request).
 * - `messageMetadata`: the app's own message metadata, as the AI SDK's (`({ part }) => object | undefined`), asked at
 *   the answer's `start`, each step's end (`step`: the whole answer's, an answer continued after a pause counting its
 *   earlier requests' steps) and its `finish`, sent beside the endpoint's own fields (the model, cost, usage, why it
 *   ended), which it never replaces; the page reads them all as `ChatEndpoint.Metadata<App>`.
 * - `steering`: messages a person sends into a running answer, `POST <path>/:id/steer` and `/queue` (body `{ id?,
 *   text }`, 202 `{ id }`), each answer's inbox bounded by `maxPending` (default 8) and `maxBytes` a message (default
 *   65536): steered ones go into the next model request after the step's tool results, queued ones after its answer.
 *
 * @example
 * ```ts
 * import { ChatEndpoint } from "effect-llm-stream"
 *
 * const options: ChatEndpoint.Options = {
 *   system: "You are a helpful assistant.",
 *   budget: { usd: "0.05" },
 *   spendLimit: (owner, { address }) => [
 *     { key: `session:${owner}`, usd: "0.20", window: "1 day", label: "daily limit of your session" },
 *     { key: `address:${address ?? "unknown"}`, usd: "1", window: "1 day", label: "daily limit of your network" }
 *   ]
 * }
 * ```
 *
 * @since 0.5.0
 * @category Models
 */
export interface Options<
  Tools extends ReadonlyArray<Tool.Tool> = ReadonlyArray<Tool.Tool>,
  R = never,
  Models extends { readonly [id: string]: Layer.Layer<LanguageModel.LanguageModel, any, any> } = {
    readonly [id: string]: Layer.Layer<LanguageModel.LanguageModel, any, any>
  }
> {
  readonly path?: `/${string}` | undefined
  readonly models?: Models | undefined
  readonly tools?: Tools | undefined
  readonly clientTools?: ReadonlyArray<string | Tool.Tool> | undefined
  readonly system?: string | undefined
  readonly providerTools?: ReadonlyArray<Readonly<Record<string, unknown>>> | undefined
  /** @since 0.6.0 `askAt` */
  readonly budget?: { readonly usd: number | string | BigDecimal.BigDecimal; readonly askAt?: number } | undefined
  readonly stopWhen?: StepEvents.StopWhen | ReadonlyArray<StepEvents.StopWhen> | undefined
  readonly maxSteps?: number | undefined
  /** @since 0.6.0 the caller, and several limits */
  readonly spendLimit?:
    | ((owner: string, caller: Caller) => SpendLimit.Options | ReadonlyArray<SpendLimit.Options>)
    | undefined
  readonly owner?: ((request: HttpServerRequest.HttpServerRequest) => Effect.Effect<string, unknown, R>) | undefined
  /** @since 0.7.0 */
  readonly session?: { readonly maxAge?: Duration.Input | undefined } | undefined
  readonly onFinish?: ((finished: ChatEnding.Finished) => Effect.Effect<void, never, R>) | undefined
  readonly allowedHosts?: ReadonlyArray<string> | undefined
  /** @since 0.7.0 */
  readonly fileIds?:
    | ((ids: Readonly<Record<string, string>>, owner: string) => Effect.Effect<boolean, never, R>)
    | undefined
  readonly maxBodyBytes?: number | undefined
  readonly log?: boolean | undefined
  /** @since 0.7.0 */
  readonly messageMetadata?: UIAppMetadata.MessageMetadata | undefined
  /**
   * Messages a person sends into a running answer: `POST <path>/:id/steer` and `/queue` (body `{ id?, text }`, 202
   * `{ id }`), each answer's inbox bounded by `maxPending` (default 8) and `maxBytes` a message (default 65536).
   * @since 0.7.0
   */
  readonly steering?: { readonly maxPending?: number | undefined; readonly maxBytes?: number | undefined } | undefined
  /** @since 0.6.0 */
  readonly trustedProxies?:
    | ReadonlyArray<string | IpNetwork.IpNetwork>
    | ((address: NetAddress.IpAddress) => boolean)
    | undefined
}

/**
 * What the endpoint knows of who sent a request, beside its owner (`spendLimit`'s second argument).
 *
 * @example
 * ```ts
 * import type { ChatEndpoint } from "effect-llm-stream"
 *
 * const perNetwork = (_owner: string, caller: ChatEndpoint.Caller) =>
 *   ({ key: `net:${caller.address ?? "unknown"}`, usd: "1", window: "1 day" })
 * ```
 *
 * @since 0.6.0
 * @category Models
 */
export interface Caller {
  /**
   * The client's address (the peer, or what `trustedProxies` forward), IPv6 as its /64; undefined where the runtime
   * does not give the peer (`toWebHandler`).
   */
  readonly address: string | undefined
}

/**
 * The metadata of a message the endpoint answered, as the page reads it (`useChat<UIMessage<ChatEndpoint.Metadata>>`):
 * the endpoint's own fields (`LoopMetadata`, and `modelId` with `models`), each there once the answer says it, beside
 * the app's own (`App`, what `messageMetadata` returns).
 *
 * @example
 * ```ts
 * import type { ChatEndpoint } from "effect-llm-stream"
 *
 * type Metadata = ChatEndpoint.Metadata<{ readonly createdAt: number; readonly durationMs: number }>
 * const total = (metadata: Metadata | undefined) => metadata?.usage?.totalTokens
 * ```
 *
 * @since 0.7.0
 * @category Models
 */
export type Metadata<App extends object = {}> =
  & Partial<UIFromSteps.LoopMetadata>
  & { readonly modelId?: string | undefined }
  & Partial<App>
