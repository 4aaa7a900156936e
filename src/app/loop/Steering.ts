/**
 * Messages sent into a running tool loop from any instance: `steer` (taken at the next step boundary, after the
 * step's tool results) and `queue` (taken after the model's answer: the loop goes on with it). An answer's inbox is
 * kept in the `StreamStore` as a stream of its own (`inbox.<streamId>`), appended to by senders and read by the loop.
 *
 * The inbox is a log, and whether a message is taken is decided by its place in it: both the sender and the loop
 * fold the same log with the same rule (`Ledger`), so a message the sender was told is `Full` is never taken, and
 * an `id` sent twice is taken once, on every store.
 *
 * @since 0.7.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Message from "../../core/Message.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as TextHash from "../../core/request/TextHash.js"
import * as StreamIds from "../store/StreamIds.js"
import { StreamStore } from "../store/StreamStore.js"
import * as Model from "../store/StreamStoreModel.js"

/**
 * Why a message was not put in an answer's inbox: no inbox of that answer and owner (`NotFound`: unknown, expired or
 * another owner's), the answer has ended (`Ended`), the message is past `maxBytes` or its id past 256 characters
 * (`TooLarge`), `maxPending` messages wait already (`Full`, with `retryAfterMillis`), the message has nothing in it,
 * is no user message or has an empty id (`Invalid`: a model's API refuses a message with nothing in it, which would
 * end the answer), or the store cannot be reached (`Unavailable`).
 *
 * @since 0.7.0
 * @category Errors
 */
export class SteeringError extends Schema.TaggedError<SteeringError>()("SteeringError", {
  reason: Schema.Literals(["NotFound", "Ended", "TooLarge", "Full", "Invalid", "Unavailable"]),
  streamId: Schema.String,
  message: Schema.String,
  retryAfterMillis: Schema.optionalKey(Schema.Number)
}) {}

/**
 * An answer's inbox, as `runTools({ steering })` takes it: the answer's stream id and owner, how many messages may
 * wait at once (`maxPending`) and the most bytes of one (`maxBytes`, its JSON).
 *
 * @since 0.7.0
 * @category Models
 */
export interface Inbox {
  readonly streamId: string
  readonly owner: string | undefined
  readonly maxPending: number
  readonly maxBytes: number
}

/**
 * How many messages wait in an inbox at most unless it says otherwise: 8.
 *
 * @since 0.7.0
 * @category Constants
 */
export const defaultMaxPending = 8

/**
 * The most bytes of one message (its JSON) unless an inbox says otherwise: 64 KiB.
 *
 * @since 0.7.0
 * @category Constants
 */
export const defaultMaxBytes = 65_536

/**
 * The inbox of the answer under `streamId` and `owner`, for `runTools({ steering })`.
 *
 * @since 0.7.0
 * @category Constructors
 */
export const inbox = (streamId: string, options?: {
  readonly owner?: string | undefined
  readonly maxPending?: number | undefined
  readonly maxBytes?: number | undefined
}): Inbox => ({
  streamId,
  owner: options?.owner,
  maxPending: Math.max(1, Math.floor(options?.maxPending ?? defaultMaxPending)),
  maxBytes: Math.max(1, Math.floor(options?.maxBytes ?? defaultMaxBytes))
})

/**
 * The store's stream id of the inbox of the answer under `streamId`: `inbox.` and the id, or, where that is past the
 * longest id a store takes, `inbox~`, the id's start and its hash (another owner's ids are other streams: only two
 * ids of one owner could share an inbox, and only by a hash's collision).
 *
 * @internal
 */
export const inboxId = (streamId: string): string => {
  const id = `inbox.${streamId}`
  if (id.length <= StreamIds.maxIdLength) return id
  const hash = TextHash.hex64(streamId)
  return `inbox~${streamId.slice(0, StreamIds.maxIdLength - "inbox~.".length - hash.length)}.${hash}`
}

/**
 * How a message is taken: at the next step boundary (`steer`), or after the answer (`queue`).
 *
 * @since 0.7.0
 * @category Models
 */
export type Kind = "steer" | "queue"

const codec = Schema.toCodecJson(Message.UserMessage)
const encode = /* @__PURE__ */ Schema.encodeSync(codec)
const decode = Schema.decodeUnknownResult(codec)

/** A message as the inbox keeps it. */
interface Sent {
  readonly type: "message"
  readonly kind: Kind
  readonly id: string
  readonly nonce: string
  readonly message: unknown
}

/** What the ledger says of a message at its place in the log. */
type Verdict = "accepted" | "duplicate" | "too-large" | "full"

const byteLength = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length

/**
 * The inbox's log folded: its bounds, the ids seen, and the accepted messages not yet taken. The sender and the loop
 * fold the same log alike, so they agree on every verdict.
 *
 * @internal
 */
export class Ledger {
  maxPending = defaultMaxPending
  maxBytes = defaultMaxBytes
  readonly seen = new Set<string>()
  readonly pending = new Map<string, Sent>()
  /** Folds one entry of the log; a message's verdict at its place. */
  apply(entry: Model.StoredChunk): Verdict | undefined {
    if (entry["type"] === "open") {
      this.maxPending = Number(entry["maxPending"])
      this.maxBytes = Number(entry["maxBytes"])
    } else if (entry["type"] === "taken" && Array.isArray(entry["ids"])) {
      for (const id of entry["ids"]) this.pending.delete(String(id))
    } else if (entry["type"] === "message") {
      const sent = entry as unknown as Sent
      if (this.seen.has(sent.id)) return "duplicate"
      if (byteLength(sent.message) > this.maxBytes) return "too-large"
      if (this.pending.size >= this.maxPending) return "full"
      this.seen.add(sent.id)
      this.pending.set(sent.id, sent)
      return "accepted"
    }
    return undefined
  }
}

/**
 * How long a read of the inbox waits for the store.
 *
 * @internal
 */
export const readTimeout = Duration.seconds(5)

/**
 * The user message an inbox keeps, read back; `undefined` for anything else (a store's value is not trusted: such an
 * entry is never taken).
 *
 * @internal
 */
export const decodeMessage = (message: unknown): Message.UserMessage | undefined => {
  const decoded = decode(message)
  return Result.isSuccess(decoded) ? decoded.success : undefined
}

const failure = (streamId: string, reason: SteeringError["reason"], message: string, retryAfterMillis?: number) =>
  new SteeringError({
    reason,
    streamId,
    message,
    ...(retryAfterMillis === undefined ? {} : { retryAfterMillis })
  })

/** Whether a user message has nothing a model reads: text and text parts blank, no other part but cache points. */
const isEmpty = (message: Message.UserMessage): boolean =>
  Conversation.isBlank(message.text) &&
  (message.parts ?? []).every((part) =>
    part._tag === "CachePointPart" || (part._tag === "TextPart" && Conversation.isBlank(part.text))
  )

const isUserMessage = /* @__PURE__ */ Schema.is(Message.UserMessage)

/**
 * Why a message cannot be sent into the answer under `streamId` whatever its inbox holds (an id that is no string of
 * 1 to 256 characters, no user message, one with nothing in it), or `undefined`: checked before anything is stored.
 *
 * @internal
 */
export const refusalOf = (
  streamId: string,
  message: Message.UserMessage,
  id: string
): SteeringError | undefined =>
  // An id past the bound is too large (413); an empty one, or none, is no id (400).
  typeof id !== "string" || id === "" || id.length > StreamIds.maxIdLength
    ? failure(
      streamId,
      typeof id === "string" && id !== "" ? "TooLarge" : "Invalid",
      `A message's id is 1 to ${StreamIds.maxIdLength} characters`
    )
    : !isUserMessage(message)
    ? failure(streamId, "Invalid", "The message is no user message: give it text")
    : isEmpty(message)
    ? failure(streamId, "Invalid", "The message has nothing in it: give it text")
    : undefined

/** The answer has ended: its inbox takes no more messages. */
const ended = (streamId: string) =>
  failure(streamId, "Ended", `The answer ${JSON.stringify(streamId)} has ended: it takes no more messages`)

const fromStore = (streamId: string) => (error: Model.StreamStoreError | Model.StreamNotFound): SteeringError =>
  error._tag === "StreamNotFound"
    ? failure(streamId, "NotFound", `No running answer ${JSON.stringify(streamId)} takes messages`)
    : error.reason === "Ended"
    ? ended(streamId)
    : error.reason === "Full"
    // The store's own words name its bounds: a person is told the cause.
    ? failure(
      streamId,
      "Full",
      "The store has no room for the message now; try again shortly",
      error.retryAfterMillis ?? 1000
    )
    : error.reason === "InvalidId"
    ? failure(streamId, "NotFound", `No running answer ${JSON.stringify(streamId)} takes messages`)
    : failure(streamId, "Unavailable", `The stream store cannot be reached: ${error.message}`)

/** The inbox is full: `maxPending` messages wait. */
const full = (streamId: string, ledger: Ledger) =>
  failure(
    streamId,
    "Full",
    `${ledger.maxPending} messages already wait for the answer ${JSON.stringify(streamId)}`,
    1000
  )

/** The log of the inbox up to (and with) the first entry `until` holds for. */
const logUntil = (streamId: string, owner: string | undefined, until: (chunk: Model.StoredChunk) => boolean) =>
  Effect.gen(function*() {
    const store = yield* StreamStore
    const chunks = yield* store.read(inboxId(streamId), { owner, brief: true })
    return yield* Stream.runCollect(Stream.takeUntil(Stream.map(chunks, Model.entryOf), until))
  }).pipe(
    Effect.mapError(fromStore(streamId)),
    Effect.timeoutOrElse({
      duration: readTimeout,
      orElse: () => Effect.fail(failure(streamId, "Unavailable", "The stream store did not answer within 5 s"))
    })
  )

/**
 * The log of the inbox as it is now (a store without `tail`: up to its `open`), folded, and whether the inbox has
 * ended (as its store's `tail` tells): what a sender looks at before it appends, so that a message the log already
 * refuses (its id taken, the answer ended, or the inbox full) is answered without being stored. A refused message
 * appended all the same stayed in the log, counted against its owner's share of the store: a client sending again
 * while the inbox was full filled it, and the answer's own chunks were then refused.
 */
const ledgerNow = (streamId: string, owner: string | undefined) =>
  Effect.gen(function*() {
    const store = yield* StreamStore
    const tail = store.tail === undefined
      ? undefined
      : yield* Effect.mapError(store.tail(inboxId(streamId), { owner }), fromStore(streamId))
    let read = 0
    let opened = false
    const log = yield* logUntil(streamId, owner, (chunk) => {
      read++
      opened ||= chunk["type"] === "open"
      return opened && read >= (tail?.count ?? 0)
    })
    const ledger = new Ledger()
    for (const chunk of log) ledger.apply(chunk)
    return { ledger, ended: tail?.ended === true }
  })

/** Sends `message` into the inbox of the answer under `streamId` as `kind`. */
const send = (
  kind: Kind,
  streamId: string,
  message: Message.UserMessage | string,
  options?: { readonly owner?: string | undefined; readonly id?: string | undefined }
): Effect.Effect<{ readonly id: string }, SteeringError> =>
  Effect.gen(function*() {
    const user = typeof message === "string" ? new Message.UserMessage({ text: message }) : message
    const id = options?.id ?? StreamIds.newId()
    const refused = refusalOf(streamId, user, id)
    if (refused !== undefined) return yield* refused
    const owner = options?.owner
    const { ended: over, ledger } = yield* ledgerNow(streamId, owner)
    // Sent before (a retry): taken once, whatever this send says.
    if (ledger.seen.has(id)) return { id }
    // Ended with messages left waiting: a 409, not a `Full` whose `Retry-After` a client would obey until it expires.
    if (over) return yield* ended(streamId)
    const encoded = encode(user)
    if (byteLength(encoded) > ledger.maxBytes) {
      return yield* failure(
        streamId,
        "TooLarge",
        `The message is larger than the ${ledger.maxBytes} bytes an answer takes`
      )
    }
    if (ledger.pending.size >= ledger.maxPending) return yield* full(streamId, ledger)
    const nonce = StreamIds.newId()
    const store = yield* StreamStore
    yield* Effect.mapError(
      store.append(inboxId(streamId), [{ type: "message", kind, id, nonce, message: encoded }], { owner }),
      fromStore(streamId)
    )
    const log = yield* logUntil(streamId, owner, (chunk) => chunk["type"] === "message" && chunk["nonce"] === nonce)
    const folded = new Ledger()
    let verdict: Verdict | undefined
    for (const chunk of log) verdict = folded.apply(chunk)
    if (verdict === "full") return yield* full(streamId, folded)
    return { id }
  })

/**
 * Steers the running answer under `streamId` (and `owner`), on any instance sharing the store: `message` (a user
 * message, or its text) goes into the next model request, after the tool results of the step that is running. An
 * `id` sent again is taken once.
 *
 * @since 0.7.0
 * @category Sending
 */
export const steer = (
  streamId: string,
  message: Message.UserMessage | string,
  options?: { readonly owner?: string | undefined; readonly id?: string | undefined }
): Effect.Effect<{ readonly id: string }, SteeringError> => send("steer", streamId, message, options)

/**
 * Queues `message` for the running answer under `streamId` (and `owner`): taken once the model has answered, the loop
 * goes on with it. An `id` sent again is taken once.
 *
 * @since 0.7.0
 * @category Sending
 */
export const queue = (
  streamId: string,
  message: Message.UserMessage | string,
  options?: { readonly owner?: string | undefined; readonly id?: string | undefined }
): Effect.Effect<{ readonly id: string }, SteeringError> => send("queue", streamId, message, options)
