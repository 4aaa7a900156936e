/**
 * Converts a call's stream into the UI message stream's chunks: `start`, one step (`UIChunkConverter`), `finish` with
 * the finish reason and the message metadata; a failure, an `error` chunk; a stream stopped from within, or its
 * resumable run stopped through the store (`StopHeard.take`), the metadata of what arrived (its estimated spend), a
 * `finish` whose reason is `interrupted` and `abort` (`UIChunk.interrupted`).
 *
 * @internal
 */
import * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Channel from "effect/Channel"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Pull from "effect/Pull"
import * as Stream from "effect/Stream"
import * as CallResponse from "../../core/call/CallResponse.js"
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import * as PriceTable from "../../core/call/PriceTable.js"
import * as CallBasis from "../../core/estimate/CallBasis.js"
import * as SpendUsage from "../../core/estimate/SpendUsage.js"
import { Accumulator } from "../../core/fold/Accumulator.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as ProviderProfiles from "../../providers/ProviderProfiles.js"
import * as UIHistoryFacts from "../history/UIHistoryFacts.js"
import * as UIHistorySigner from "../history/UIHistorySigner.js"
import * as UIChunk from "../protocol/UIChunk.js"
import * as StopHeard from "./StopHeard.js"
import * as UIAppMetadata from "./UIAppMetadata.js"
import { type ConverterOptions, UIChunkConverter } from "./UIChunkConverter.js"
import * as UIMetadata from "./UIMetadata.js"
import * as UIRedaction from "./UIRedaction.js"

/**
 * How `fromStream` converts.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Options<E = unknown> extends Omit<ConverterOptions, "redact"> {
  /** The id of the message (`start`'s `messageId`; default: a random UUID). */
  readonly messageId?: string | undefined
  /** The message metadata sent with `finish`, and (since 0.6.0) the bound that cut it (default: `Metadata`). */
  readonly metadata?: ((response: CallResponse.CallResponse, stopReason?: CallBasis.Bound) => unknown) | undefined
  /** What the browser is told of a failure (the `error` chunk, a tool's `tool-output-error`); default: `Redaction`. */
  readonly onError?: ((error: E | UIRedaction.ToolFailure) => string) | undefined
  /**
   * The chat (and its owner) what the answer signs holds in (`ChatBinding`): give the one `toMessages` read the request
   * with (`ChatRequest.binding`). Without, a message or approval of one chat is taken in another.
   */
  readonly binding?: UIHistoryFacts.ChatBinding | undefined
  /**
   * Where the answer goes on in its message: give the one `toMessages` read the request with (`ChatRequest.lastStep`,
   * with `messageId` its `responseMessageId`). Its first step is then signed after the last step of the message it
   * continues, and cannot be moved before them. Without it, that first step's place is not checked (and the request
   * that sends it back logs a warning).
   *
   * @since 0.7.0
   */
  readonly lastStep?: string | undefined
  /**
   * The app's own message metadata (the AI SDK's `messageMetadata`): asked at `start`, each step's end and `finish`,
   * sent beside the library's own fields (`UIAppMetadata`). `fromSteps` asks at a step's end with the whole answer's
   * `step` (its earlier requests' steps counted: `spentSteps`); `fromStream`, one call, with 0.
   *
   * @since 0.7.0
   */
  readonly messageMetadata?: UIAppMetadata.MessageMetadata | undefined
}

/** The text of a failure that is not an error value (a defect): the same for every one. */
export const internalError = "An internal error occurred."

type Batch = Arr.NonEmptyReadonlyArray<UIChunk.Chunk>

/**
 * How an answer ends once its call's stream has: the last chunks (after the tokenizer an estimate needs has loaded,
 * when one does), then what the pulls after them give (the stream's end, or its failure).
 */
export interface Ending<E> {
  readonly chunks: Effect.Effect<ReadonlyArray<UIChunk.Chunk>>
  readonly then: Pull.Pull<never, E>
}

/** What an answer's pull does with each upstream batch, each batch it sends, and the upstream's end. */
export interface Stage<A, E> {
  /** The batch converted and signed; `undefined` when it added nothing. */
  readonly convert: (items: Arr.NonEmptyReadonlyArray<A>) => Pull.Pull<Batch> | undefined
  readonly signed: (chunks: Batch) => Pull.Pull<Batch>
  readonly ending: (cause: Cause.Cause<E | Cause.Done>) => Ending<E>
}

/**
 * An answer's pull over its upstream's, as one stage (as seven stages, the served path took 28.8 Effect steps per
 * delta; as one, 22.3: `npm run bench -- serving`): `head` first, then each batch converted, then its ending.
 */
export const answerPull = <A, E>(
  head: Batch,
  upstream: Pull.Pull<Arr.NonEmptyReadonlyArray<A>, E>,
  stage: Stage<A, E>
): Pull.Pull<Batch, E> => {
  let first: Batch | undefined = head
  let over: Pull.Pull<never, E> | undefined
  // One upstream pull and what follows it, made once: every pull after the head reuses it.
  const converted: Pull.Pull<Batch, E> = Effect.matchCauseEffect(upstream, {
    onSuccess: (items) => stage.convert(items) ?? next(),
    onFailure: (cause) => {
      const ending = stage.ending(cause)
      return Effect.flatMap(ending.chunks, (chunks) => {
        over = ending.then
        return Arr.isReadonlyArrayNonEmpty(chunks) ? stage.signed(chunks) : ending.then
      })
    }
  })
  const next = (): Pull.Pull<Batch, E> => {
    if (over !== undefined) return over
    if (first === undefined) return converted
    const batch = first
    first = undefined
    return stage.signed(batch)
  }
  return Effect.suspend(next)
}

/**
 * The chunks `stage` ends an answer with when its run is stopped (interrupted from outside: `StopHeard.take`), from its
 * sums as they stand: as its source ending there would (a stop from within), signed as its pulls sign them.
 */
export const stoppedChunks = <A, E>(stage: Stage<A, E>): Effect.Effect<ReadonlyArray<UIChunk.Chunk>> =>
  Effect.flatMap(
    Effect.suspend(() => stage.ending(Cause.fail(Cause.Done())).chunks),
    (chunks): Effect.Effect<ReadonlyArray<UIChunk.Chunk>> =>
      Arr.isReadonlyArrayNonEmpty(chunks)
        ? Effect.orElseSucceed(stage.signed(chunks), () => chunks)
        : Effect.succeed([])
  )

/** One answer's conversion: the converter, the signer of its history, and the request the call told. */
class Conversion<E> {
  readonly converter: UIChunkConverter
  readonly signer: UIHistorySigner.HistorySigner
  readonly metadata: (response: CallResponse.CallResponse, stopReason?: CallBasis.Bound) => unknown
  /**
   * The request of the call, told by its model layer (`CallBasis.observe`): what a stopped answer's spend is estimated
   * from.
   */
  basis: CallBasis.Basis | undefined = undefined

  readonly options: Options<E>
  readonly table: PriceTable.Service
  readonly onError: (error: E | UIRedaction.ToolFailure) => string

  constructor(
    options: Options<E>,
    table: PriceTable.Service,
    onError: (error: E | UIRedaction.ToolFailure) => string
  ) {
    this.options = options
    this.table = table
    this.onError = onError
    this.converter = new UIChunkConverter({ ...options, redact: onError })
    this.metadata = options.metadata ??
      ((response, stopReason) => UIMetadata.metadataOf(UIMetadata.ofResponse(response, stopReason)))
    this.signer = new UIHistorySigner.HistorySigner(
      new Map(),
      UIHistoryFacts.bindingOf(options.binding),
      options.lastStep
    )
  }

  /** The call's request, told by its model layer: what a stopped answer is estimated from, its documents cited. */
  told(basis: CallBasis.Basis): void {
    this.basis = basis
    this.converter.documents.told(basis)
  }

  /** What the answer's pull does with each batch, each batch it sends, and the call's end. */
  readonly stage: Stage<CallResponseChunk.Common, E> = {
    convert: (chunks) => {
      const out: Array<UIChunk.Chunk> = []
      for (let index = 0; index < chunks.length; index++) this.converter.push(chunks[index]!, out)
      return Arr.isArrayNonEmpty(out) ? this.signer.batch(out) : undefined
    },
    signed: (chunks) => this.signer.batch(chunks),
    ending: (cause) => Pull.isDoneCause(cause) ? this.ended() : this.failed(cause as Cause.Cause<E>)
  }

  /** `start` and the step's start, then each batch of the call converted and signed, then its ending. */
  pull(upstream: Pull.Pull<Arr.NonEmptyReadonlyArray<CallResponseChunk.Common>, E>): Pull.Pull<Batch, E> {
    const head: Array<UIChunk.Chunk> = [{ type: "start", messageId: this.options.messageId ?? crypto.randomUUID() }]
    this.converter.startStep(head)
    return answerPull(head as unknown as Batch, upstream, this.stage)
  }

  /** The response so far, of an answer cut short. */
  stopped(): CallResponse.CallResponse {
    const accumulated = this.converter.response ?? new Accumulator()
    return CallResponse.fromAccumulator(accumulated, this.table, { spendBasis: this.basis, cut: true })
  }

  /**
   * How an answer whose call's stream ended ends: `finish`; or, without a finish reason (cut short upstream: a
   * provider's stream ends cleanly only after saying why it finished), the metadata of what arrived and
   * `UIChunk.interrupted`.
   */
  ended(): Ending<E> {
    const converter = this.converter
    const out: Array<UIChunk.Chunk> = []
    if (converter.response!.commonFinishReasons.length === 0) {
      converter.closeBlock(out)
      return this.last(this.stopped(), out, UIChunk.interrupted)
    }
    const finished = CallResponse.fromAccumulator(converter.finishStep(out), this.table, {
      spendBasis: this.basis,
      cut: false
    })
    return this.last(finished, out, [])
  }

  /** What ended the answer, when a bound did (the cap of a budget or a spend limit it stopped at). */
  stopReason(response: CallResponse.CallResponse): CallBasis.Bound | undefined {
    return response.commonFinishReasons.includes("length") ? this.basis?.bound : undefined
  }

  /**
   * The last chunks after `before` (`finish`, or the metadata and `end`), once the tokenizer an estimate needs (a
   * stopped answer's, one without the provider's usage) has loaded.
   */
  last(
    response: CallResponse.CallResponse,
    before: ReadonlyArray<UIChunk.Chunk>,
    end: ReadonlyArray<UIChunk.Chunk>,
    reason = this.stopReason(response)
  ): Ending<E> {
    const basis = this.basis
    const chunks = Effect.sync(() =>
      end.length === 0
        ? [...before, UIMetadata.finish(response, () => this.metadata(response, reason), reason && "length")]
        : [...before, { type: "message-metadata", messageMetadata: this.metadata(response) } as const, ...end]
    )
    const estimated = basis !== undefined && SpendUsage.estimates(response.usage, end.length > 0)
    return { chunks: estimated ? Effect.andThen(basis.ready, chunks) : chunks, then: Cause.done() }
  }

  /** How the answer ends on a failure: stopped, cut by the spend limit after content, or failed. */
  failed(cause: Cause.Cause<E>): Ending<E> {
    if (Cause.hasInterruptsOnly(cause)) return this.last(this.stopped(), held(this.converter), UIChunk.interrupted)
    if (limitCut(cause, this.converter.response)) {
      // Cut by the spend limit after its text began: a finished answer that says why it ended.
      const out: Array<UIChunk.Chunk> = []
      this.converter.finishStep(out)
      return this.last(this.stopped(), out, [], "spend-limit")
    }
    return failure(cause, this.onError, held(this.converter))
  }
}

/** The call arguments the converter held back, sent before an answer's last chunks. */
const held = (converter: UIChunkConverter): Array<UIChunk.Chunk> => {
  const out: Array<UIChunk.Chunk> = []
  converter.sendHeld(out)
  return out
}

/**
 * The UI chunks of a call's stream, in one stage: its start reads the price table and the redaction, and starts the
 * call's stream with the call's basis observed (as three stages, `unwrap`, `CallBasis.observe` and
 * `Stream.transformPull`, a start took 6 Effect steps more).
 */
export const fromStream = <E, R>(
  self: Stream.Stream<CallResponseChunk.Common, E, R>,
  options: Options<E> = {}
): Stream.Stream<UIChunk.Chunk, E, R> =>
  UIAppMetadata.withMessageMetadata(
    Stream.fromChannel(Channel.fromTransform((_, scope) =>
      Effect.flatMap(PriceTable.current, (table) =>
        Effect.withFiber((fiber) => {
          // A conversion per run: the transform runs each time the stream starts.
          const conversion = new Conversion(options, table, options.onError ?? fiber.getRef(UIRedaction.Redaction))
          // Under a resumable run, a stop ends the stored stream with this ending, its sums as they stand.
          StopHeard.take(fiber.context, stoppedChunks(conversion.stage))
          return Effect.map(
            CallBasis.observedPull(self, (basis) => conversion.told(basis), scope),
            (upstream) => conversion.pull(upstream)
          )
        }))
    )),
    options.messageMetadata
  )

/** Whether a stream failed because the spend limit cut it, after content (`SpendLimitExceeded`). */
const limitCut = (cause: Cause.Cause<unknown>, response: Accumulator | undefined): boolean => {
  const error = Cause.findErrorOption(cause)
  return Option.isSome(error) && ProviderError.isProviderError(error.value) &&
    error.value._tag === "SpendLimitExceeded" && response !== undefined &&
    (response.content !== "" || response.reasoning !== "" || response.toolCallRecords.length > 0)
}

/**
 * The metadata of an answer whose message the provider refused on its policy (`ProviderProfiles.refusedOnPolicy`:
 * Gemini's `promptFeedback.blockReason`, "If set, the prompt was blocked and no candidates are returned. Rephrase the
 * prompt.", ai.google.dev/api/generate-content#PromptFeedback): `finishReason` `content_filter` on a message with no
 * step, by which the next request leaves that message out (`UIToMessages`): the model never read it.
 */
const blockedMetadata = (error: unknown): ReadonlyArray<UIChunk.Chunk> =>
  ProviderError.isProviderError(error) && error._tag === "InvalidRequestError" &&
    ProviderProfiles.refusedOnPolicy(error)
    ? [{ type: "message-metadata", messageMetadata: { finishReason: "content_filter" } }]
    : []

/**
 * How an answer ends on a failure: what was held back (`before`), the metadata of a message refused on a policy
 * (`blockedMetadata`), an `error` chunk (the redacted text; one text for any defect), the failure.
 */
const failure = <E>(
  cause: Cause.Cause<E>,
  onError: (error: E) => string,
  before: ReadonlyArray<UIChunk.Chunk>
): Ending<E> => {
  const error = Cause.findErrorOption(cause)
  return {
    chunks: Effect.sync(() =>
      Option.isSome(error)
        ? [...before, ...blockedMetadata(error.value), { type: "error", errorText: onError(error.value) }]
        : [...before, { type: "error", errorText: internalError }]
    ),
    then: Option.isSome(error) ? Effect.fail(error.value) : Effect.failCause(cause)
  }
}

/**
 * How a UI message stream ends on a failure, after the call arguments `converter` held back; stopped from within,
 * what `stopped` ends it with after them (its metadata, `UIChunk.interrupted`) and the end.
 */
export const failureEnding = <E>(
  cause: Cause.Cause<E>,
  onError: (error: E) => string,
  converter: UIChunkConverter,
  stopped: (before: Array<UIChunk.Chunk>) => ReadonlyArray<UIChunk.Chunk>
): Ending<E> => {
  const before = held(converter)
  return Cause.hasInterruptsOnly(cause)
    ? { chunks: Effect.sync(() => stopped(before)), then: Cause.done() }
    : failure(cause, onError, before)
}
