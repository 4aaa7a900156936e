/**
 * Converts a call's stream into the UI message stream's chunks: `start`, one step of converted chunks
 * (`UIChunkConverter`), `finish` with the finish reason and the message metadata; a failure is an `error` chunk before
 * it, a stream stopped from within (`Stream.interruptWhen`: it ends without a finish reason, or with an interruption) a
 * `message-metadata` chunk (the metadata of what arrived, its estimated spend) and an `abort` chunk.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as CallResponse from "../../core/call/CallResponse.js"
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import * as PriceTable from "../../core/call/PriceTable.js"
import * as CallBasis from "../../core/estimate/CallBasis.js"
import * as SpendUsage from "../../core/estimate/SpendUsage.js"
import { Accumulator } from "../../core/fold/Accumulator.js"
import * as Transducer from "../../core/framing/Transducer.js"
import * as ProviderError from "../../core/ProviderError.js"
import type * as UIChunk from "./UIChunk.js"
import { type ConverterOptions, UIChunkConverter } from "./UIChunkConverter.js"
import * as UIHistorySigner from "./UIHistorySigner.js"
import * as UIMetadata from "./UIMetadata.js"
import * as UIRedaction from "./UIRedaction.js"

/** How `fromStream` converts. */
export interface Options<E> extends ConverterOptions {
  /** The id of the message (default: a random UUID). */
  readonly messageId?: string | undefined
  /** The message metadata sent with `finish` (default: provider, model, finish reason, usage, cost). */
  readonly metadata?: ((response: CallResponse.CallResponse) => unknown) | undefined
  /**
   * The text a failure shows the browser: the `error` chunk's, and each failed tool call's `tool-output-error`
   * (a `ToolFailure`); default: the `Redaction` in context.
   */
  readonly onError?: ((error: E | UIRedaction.ToolFailure) => string) | undefined
}

/** The text of a failure that is not an error value (a defect): the same for every one. */
export const internalError = "An internal error occurred."

/** One answer's conversion: the converter, the request the call recorded, and the response once it finished. */
class Conversion<E> {
  readonly converter: UIChunkConverter
  readonly metadata: (response: CallResponse.CallResponse) => unknown
  /** The request of the call, recorded by its model layer: what the spend of a stopped answer is estimated from. */
  readonly recorded: CallBasis.Recorded = { basis: undefined }
  finished: CallResponse.CallResponse | undefined = undefined

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
    this.metadata = options.metadata ?? UIMetadata.metadata
  }

  /** `start` and the first step's start. */
  head(): Array<UIChunk.Chunk> {
    const head: Array<UIChunk.Chunk> = [{ type: "start", messageId: this.options.messageId ?? crypto.randomUUID() }]
    this.converter.startStep(head)
    return head
  }

  /** The response so far, of an answer cut short. */
  stopped(): CallResponse.CallResponse {
    const accumulated = this.converter.response ?? new Accumulator()
    return CallResponse.fromAccumulator(accumulated, this.table, { spendBasis: this.recorded.basis, cut: true })
  }

  /** The converted chunks of the call; at its end, the step's end (and `finished`) or, cut short, the open block's. */
  body<R>(self: Stream.Stream<CallResponseChunk.Common, E, R>): Stream.Stream<UIChunk.Chunk, E, R> {
    const converter = this.converter
    return Transducer.transduce<CallResponseChunk.Common, UIChunk.Chunk, never>(() => ({
      push: (chunks) => {
        const out: Array<UIChunk.Chunk> = []
        for (let index = 0; index < chunks.length; index++) converter.push(chunks[index]!, out)
        return { out, next: "continue" }
      },
      end: () => {
        const out: Array<UIChunk.Chunk> = []
        // A provider's stream ends cleanly only after its end, which says why it finished: one that ended
        // without a finish reason was cut short upstream (`Stream.interruptWhen`, `Stream.take`), not finished.
        if (converter.response!.commonFinishReasons.length === 0) converter.closeBlock(out)
        else {
          this.finished = CallResponse.fromAccumulator(converter.finishStep(out), this.table, {
            spendBasis: this.recorded.basis,
            cut: false
          })
        }
        return { out, next: "done" }
      }
    }))(CallBasis.observe(self, this.recorded))
  }

  /** What ended the answer, when a bound did (the cap of a budget or a spend limit it stopped at). */
  stopReason(response: CallResponse.CallResponse): CallBasis.Bound | undefined {
    return response.commonFinishReasons.includes("length") ? this.recorded.basis?.bound : undefined
  }

  /** The metadata `finish` carries: the option's, or the default with why a bound stopped the answer. */
  described(response: CallResponse.CallResponse, reason: CallBasis.Bound | undefined): unknown {
    return reason === undefined || this.options.metadata !== undefined
      ? this.metadata(response)
      : { ...UIMetadata.metadata(response), stopReason: reason }
  }

  /**
   * The last chunks, once the tokenizer an estimate needs has loaded (only a stopped answer or one without the
   * provider's usage needs one): `finish` with the metadata, or (stopped) the metadata of what arrived and `end`.
   */
  last(
    response: CallResponse.CallResponse,
    end: ReadonlyArray<UIChunk.Chunk>,
    reason = this.stopReason(response)
  ): Stream.Stream<UIChunk.Chunk> {
    const basis = this.recorded.basis
    return Stream.fromIterableEffect(Effect.as(
      basis === undefined || !SpendUsage.estimates(response.usage, end.length > 0) ? Effect.void : basis.ready,
      end.length === 0
        ? [UIMetadata.finish(response, () => this.described(response, reason), reason && "length")]
        : [{ type: "message-metadata", messageMetadata: this.metadata(response) } as const, ...end]
    ))
  }

  /** How the answer ends on a failure: stopped, cut by the spend limit after content, or failed. */
  failed(cause: Cause.Cause<E>): Stream.Stream<UIChunk.Chunk, E> {
    if (Cause.hasInterruptsOnly(cause)) return this.last(this.stopped(), abort)
    if (!limitCut(cause, this.converter.response)) return failureChunks<E>(this.onError)(cause)
    // Cut by the spend limit after its text began: a finished answer that says why it ended.
    return Stream.concat(
      Stream.fromIterableEffect(Effect.sync(() => {
        const out: Array<UIChunk.Chunk> = []
        this.converter.finishStep(out)
        return out
      })),
      Stream.suspend(() => this.last(this.stopped(), [], "spend-limit"))
    )
  }
}

const abort: ReadonlyArray<UIChunk.Chunk> = [{ type: "abort" }]

/** The UI chunks of a call's stream. */
export const fromStream = <E, R>(
  self: Stream.Stream<CallResponseChunk.Common, E, R>,
  options: Options<E> = {}
): Stream.Stream<UIChunk.Chunk, E, R> =>
  Stream.unwrap(
    Effect.flatMap(PriceTable.current, (table) =>
      Effect.map(UIRedaction.Redaction, (redaction) =>
        Stream.suspend(() => {
          const conversion = new Conversion(options, table, options.onError ?? redaction)
          return Stream.concat(
            Stream.concat(Stream.fromArray(conversion.head()), conversion.body(self)),
            Stream.suspend(() => {
              const finished = conversion.finished
              return conversion.last(finished ?? conversion.stopped(), finished === undefined ? abort : [])
            })
          ).pipe(
            Stream.catchCause((cause) => conversion.failed(cause)),
            UIHistorySigner.signed
          )
        })))
  )

/** Whether a stream failed because the spend limit cut it, after content (`SpendLimitExceeded`). */
const limitCut = (cause: Cause.Cause<unknown>, response: Accumulator | undefined): boolean => {
  const error = Cause.findErrorOption(cause)
  return Option.isSome(error) && ProviderError.isProviderError(error.value) &&
    error.value._tag === "SpendLimitExceeded" && response !== undefined &&
    (response.content !== "" || response.reasoning !== "" || response.toolCallRecords.length > 0)
}

/**
 * How a UI message stream ends on a failure: an `error` chunk, then the failure; stopped from within
 * (`Stream.interruptWhen`, a timeout upstream), an `abort` chunk and the end.
 */
export const failureChunks =
  <E>(onError: (error: E) => string) => (cause: Cause.Cause<E>): Stream.Stream<UIChunk.Chunk, E> => {
    const error = Cause.findErrorOption(cause)
    if (Option.isSome(error)) {
      return Stream.concat(Stream.succeed({ type: "error", errorText: onError(error.value) }), Stream.fail(error.value))
    }
    if (Cause.hasInterruptsOnly(cause)) return Stream.succeed({ type: "abort" })
    return Stream.concat(
      Stream.succeed({ type: "error", errorText: internalError }),
      Stream.failCause(cause)
    )
  }
