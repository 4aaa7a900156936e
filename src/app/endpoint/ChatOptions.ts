/**
 * What `ChatEndpoint.layer` takes (re-exported by `ChatEndpoint` whole).
 *
 * @since 0.5.0
 */
import type * as BigDecimal from "effect/BigDecimal"
import type * as Effect from "effect/Effect"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as Layer from "effect/Layer"
import type * as IpNetwork from "effect/net/IpNetwork"
import type * as NetAddress from "effect/net/NetAddress"
import type * as Tool from "../../core/Tool.js"
import type * as LanguageModel from "../LanguageModel.js"
import type * as StepEvents from "../loop/StepEvents.js"
import type * as SpendLimit from "../spend/SpendLimit.js"
import type * as ChatEnding from "./ChatEnding.js"

/**
 * The chat endpoint's options, all optional:
 *
 * - `path`: where it answers (default `/api/chat`): `POST <path>`, `GET <path>/:id/stream`, `POST <path>/:id/stop`.
 * - `tools`: the tools the model may call, with their handlers (`Tool.handle`; `needsApproval` asks the user, whose
 *   answer comes back signed). `clientTools`: the tools the browser runs itself (`onToolCall`, `addToolOutput`),
 *   declared to the model: each a name (a tool taking any object) or a `Tool.make` without a handler (its
 *   description and parameters); a call of one ends the answer for the browser, whose output is taken back.
 * - `system`: the system prompt.
 * - `models`: the models a user may pick, by id (`{ fast: Groq.layerModel("..."), deep: Anthropic.layerModel("...") }`),
 *   each layer built once when the endpoint is; a request picks one with its body's `model` (the AI SDK's
 *   `body: { model }`), the first id when it names none, and anything else is answered 400 before any model call.
 *   Each answer's `finish` metadata names it (`modelId`), and a conversation goes on across them. Without
 *   `models`, the model of the server's context answers every request (an endpoint with neither fails at its start).
 * - `providerTools`: the tools the provider runs itself (a web search), each as its API declares it
 *   (`docs/tools.md`, "Server tools"); without them, the model layer's own.
 * - `budget`: the most one answer (all its steps, across the requests that continue it: approvals answered, a browser
 *   tool's output) may cost, in USD; with `askAt` (a fraction of it), the user is asked before the answer spends past
 *   it (a `budget_question` tool part waiting for approval); `stopWhen`, `maxSteps`: when the loop stops.
 * - `spendLimit`: the limits of a request, `(owner, caller) => ({ key, usd, window, minOutputTokens?, label? })`
 *   or an array of such limits, all of which must have room (needs a `SpendLimit` layer): a request one of them has
 *   no room for is answered 429 before any model call, naming that one (`label`). `caller.address` is the client's
 *   address (see `Caller`): what an anonymous client cannot mint, unlike a session.
 * - `owner`: whose request it is, from the request (the signed-in user); default: a session, an unguessable id the
 *   server signed, in an `HttpOnly`, `SameSite=Lax` cookie the endpoint sets (`__Host-chat_session`, `Secure`, over
 *   HTTPS; `chat_session` over HTTP). A cookie it did not sign starts a new session. A session is not a person: a
 *   client that drops its cookie gets a new one, so limit anonymous use by `caller.address` or a global key too.
 *   A failure of `owner` is answered 401.
 * - `trustedProxies`: the proxies in front of the server (networks or addresses: `["10.0.0.0/8"]`, or a predicate
 *   over an address): from a peer among them, `X-Forwarded-For` gives the client's address (walked from the
 *   right past the proxies) and `X-Forwarded-Proto` whether it came over HTTPS (so its session cookie is
 *   `Secure`). Default: none; the connection's own peer and scheme, and no client can claim another address.
 * - `onFinish`: called once per answer on every ending (done, stopped, dropped, failed), with what was sent.
 * - `allowedHosts`: the host names (or `name:port`) the whole router serves; any other `Host` is answered 403
 *   (default: any host; set it for a server on a developer's machine, against DNS rebinding).
 * - `maxBodyBytes`: the largest request body read (default 8 MiB; past it, 413).
 * - `log`: `false` to log nothing (default: one line per failed request).
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
  readonly onFinish?: ((finished: ChatEnding.Finished) => Effect.Effect<void, never, R>) | undefined
  readonly allowedHosts?: ReadonlyArray<string> | undefined
  readonly maxBodyBytes?: number | undefined
  readonly log?: boolean | undefined
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
   * The client's address: the connection's peer, or what `trustedProxies` forward; IPv6 as its /64 (one
   * subscriber may use any address in it). Undefined where the runtime does not give the peer (`toWebHandler`).
   */
  readonly address: string | undefined
}
