/**
 * A call's stream → the UI message stream's chunks: `start`, one step of converted chunks
 * (`UIChunkConverter`), `finish` with the finish reason and the message metadata; a failure is an `error`
 * chunk before it, a stream stopped from within (`Stream.interruptWhen`: it ends without a finish reason, or
 * with an interruption) an `abort` chunk.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as CallResponse from "../CallResponse.js"
import type * as CallResponseChunk from "../CallResponseChunk.js"
import * as StreamEnding from "../internal/fold/StreamEnding.js"
import * as Transducer from "../internal/framing/Transducer.js"
import * as PriceTable from "../PriceTable.js"
import type * as UIChunk from "./UIChunk.js"
import { type ConverterOptions, UIChunkConverter } from "./UIChunkConverter.js"
import * as UIMetadata from "./UIMetadata.js"

/** How `fromStream` converts. */
export interface Options<E> extends ConverterOptions {
  /** The id of the message (default: a random UUID). */
  readonly messageId?: string | undefined
  /** The message metadata sent with `finish` (default: provider, model, finish reason, usage, cost). */
  readonly metadata?: ((response: CallResponse.CallResponse) => unknown) | undefined
  /** The text of the `error` chunk a failure sends (default: the error's one-line message). */
  readonly onError?: ((error: E) => string) | undefined
}

/** An error's message, on one line and bounded: what the default `error` chunk says. */
export const errorText = (error: unknown): string => {
  const message = typeof error === "string"
    ? error
    : typeof error === "object" && error !== null && "message" in error && typeof error.message === "string"
    ? error.message
    : ""
  const line = message.split("\n", 1)[0]!.trim()
  if (line === "") return "An error occurred."
  return line.length > 500 ? `${line.slice(0, 500)}…` : line
}

/** The UI chunks of a call's stream. */
export const fromStream = <E, R>(
  self: Stream.Stream<CallResponseChunk.Common, E, R>,
  options: Options<E> = {}
): Stream.Stream<UIChunk.Chunk, E, R> =>
  Stream.unwrap(Effect.map(PriceTable.current, (table) =>
    Stream.suspend(() => {
      const converter = new UIChunkConverter(options)
      const metadata = options.metadata ?? UIMetadata.metadata
      const onError = options.onError ?? errorText
      const head: Array<UIChunk.Chunk> = [{ type: "start", messageId: options.messageId ?? crypto.randomUUID() }]
      converter.startStep(head)
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
          if (converter.response!.commonFinishReasons.length === 0) {
            converter.closeBlock(out)
            out.push({ type: "abort" })
            return { out, next: "done" }
          }
          const response = CallResponse.fromAccumulator(converter.finishStep(out), table)
          out.push(UIMetadata.finish(response, () => metadata(response)))
          return { out, next: "done" }
        }
      }))(
        // The converter takes each piece whole, and the response hands a piece's parts on in one read: an `onEnd`
        // before it need not hand its chunks on one at a time (its ending is still what the browser was sent).
        StreamEnding.wholePieces(self)
      )
      return Stream.concat(Stream.fromArray(head), body).pipe(
        Stream.catchCause(failureChunks(onError))
      )
    })))

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
      Stream.succeed({ type: "error", errorText: "An internal error occurred." }),
      Stream.failCause(cause)
    )
  }
