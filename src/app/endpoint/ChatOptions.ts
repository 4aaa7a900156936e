/**
 * What `ChatEndpoint.layer` takes (re-exported by `ChatEndpoint` whole).
 *
 * @since 0.5.0
 */
import type * as BigDecimal from "effect/BigDecimal"
import type * as Effect from "effect/Effect"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as Layer from "effect/Layer"
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
 * - `budget`: the most one answer (all its steps) may cost, in USD; `stopWhen`, `maxSteps`: when the loop stops.
 * - `spendLimit`: the limit of the owner of a request, `(owner) => ({ key, usd, window, minOutputTokens? })`
 *   (needs a `SpendLimit` layer): a request it has no room for is answered 429 before any model call.
 * - `owner`: whose request it is, from the request (the signed-in user); default: an unguessable id in an
 *   `HttpOnly`, `SameSite=Lax` session cookie the endpoint sets. A failure is answered 401.
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
 *   spendLimit: (owner) => ({ key: owner, usd: "1", window: "1 day" })
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
  readonly budget?: { readonly usd: number | string | BigDecimal.BigDecimal } | undefined
  readonly stopWhen?: StepEvents.StopWhen | ReadonlyArray<StepEvents.StopWhen> | undefined
  readonly maxSteps?: number | undefined
  readonly spendLimit?: ((owner: string) => SpendLimit.Options) | undefined
  readonly owner?: ((request: HttpServerRequest.HttpServerRequest) => Effect.Effect<string, unknown, R>) | undefined
  readonly onFinish?: ((finished: ChatEnding.Finished) => Effect.Effect<void, never, R>) | undefined
  readonly allowedHosts?: ReadonlyArray<string> | undefined
  readonly maxBodyBytes?: number | undefined
  readonly log?: boolean | undefined
}
