/**
 * A call's stream served to a browser as the AI SDK's UI message stream (`ai` 7, header
 * `x-vercel-ai-ui-message-stream: v1`): what `useChat` (`@ai-sdk/react`, `@ai-sdk/vue`, `@ai-sdk/svelte`) and
 * the `ai` package's `Chat` read, so an Effect backend works with those front ends unchanged. `fromStream`
 * turns the chunks of any provider into the protocol's chunks, `toResponse` serves them as a Web `Response`
 * (Bun, Deno, Cloudflare Workers, Next.js route handlers, Node's `fetch`-style servers) and
 * `toHttpServerResponse` as an `effect/http` response. The stream is read only as the browser reads: when it
 * stops (`stop()`, a closed tab, a dropped connection) the provider request is aborted at once, and
 * `CallStream.onEnd` reports `Interrupted` with exactly what the browser was sent.
 *
 * @example
 * ```ts
 * import { LanguageModel, UIMessageStream } from "effect-llm-stream"
 *
 * // A route handler: the answer streamed to `useChat`.
 * const handler = (prompt: string) =>
 *   UIMessageStream.toResponse(UIMessageStream.fromStream(LanguageModel.stream(prompt)))
 * ```
 * @since 0.3.0
 */
import * as Effect from "effect/Effect"
import { dual } from "effect/Function"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Stream from "effect/Stream"
import type * as CallResponse from "../../core/call/CallResponse.js"
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import type * as Tool from "../../core/Tool.js"
import type * as StepEvents from "../loop/StepEvents.js"
import type * as StreamStore from "../store/StreamStore.js"
import * as SseWebResponse from "./SseWebResponse.js"
import * as SseWriter from "./SseWriter.js"
import type * as UIChunk from "./UIChunk.js"
import * as UIFromSteps from "./UIFromSteps.js"
import * as UIFromStream from "./UIFromStream.js"
import * as UIHead from "./UIHead.js"
import * as UIResumable from "./UIResumable.js"
export type { LoopMetadata } from "./UIFromSteps.js"
export type { Metadata } from "./UIMetadata.js"
export * from "./UIRedaction.js"
export { resume, resumeResponse, stop } from "./UIResumable.js"
export type { ResumableOptions } from "./UIResumable.js"
export * from "./UIServing.js"
/**
 * The headers of a UI message stream response: `content-type: text/event-stream`, `cache-control:
 * no-cache`, `x-vercel-ai-ui-message-stream: v1`, `x-accel-buffering: no`.
 *
 * @since 0.3.0
 * @category Constants
 */
export const headers: Readonly<Record<string, string>> = UIHead.uiWire.headers

/**
 * A chunk of the protocol, as a plain object: exactly the shapes of `ai`'s `uiMessageChunkSchema`
 * (`start`, `start-step`, `text-start` / `-delta` / `-end`, `reasoning-*`, `tool-input-*`,
 * `tool-output-available` / `-error` / `-denied`, `tool-approval-request`, `source-url`, `finish-step`,
 * `finish`, `error`, `abort`, `message-metadata`, `data-*`, ...).
 *
 * @since 0.3.0
 * @category Models
 */
export type Chunk = UIChunk.Chunk

/**
 * The protocol's chunks, one type each (`Chunk.TextDelta`, `Chunk.Finish`, ...), and the types their fields
 * use (`FinishReason`, `ProviderMetadata`, `Citation`).
 *
 * @since 0.3.0
 * @category Models
 */
export declare namespace Chunk {
  export type Start = UIChunk.Start
  export type StartStep = UIChunk.StartStep
  export type FinishStep = UIChunk.FinishStep
  export type ResetStep = UIChunk.ResetStep
  export type TextStart = UIChunk.TextStart
  export type TextDelta = UIChunk.TextDelta
  export type TextEnd = UIChunk.TextEnd
  export type ReasoningStart = UIChunk.ReasoningStart
  export type ReasoningDelta = UIChunk.ReasoningDelta
  export type ReasoningEnd = UIChunk.ReasoningEnd
  export type ToolInputStart = UIChunk.ToolInputStart
  export type ToolInputDelta = UIChunk.ToolInputDelta
  export type ToolInputAvailable = UIChunk.ToolInputAvailable
  export type ToolInputError = UIChunk.ToolInputError
  export type ToolApprovalRequest = UIChunk.ToolApprovalRequest
  export type ToolApprovalResponse = UIChunk.ToolApprovalResponse
  export type ToolOutputAvailable = UIChunk.ToolOutputAvailable
  export type ToolOutputError = UIChunk.ToolOutputError
  export type ToolOutputDenied = UIChunk.ToolOutputDenied
  export type SourceUrl = UIChunk.SourceUrl
  export type SourceDocument = UIChunk.SourceDocument
  export type File = UIChunk.File
  export type ReasoningFile = UIChunk.ReasoningFile
  export type Custom = UIChunk.Custom
  export type Data = UIChunk.Data
  export type SteeringMessage = UIChunk.SteeringMessage
  export type Error = UIChunk.Error
  export type Finish = UIChunk.Finish
  export type Abort = UIChunk.Abort
  export type MessageMetadata = UIChunk.MessageMetadata
  export type FinishReason = UIChunk.FinishReason
  export type ProviderMetadata = UIChunk.ProviderMetadata
  export type Citation = UIChunk.Citation
}

/**
 * How `fromStream` converts.
 *
 * @since 0.3.0
 * @category Models
 */
export interface FromStreamOptions<E = unknown> {
  /** The id of the message (`start`'s `messageId`; default: a random UUID). */
  readonly messageId?: string | undefined
  /** Whether reasoning is sent to the browser (default `true`). */
  readonly sendReasoning?: boolean | undefined
  /**
   * The request's tools: a call whose arguments their Schema rejects (or to a tool not among them) is a
   * `tool-input-error` instead of a `tool-input-available`.
   */
  readonly tools?: ReadonlyArray<Tool.Tool> | undefined
  /** The message metadata sent with `finish` (default: `Metadata`, with the cost). */
  readonly metadata?: ((response: CallResponse.CallResponse) => unknown) | undefined
  /** What the browser is told of a failure (the `error` chunk, a tool's `tool-output-error`); default: `Redaction`. */
  readonly onError?: ((error: E | import("./UIRedaction.js").ToolFailure) => string) | undefined
  /**
   * The chat (and its owner) what the answer signs holds in (`ChatBinding`): the history's signatures and, with
   * `fromSteps`, the approval ids. Give the one `toMessages` read the request with (`ChatRequest.binding`). A server
   * that serves several chats or users should give it: without, a message or approval of one chat is taken in another.
   */
  readonly binding?: import("./UIHistoryFacts.js").ChatBinding | undefined
}

/**
 * The UI message stream of a call's stream (any provider, also after `CallStream.retry` or
 * `LanguageModel.withFallback`): `start` (with `messageId`), `start-step`, the text, reasoning and tool-call
 * chunks as they arrive (text deltas passed on one for one, never merged or held back), `finish-step` and
 * `finish` with the finish reason and the message metadata. A failure sends an `error` chunk, then fails the
 * stream with the same error; a stream stopped from within (`Stream.interruptWhen`) sends `abort` and ends.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const fromStream: {
  <E>(options?: FromStreamOptions<E>): <R>(
    self: Stream.Stream<CallResponseChunk.Common, E, R>
  ) => Stream.Stream<Chunk, E, R>
  <E, R>(
    self: Stream.Stream<CallResponseChunk.Common, E, R>,
    options?: FromStreamOptions<E>
  ): Stream.Stream<Chunk, E, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <E, R>(self: Stream.Stream<CallResponseChunk.Common, E, R>, options?: FromStreamOptions<E>) =>
    UIFromStream.fromStream(self, options)
)

/**
 * How `fromSteps` converts: as `FromStreamOptions`, the metadata made from the loop's `DoneEvent`.
 *
 * @since 0.3.0
 * @category Models
 */
export interface FromStepsOptions<E = unknown> extends Omit<FromStreamOptions<E>, "metadata"> {
  readonly metadata?: ((done: StepEvents.DoneEvent) => unknown) | undefined
}

/**
 * The UI message stream of a tool loop (`LanguageModel.runTools`), one message of several steps, so that `useChat`
 * shows the whole loop: each step between `start-step` and `finish-step` with its text, reasoning and
 * `tool-input-*` chunks as they arrive, then a `tool-approval-request` per call waiting for approval (its
 * `approvalId` the loop's signed `ApprovalRequestEvent.approvalId`; `toMessages` reads the browser's answer) and
 * each call's `tool-output-available`, `tool-output-error` or `tool-output-denied` as its handler ends; `finish`
 * with the loop's metadata (`LoopMetadata`). A failure sends an `error` chunk, then fails the stream.
 *
 * @example
 * ```ts
 * import { LanguageModel, Message, Tool, UIMessageStream } from "effect-llm-stream"
 * import { Effect, Schema } from "effect"
 *
 * const getWeather = Tool.handle(
 *   Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) }),
 *   ({ city }) => Effect.succeed(`18°C in ${city}`)
 * )
 *
 * const handler = (question: string) =>
 *   LanguageModel.runTools({ messages: [Message.user(question)], tools: [getWeather] }).pipe(
 *     UIMessageStream.fromSteps(),
 *     UIMessageStream.toResponse()
 *   )
 * ```
 *
 * @since 0.3.0
 * @category Constructors
 */
export const fromSteps: {
  <E>(options?: FromStepsOptions<E>): <R>(
    self: Stream.Stream<StepEvents.StepEvent, E, R>
  ) => Stream.Stream<Chunk, E, R>
  <E, R>(self: Stream.Stream<StepEvents.StepEvent, E, R>, options?: FromStepsOptions<E>): Stream.Stream<Chunk, E, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <E, R>(self: Stream.Stream<StepEvents.StepEvent, E, R>, options?: FromStepsOptions<E>) =>
    UIFromSteps.fromSteps(self, options)
)

/**
 * The stream as a Web `Response`: each chunk a `data: <json>` event, `data: [DONE]` at the end, the protocol's
 * headers with `init`'s merged in. The stream runs only as the body is read, nothing read ahead; cancelling
 * the body (the browser stopped or went away) interrupts it at once. A failure before any content is an HTTP
 * error (429 for a rate limit, 503 for an unavailable provider, 502 for another provider error, 500 otherwise)
 * whose body is one sentence as text (`error.message` in the `ai` client); after content, the `error` chunk and a clean end. The body runs in the
 * context of the Effect that made the response: its layers (the model's HTTP client) must outlive the response,
 * as a server's or a `ManagedRuntime`'s do, not end with the Effect that returns it.
 *
 * @example
 * ```ts
 * import { LanguageModel, UIMessageStream } from "effect-llm-stream"
 *
 * const response = LanguageModel.stream("Tell me a story").pipe(
 *   UIMessageStream.fromStream(),
 *   UIMessageStream.toResponse()
 * )
 * ```
 *
 * @since 0.3.0
 * @category Responses
 */
export const toResponse: {
  (init?: ResponseInit): <E, R>(self: Stream.Stream<Chunk, E, R>) => Effect.Effect<Response, never, R>
  <E, R>(self: Stream.Stream<Chunk, E, R>, init?: ResponseInit): Effect.Effect<Response, never, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <E, R>(self: Stream.Stream<Chunk, E, R>, init?: ResponseInit) => SseWebResponse.toResponse(self, UIHead.uiWire, init)
)

/**
 * The stream as an `effect/http` server response, the same as `toResponse`: the stream's requirements stay in
 * the Effect (no `Stream.provideContext` to write), and a client that disconnects interrupts it.
 *
 * @since 0.3.0
 * @category Responses
 */
export const toHttpServerResponse: {
  (init?: ResponseInit): <E, R>(
    self: Stream.Stream<Chunk, E, R>
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, never, R>
  <E, R>(
    self: Stream.Stream<Chunk, E, R>,
    init?: ResponseInit
  ): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R>
} = /* @__PURE__ */ dual(
  (args) => Stream.isStream(args[0]),
  <E, R>(self: Stream.Stream<Chunk, E, R>, init?: ResponseInit) => SseWriter.serve(self, UIHead.uiWire, init, true)
)

export * from "./UITrust.js"

/**
 * What reading a stored stream can fail with: the store failed, or no such stream (of that owner) is stored.
 *
 * @since 0.3.0
 * @category Resuming
 */
export type ResumeError = StreamStore.StreamStoreError | StreamStore.StreamNotFound

/**
 * A stream that survives a reload or a dropped connection, on any instance sharing the `StreamStore`: the
 * generation runs in the background of the server (not tied to the request), every chunk appended to the store
 * under `streamId` and `owner` (from the session: only the same owner resumes or stops it; without one, the id
 * is a bearer secret, see `StreamStore.newId`); the Effect gives the stored stream to serve now. A disconnect
 * stops only its reader: `stop` stops the generation. `CallStream.onEnd` reports its ending once, where it ran.
 * Fails with `StreamStoreError` `AlreadyExists` (409) while one runs under that id and owner, `Full` (503).
 *
 * @example
 * ```ts
 * import { LanguageModel, UIMessageStream } from "effect-llm-stream"
 * import { Effect } from "effect"
 *
 * // POST /api/chat
 * const start = (userId: string, chatId: string, prompt: string) =>
 *   LanguageModel.stream(prompt).pipe(
 *     UIMessageStream.fromStream(),
 *     UIMessageStream.resumable({ streamId: chatId, owner: userId }),
 *     Effect.flatMap(UIMessageStream.toResponse())
 *   )
 * ```
 *
 * @since 0.3.0
 * @category Resuming
 */
export const resumable: {
  (options: UIResumable.ResumableOptions): <E, R>(
    self: Stream.Stream<Chunk, E, R>
  ) => Effect.Effect<Stream.Stream<Chunk, ResumeError>, StreamStore.StreamStoreError, R>
  <E, R>(
    self: Stream.Stream<Chunk, E, R>,
    options: UIResumable.ResumableOptions
  ): Effect.Effect<Stream.Stream<Chunk, ResumeError>, StreamStore.StreamStoreError, R>
} = /* @__PURE__ */ dual(2, UIResumable.resumable)
