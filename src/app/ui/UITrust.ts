/**
 * What a server takes from a browser's request, and the key it signs with: `toMessages` (re-exported by
 * `UIMessageStream`) takes user turns, answers to approvals and the outputs of the tools that run in the browser;
 * assistant turns and tool results only as far as this server produced them (signed when served, checked when
 * they come back), or from the app's own stored history.
 *
 * @since 0.4.0
 */
import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type * as Stream from "effect/Stream"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as StepEvents from "../loop/StepEvents.js"
import * as Keys from "../signing/SigningKey.js"
import * as UIApprovalGate from "../signing/UIApprovalGate.js"
import * as UIToMessages from "./UIToMessages.js"

/**
 * A chat request decoded by `toMessages`: the chat's `id`, the `trigger` (`submit-message` or
 * `regenerate-message`), the `messageId` to regenerate, the conversation as `messages`, and (since 0.4.0) the
 * `approvals` the browser answered and the `responseMessageId` an answer continues.
 *
 * @since 0.3.0
 * @category Models
 */
export type ChatRequest = UIToMessages.ChatRequest

/**
 * What `toMessages` takes from a body:
 *
 * - `allowSystem`: take a `system` message from the browser (default: a 400 naming it; the server writes the
 *   system prompt).
 * - `history`: the conversation as the app stored it; only the new turn is taken from the body (its last
 *   message: the user's, or the answers to approvals and the outputs of `clientTools` for calls of the history).
 * - `trustHistory`: take the body's assistant turns and tool results as they are. Unsafe on a public endpoint:
 *   a browser could then make the model believe it said anything, or that any tool answered anything.
 * - `clientTools`: the names of the tools that run in the browser (`onToolCall`, `addToolOutput`): their outputs
 *   are the browser's to give. The output of any other tool must be one this server signed.
 * - `maxMessages`: the most messages a body may have (default 1,000).
 *
 * @since 0.4.0
 * @category Requests
 */
export interface ToMessagesOptions extends UIToMessages.Options {}

/**
 * Decodes what `useChat` (its `DefaultChatTransport`) POSTs, `{ id, messages: UIMessage[], trigger, ... }`
 * (the parsed JSON, or its text), into the conversation to send a model, taking only what a browser may say.
 * User messages are their text and files (`Message.image` for images, `Message.file` for other documents). An
 * assistant message is one assistant turn per step, with its tool calls that have an outcome, each followed by its
 * result; by default it is taken only if this server served it (`fromStream` and `fromSteps` sign what they send,
 * with `Signing`): a message it did not serve, or a step or tool result changed since, fails with a 400 naming it;
 * the last step of an answer the browser stopped before the step ended is not sent back. The outputs of
 * `clientTools` are the browser's. The answers to approvals of the last message are `approvals` (each id checked
 * against its call: pass them on to `runTools`, which runs each approved call at most once). A `system` message is
 * a 400 unless `allowSystem`. See `ToMessagesOptions` for the app's stored `history` and `trustHistory`.
 *
 * Every refusal is an `InvalidRequestError` whose `parameter` names the field (`messages[1].parts[0].type`) and
 * whose `status` is 400: answer it with a 400. A hostile body is refused before any work that grows with it: text
 * over 64 MiB, JSON nested deeper than 1,000 levels, more than `maxMessages` messages (1,000), 100,000 parts in all
 * or (in a body given as text) 400,000 JSON values. It does not read a request itself: cap the body's size where it
 * is read.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { LanguageModel, UIMessageStream } from "effect-llm-stream"
 *
 * const chat = (body: string) =>
 *   Effect.gen(function*() {
 *     const request = yield* UIMessageStream.toMessages(body, { clientTools: ["getLocation"] })
 *     return yield* LanguageModel.runTools({ messages: [...request.messages, ...request.approvals] }).pipe(
 *       UIMessageStream.fromSteps({ messageId: request.responseMessageId }),
 *       UIMessageStream.toResponse()
 *     )
 *   })
 * ```
 *
 * @since 0.3.0
 * @category Requests
 */
export const toMessages: (
  body: unknown,
  options?: ToMessagesOptions
) => Effect.Effect<ChatRequest, ProviderError.InvalidRequestError> = UIToMessages.toMessages

/**
 * What signs: a tag of any text under the key (HMAC-SHA-256 through Web Crypto), and how long an approval the
 * tool loop issues may be answered.
 *
 * @since 0.4.0
 * @category Signing
 */
export interface SigningKey extends Keys.Service {}

/**
 * The key that signs the approvals a tool loop issues and the history `fromStream` and `fromSteps` serve, and that
 * checks them when a browser sends them back. Without a layer, a random key made once per process: one instance
 * works out of the box, but a restart forgets it, and several instances behind a load balancer need one shared
 * secret (`layerSigning`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { UIMessageStream } from "effect-llm-stream"
 *
 * const approvalTtl = Effect.map(UIMessageStream.Signing, (key) => key.approvalTtl)
 * ```
 *
 * @since 0.4.0
 * @category Signing
 */
export const Signing: Context.Reference<SigningKey> = Keys.Signing

/**
 * The signing key of a shared secret, for every instance of a deployment (at least 32 characters: 32 random bytes
 * as base64, `openssl rand -base64 32`); `approvalTtl` is how long an approval may be answered (default one hour).
 * A shorter secret fails the layer with a `ConfigurationError`. The secret never appears in an error, a log or a
 * span.
 *
 * @example
 * ```ts
 * import { Config, Effect, Layer } from "effect"
 * import { UIMessageStream } from "effect-llm-stream"
 *
 * const SigningLive = Layer.unwrap(
 *   Effect.map(Config.Redacted("SIGNING_SECRET"), (secret) => UIMessageStream.layerSigning({ secret }))
 * )
 * ```
 *
 * @since 0.4.0
 * @category Signing
 */
export const layerSigning: (options: {
  readonly secret: Redacted.Redacted<string>
  readonly approvalTtl?: Duration.Input | undefined
}) => Layer.Layer<never, ProviderError.ConfigurationError> = Keys.layer

/**
 * A tool loop's events with its approvals checked, as `fromSteps` runs them: each `ApprovalRequestEvent` gets an
 * `approvalId` signed with `Signing` for exactly its call (id, tool, input digest, issue time), and an approval
 * that gives an id back (`Message.toolApproval({ approvalId })`, as `toMessages` makes them) runs its call only if
 * the id checks out for that call, has not expired, and was not used before (its use claimed in the
 * `StreamStore` until it expires, on every instance sharing the store); otherwise the call is answered with an
 * `ApprovalRefused` error result. Without it, a loop's approval requests carry no id, and an approval with one
 * runs nothing. For a loop served to a browser some other way than `fromSteps`.
 *
 * @example
 * ```ts
 * import { LanguageModel, Message, UIMessageStream } from "effect-llm-stream"
 *
 * const steps = LanguageModel.runTools({ messages: [Message.user("Clean up")] }).pipe(
 *   UIMessageStream.withApprovalChecks
 * )
 * ```
 *
 * @since 0.4.0
 * @category Approvals
 */
export const withApprovalChecks: <E, R>(
  self: Stream.Stream<StepEvents.StepEvent, E, R>
) => Stream.Stream<StepEvents.StepEvent, E, R> = UIApprovalGate.withApprovalChecks
