/**
 * A call's stream served to a browser as the AI SDK's UI message stream (`ai` 7, header
 * `x-vercel-ai-ui-message-stream: v1`), what `useChat` and the `ai` package's `Chat` read. `fromStream` turns any
 * provider's chunks into the protocol's, `toResponse` serves them as a Web `Response`, `toHttpServerResponse` as an
 * `effect/http` one. The stream is read only as the browser reads: when it stops, the provider request is aborted
 * at once, and `CallStream.onEnd` reports `Interrupted` with exactly what the browser was sent.
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
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import * as UIHistoryFacts from "../history/UIHistoryFacts.js"
import type * as StepEvents from "../loop/StepEvents.js"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as UIApprovalGate from "../signing/UIApprovalGate.js"
import type * as StreamStore from "../store/StreamStore.js"
import * as SseWebResponse from "./SseWebResponse.js"
import * as SseWriter from "./SseWriter.js"
import * as UIFormAskedAgain from "./UIFormAskedAgain.js"
import * as UIFromSteps from "./UIFromSteps.js"
import type { Options as FromStepsOptions } from "./UIFromSteps.js"
import * as UIFromStream from "./UIFromStream.js"
import type { Options as FromStreamOptions } from "./UIFromStream.js"
import * as UIHead from "./UIHead.js"
import * as UIResumable from "./UIResumable.js"
import type { ReadError as ResumeError } from "./UIResumable.js"
export type { ChatBinding } from "../history/UIHistoryFacts.js"
export { toMessages } from "../history/UIToMessages.js"
export type { ChatRequest, Options as ToMessagesOptions } from "../history/UIToMessages.js"
export { budgetQuestionPart } from "../protocol/UIChunk.js"
export { layer as layerSigning, Signing } from "../signing/SigningKey.js"
export type { Service as SigningKey } from "../signing/SigningKey.js"
export type { MessageMetadata, Part as MessageMetadataPart } from "./UIAppMetadata.js"
export type { LoopMetadata, Options as FromStepsOptions } from "./UIFromSteps.js"
export type { Options as FromStreamOptions } from "./UIFromStream.js"
export type { Metadata } from "./UIMetadata.js"
export * from "./UIRedaction.js"
export { resume, resumeResponse, stop } from "./UIResumable.js"
export type { ChatResumableOptions, ReadError as ResumeError, ResumableOptions, StopOptions } from "./UIResumable.js"
export * from "./UIServing.js"
/**
 * The headers of a UI message stream response (`text/event-stream`, `x-vercel-ai-ui-message-stream: v1`, ...).
 *
 * @since 0.3.0
 * @category Constants
 */
export const headers: Readonly<Record<string, string>> = UIHead.uiWire.headers

/**
 * A chunk of the protocol, as a plain object: exactly the shapes of `ai`'s `uiMessageChunkSchema`. Each has a type
 * of its own (`Chunk.TextDelta`, `Chunk.Finish`, ...), beside the types their fields use (`Chunk.FinishReason`).
 *
 * @since 0.3.0
 * @category Models
 */
export type Chunk = UIChunk.Chunk
export type { UIChunk as Chunk }

/**
 * The UI message stream of a call's stream: `start`, `start-step`, the text, reasoning and tool-call chunks as they
 * arrive (deltas one for one; a tool call's past its first KiB in larger ones, each at least a quarter of what it sent,
 * so that the client, which parses the whole call on each, does not do so once per fragment), `finish-step` and
 * `finish` with the finish reason and the message metadata. A failure sends an `error` chunk, then fails the stream;
 * a stream stopped from within (`Stream.interruptWhen`, or the store's stop under `resumable`) sends the metadata of
 * what arrived, a `finish` whose `finishReason` is `interrupted` (the `ai` client then sends nothing on by itself),
 * and `abort`. A browser that goes away while a long call's arguments are held back was not sent them; the call's
 * ending counts them.
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
} = /* @__PURE__ */ dual((args) => Stream.isStream(args[0]), UIFromStream.fromStream)

/**
 * The UI message stream of a tool loop (`LanguageModel.runTools`), one message of several steps: each step as
 * `fromStream` sends one, then a `tool-approval-request` per call waiting for approval (its `approvalId` signed) and
 * each call's `tool-output-*` as its handler ends; `finish` with the loop's metadata (`LoopMetadata`). A loop stopped
 * from within (its events end before its last), or stopped through the store under `resumable`, ends as `fromStream`
 * stopped does: the metadata of what it spent up to the stop (a call cut short estimated), an `interrupted` `finish`,
 * `abort`.
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
} = /* @__PURE__ */ dual((args) => Stream.isStream(args[0]), UIFromSteps.fromSteps)

/**
 * The stream as a Web `Response`: each chunk a `data: <json>` event, `data: [DONE]` at the end, with `init`'s headers.
 * The stream runs only as the body is read; cancelling the body interrupts it at once. A failure before any content is
 * an HTTP error (429 rate limit, 503 unavailable, 502 another provider error, 500 otherwise) whose body is one sentence
 * as text; after content, the `error` chunk and a clean end. A stream that ends after its chunks without `finish`,
 * `error` or `abort` (cut after the converter: `Stream.interruptWhen`, `Stream.take`) ends as a stopped one does, an
 * `interrupted` `finish` and `abort`, so the `ai` client sends nothing on by itself. The body runs in the context of
 * the Effect that made the response: its layers must outlive the response (a server's, a `ManagedRuntime`'s).
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
 * The stream as an `effect/http` server response, as `toResponse` serves it.
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

/**
 * A tool loop's events with its approvals checked, as `fromSteps` runs them: each `ApprovalRequestEvent` gets an
 * `approvalId` signed for exactly its call, and an approval runs its call only if its id checks out for that call, has
 * not expired, and was not used before (claimed in the `StreamStore`); otherwise the call is answered with an
 * `ApprovalRefused` error. For a loop served some other way than `fromSteps`; `binding` as `ChatBinding` says.
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
export const withApprovalChecks = <E, R>(
  self: Stream.Stream<StepEvents.StepEvent, E, R>,
  binding?: UIHistoryFacts.ChatBinding | undefined
): Stream.Stream<StepEvents.StepEvent, E, R> =>
  UIApprovalGate.withApprovalChecks(self, UIHistoryFacts.bindingOf(binding))

/**
 * A stream that survives a reload or a dropped connection, on any instance sharing the `StreamStore`: the generation
 * runs in the background, every chunk stored under `streamId` and `owner` (only the same owner resumes or stops it;
 * without one, the id is a bearer secret); the Effect gives the stored stream to serve now. A disconnect stops only
 * its reader: `stop` stops the generation. The server shutting down (the store's layer closing) ends it as `stop`
 * does, within a second: the stream of `fromStream` or `fromSteps` with what it spent (since 0.7.0). The answer is
 * pulled in the request up to its first content: one that fails before it is given as itself, its chunks then its
 * error, which `toResponse` answers with its HTTP status and sentence, and nothing is stored (a resume of its id is a
 * 204). Given the `chat` request `toMessages` read (since 0.7.0), a Stop whose body names what that request carries
 * (`stop`'s `body`), sent before the answer's stream exists, stops it as it starts. Fails with `StreamStoreError`
 * `AlreadyExists` (409) or `Full` (503).
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
  (options: UIResumable.ChatResumableOptions): <E, R>(
    self: Stream.Stream<Chunk, E, R>
  ) => Effect.Effect<Stream.Stream<Chunk, ResumeError | E>, StreamStore.StreamStoreError, R>
  <E, R>(
    self: Stream.Stream<Chunk, E, R>,
    options: UIResumable.ChatResumableOptions
  ): Effect.Effect<Stream.Stream<Chunk, ResumeError | E>, StreamStore.StreamStoreError, R>
} = /* @__PURE__ */ dual(2, UIResumable.resumable)

/**
 * The options of `askAgain`.
 *
 * @since 0.7.0
 * @category Approvals
 */
export interface AskAgainOptions {
  /** Whose request it is: the `owner` the chat's answers are stored under (`resumable`'s); none for answers without. */
  readonly owner?: string | undefined
}

/**
 * Asks a form again when a person's values do not fit it: the refusal of a chat request (`toMessages`'s
 * `InvalidRequestError` for values that do not fit the form a tool asked with, naming its field) becomes a UI message
 * stream `Response` (200) that asks the form again, from the chat's answer stored under its id for `owner`
 * (`resumable({ streamId: chat.id, owner })`), as `ChatEndpoint` answers it: `start` of the same message, each form
 * the request answered asked again as the stored answer asked it (its approval id and form, never the page's copy),
 * then an `error` chunk with the sentence. The `ai` client (what `useChat` runs), which keeps a part answered after a
 * 400, sets each part back to asking, with the sentence as `chat.error.message`; nothing is claimed, run or stored,
 * so the next answer goes as the first. Any other error, or a refusal the stored answer cannot tell (another owner's,
 * a chat whose stored answer is gone, replaced or not waiting on those forms), fails as it is, for the server's own
 * 400. Named for what the person is shown: the form, asked again (MCP's form asks; the `ai` client's part is
 * `approval-requested` again).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { LanguageModel, StreamStore, UIMessageStream } from "effect-llm-stream"
 *
 * // POST /api/chat, `owner` from your session: each answer stored under the chat's id and its owner.
 * export const chat = (request: Request, owner: string) =>
 *   UIMessageStream.readRequest(request).pipe(
 *     Effect.flatMap((body) => UIMessageStream.toMessages(body, { binding: { owner } })),
 *     Effect.flatMap((chat) =>
 *       LanguageModel.runTools({ messages: [...chat.messages, ...chat.approvals] }).pipe(
 *         UIMessageStream.fromSteps({
 *           messageId: chat.responseMessageId,
 *           lastStep: chat.lastStep,
 *           binding: chat.binding,
 *           approvals: chat.approvals
 *         }),
 *         UIMessageStream.resumable({ streamId: chat.id ?? StreamStore.newId(), owner, chat }),
 *         Effect.flatMap(UIMessageStream.toResponse())
 *       )
 *     ),
 *     // Values that do not fit their form: the form asked again. Any other refusal as it is, answered below.
 *     Effect.catchTag("InvalidRequestError", UIMessageStream.askAgain({ owner })),
 *     Effect.catchTags({
 *       InvalidRequestError: (error) =>
 *         Effect.succeed(Response.json({ error: error.message }, { status: error.status ?? 400 })),
 *       StreamStoreError: () => Effect.succeed(Response.json({ error: "Try again in a moment." }, { status: 503 }))
 *     })
 *   )
 * ```
 *
 * @since 0.7.0
 * @category Approvals
 */
export const askAgain: {
  (options: AskAgainOptions): <E>(error: E) => Effect.Effect<Response, E>
  <E>(error: E, options: AskAgainOptions): Effect.Effect<Response, E>
} = /* @__PURE__ */ dual(
  2,
  <E>(error: E, options: AskAgainOptions): Effect.Effect<Response, E> =>
    Effect.flatMap(
      UIFormAskedAgain.askedAgain(error, options.owner),
      (asked) =>
        asked === undefined
          ? Effect.fail(error)
          : SseWebResponse.toResponse(Stream.fromIterable(asked.chunks), UIHead.uiWire)
    )
)
