/**
 * A call's stream → the UI message stream's chunks: `start`, one step of converted chunks
 * (`UIChunkConverter`), `finish` with the finish reason and the message metadata; a failure is an `error`
 * chunk before it, a stream stopped from within (`Stream.interruptWhen`: it ends without a finish reason, or
 * with an interruption) a `message-metadata` chunk (the metadata of what arrived, its estimated spend) and an
 * `abort` chunk.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as CallResponse from "../CallResponse.js"
import type * as CallResponseChunk from "../CallResponseChunk.js"
import * as CallBasis from "../internal/estimate/CallBasis.js"
import * as SpendUsage from "../internal/estimate/SpendUsage.js"
import { Accumulator } from "../internal/fold/Accumulator.js"
import * as StreamEnding from "../internal/fold/StreamEnding.js"
import * as Transducer from "../internal/framing/Transducer.js"
import * as PriceTable from "../PriceTable.js"
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

/** The UI chunks of a call's stream. */
export const fromStream = <E, R>(
  self: Stream.Stream<CallResponseChunk.Common, E, R>,
  options: Options<E> = {}
): Stream.Stream<UIChunk.Chunk, E, R> =>
  Stream.unwrap(
    Effect.flatMap(PriceTable.current, (table) =>
      Effect.map(UIRedaction.Redaction, (redaction) =>
        Stream.suspend(() => {
          const onError: (error: E | UIRedaction.ToolFailure) => string = options.onError ?? redaction
          const converter = new UIChunkConverter({ ...options, redact: onError })
          const metadata = options.metadata ?? UIMetadata.metadata
          const head: Array<UIChunk.Chunk> = [{ type: "start", messageId: options.messageId ?? crypto.randomUUID() }]
          converter.startStep(head)
          // The request of the call, recorded by its model layer: what the spend of a stopped answer is estimated from.
          const call: CallBasis.Cell = { basis: undefined }
          let finished: CallResponse.CallResponse | undefined
          const stopped = (): CallResponse.CallResponse =>
            CallResponse.fromAccumulator(converter.response ?? new Accumulator(), table, {
              spendBasis: call.basis,
              cut: true
            })
          const body = Transducer.transduce<CallResponseChunk.Common, UIChunk.Chunk, never>(() => ({
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
              else {finished = CallResponse.fromAccumulator(converter.finishStep(out), table, {
                  spendBasis: call.basis,
                  cut: false
                })}
              return { out, next: "done" }
            }
          }))(
            CallBasis.observe(
              // The converter takes each piece whole, and the response hands a piece's parts on in one read: an
              // `onEnd` before it need not hand its chunks on one at a time (its ending is still what the browser was sent).
              StreamEnding.wholePieces(self),
              call
            )
          )
          // The last chunks, once the tokenizer an estimate needs has loaded (only a stopped answer or one without
          // the provider's usage needs one): `finish` with the metadata, or (stopped) the metadata of what arrived and
          // `abort`.
          const last = (response: CallResponse.CallResponse, end: ReadonlyArray<UIChunk.Chunk>) =>
            Stream.fromIterableEffect(Effect.as(
              call.basis === undefined || !SpendUsage.estimates(response.usage, end.length > 0)
                ? Effect.void
                : call.basis.ready,
              end.length === 0
                ? [UIMetadata.finish(response, () => metadata(response))]
                : [{ type: "message-metadata", messageMetadata: metadata(response) } as const, ...end]
            ))
          const abort: ReadonlyArray<UIChunk.Chunk> = [{ type: "abort" }]
          return Stream.concat(
            Stream.concat(Stream.fromArray(head), body),
            Stream.suspend(() => last(finished ?? stopped(), finished === undefined ? abort : []))
          ).pipe(
            Stream.catchCause((cause) =>
              Cause.hasInterruptsOnly(cause) ? last(stopped(), abort) : failureChunks<E>(onError)(cause)
            ),
            UIHistorySigner.signed
          )
        })))
  )

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
