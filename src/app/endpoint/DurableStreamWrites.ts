/**
 * The writer's headers of a Durable Streams append (`Stream-Seq`, `Producer-Id`, `Producer-Epoch`, `Producer-Seq`),
 * each bounded, and what a store's `write` did as the protocol answers it. The rules are the protocol's
 * (`@durable-streams/server`'s `handleAppend`, and its conformance suite's "Idempotent Producer Operations"): the three
 * producer headers together or none, an id not empty, epoch and seq non-negative whole numbers; a producer's first
 * write 200, its duplicate 204 with its last seq, a stale epoch 403 with the current one, a new epoch not at 0 400, a
 * gap 409 with the seq expected; a `Stream-Seq` not after the last 409; a closed stream 409 with its tail.
 *
 * @internal
 */
import type * as StreamStore from "../store/StreamStore.js"
import * as Offsets from "./DurableStreamOffsets.js"

/** The longest `Producer-Id` and `Stream-Seq` taken (the protocol sets none; a header is not a store). */
export const maxHeaderText = 256

/** The most digits of a `Producer-Epoch` or `Producer-Seq` (a safe integer has at most 16). */
const wholeNumber = /^\d{1,16}$/

/** Printable ASCII: what a `Stream-Seq` compared byte by byte (as Redis compares it) sorts alike everywhere. */
const printable = /^[\x21-\x7e]+$/

/** The writer of an append: its `Stream-Seq` and its producer, if it names them. */
export interface Writer {
  readonly seq: string | undefined
  readonly producer: StreamStore.Producer | undefined
}

/** The writer an append's `headers` name, or why they are refused (a 400). */
export const writerOf = (headers: Readonly<Record<string, string | undefined>>): Writer | string => {
  const seq = headers["stream-seq"]
  if (seq !== undefined && (seq.length > maxHeaderText || !printable.test(seq))) {
    return `Stream-Seq is 1 to ${maxHeaderText} printable ASCII characters`
  }
  const id = headers["producer-id"]
  const epoch = headers["producer-epoch"]
  const producerSeq = headers["producer-seq"]
  if (id === undefined && epoch === undefined && producerSeq === undefined) return { seq, producer: undefined }
  if (id === undefined || epoch === undefined || producerSeq === undefined) {
    return "Producer-Id, Producer-Epoch and Producer-Seq go together"
  }
  if (id.length === 0 || id.length > maxHeaderText) return `Producer-Id is 1 to ${maxHeaderText} characters`
  if (!wholeNumber.test(epoch) || !Number.isSafeInteger(Number(epoch))) return "Producer-Epoch is a whole number"
  if (!wholeNumber.test(producerSeq) || !Number.isSafeInteger(Number(producerSeq))) {
    return "Producer-Seq is a whole number"
  }
  return { seq, producer: { id, epoch: Number(epoch), seq: Number(producerSeq) } }
}

/** A response: its status and headers (no body: the protocol's refusals here are told by status and headers). */
export interface Answer {
  readonly status: number
  readonly headers: Record<string, string>
}

/**
 * How the protocol answers what `write` did for `writer` to a stream of `line`; `closing` for a close without a body.
 */
export const answerOf = (
  written: StreamStore.Written,
  writer: Writer,
  closing: boolean,
  line: Offsets.Line
): Answer => {
  const producer = writer.producer
  const epoch = producer === undefined ? {} : { "producer-epoch": String(producer.epoch) }
  switch (written._tag) {
    case "Written":
      return {
        status: producer !== undefined && !closing ? 200 : 204,
        headers: {
          "stream-next-offset": Offsets.offsetOf(line, written.count),
          ...(written.ended ? { "stream-closed": "true" } : {}),
          ...epoch,
          ...(producer === undefined ? {} : { "producer-seq": String(producer.seq) })
        }
      }
    case "Duplicate":
      return {
        status: 204,
        headers: {
          "stream-next-offset": Offsets.offsetOf(line, written.count),
          ...(written.ended ? { "stream-closed": "true" } : {}),
          ...epoch,
          "producer-seq": String(written.seq)
        }
      }
    case "Ended":
      return {
        status: 409,
        headers: { "stream-closed": "true", "stream-next-offset": Offsets.offsetOf(line, written.count) }
      }
    case "SeqConflict":
      return { status: 409, headers: {} }
    case "StaleEpoch":
      return { status: 403, headers: { "producer-epoch": String(written.epoch) } }
    case "EpochStart":
      return { status: 400, headers: {} }
    case "SeqGap":
      return {
        status: 409,
        headers: {
          "producer-expected-seq": String(written.expected),
          "producer-received-seq": String(producer?.seq ?? 0)
        }
      }
  }
}
