/**
 * The loop's side of an answer's inbox (`Steering.inbox`): opened as the loop starts, read at each step boundary, and
 * at the loop's end either closed (what it ends without is told back as not delivered) or held open for the answer's
 * continuation when the answer waits for a person (an approval, a question): the continuation's loop takes it over,
 * and the messages sent meanwhile go into its first request. A held inbox nobody takes over is ended `ttl` later.
 *
 * The inbox's log says who holds it: a `paused` entry (with a nonce) hands it over, and the first `resumed` entry after
 * it takes it; every loop reads the log alike, so two continuations never hold one inbox.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as Message from "../../core/Message.js"
import * as StreamIds from "../store/StreamIds.js"
import { StreamStore } from "../store/StreamStore.js"
import * as Model from "../store/StreamStoreModel.js"
import * as Steering from "./Steering.js"

/** A message taken by the loop (or left untaken at its end): its id, how it was sent, and the user message. */
export interface Taken {
  readonly id: string
  readonly kind: Steering.Kind
  readonly message: Message.UserMessage
}

/** The loop's side of an inbox: the log as read so far, folded up to `folded`, the ids it took, and how it ended. */
export class Reader {
  readonly log: Array<Model.StoredChunk> = []
  readonly ledger = new Steering.Ledger()
  readonly taken = new Set<string>()
  folded = 0
  /** The nonce of the pause the loop ended with: the inbox is then held open for the answer's continuation. */
  paused: string | undefined = undefined
  readonly inbox: Steering.Inbox
  constructor(inbox: Steering.Inbox) {
    this.inbox = inbox
  }
  /** The accepted messages of `kinds` not yet taken, in the order sent, marked taken here. */
  take(kinds: ReadonlyArray<Steering.Kind>): Array<Taken> {
    while (this.folded < this.log.length) this.ledger.apply(this.log[this.folded++]!)
    const out: Array<Taken> = []
    for (const sent of this.ledger.pending.values()) {
      if (this.taken.has(sent.id) || !kinds.includes(sent.kind)) continue
      // Not a user message (the store's value is not trusted): never taken.
      const message = Steering.decodeMessage(sent.message)
      if (message !== undefined) out.push({ id: sent.id, kind: sent.kind, message })
      this.taken.add(sent.id)
    }
    return out
  }
}

const idOf = (reader: Reader) => Steering.inboxId(reader.inbox.streamId)
const ownerOf = (reader: Reader) => ({ owner: reader.inbox.owner })

/** Reads the log after what the reader holds until `until` holds of a chunk (or the log ends), for at most 5 s. */
const readUntil = (reader: Reader, until: (chunk: Model.StoredChunk) => boolean): Effect.Effect<void> =>
  Effect.gen(function*() {
    const store = yield* StreamStore
    const chunks = yield* store.read(idOf(reader), { ...ownerOf(reader), after: reader.log.length, brief: true })
    const entries = Stream.takeUntil(Stream.map(chunks, Model.entryOf), until)
    yield* Stream.runForEach(entries, (chunk) => Effect.sync(() => reader.log.push(chunk)))
  }).pipe(Effect.timeout(Steering.readTimeout), Effect.ignore)

/**
 * Appends a mark to the inbox and reads the log up to it: every message appended before it, on any instance, is then
 * in the reader's log. A store that fails only leaves the log as it is.
 */
export const caughtUp = (reader: Reader): Effect.Effect<void> =>
  Effect.gen(function*() {
    const store = yield* StreamStore
    const nonce = StreamIds.newId()
    yield* Effect.ignore(store.append(idOf(reader), [{ type: "mark", nonce }], ownerOf(reader)))
    yield* readUntil(reader, (chunk) => chunk["type"] === "mark" && chunk["nonce"] === nonce)
  })

/** Marks `ids` taken in the inbox's log (a failure of the store only leaves them pending to its senders). */
export const markTaken = (reader: Reader, ids: ReadonlyArray<string>): Effect.Effect<void> =>
  ids.length === 0 ? Effect.void : Effect.gen(function*() {
    const store = yield* StreamStore
    yield* Effect.ignore(store.append(idOf(reader), [{ type: "taken", ids }], ownerOf(reader)))
  })

/**
 * Ends the inbox and reads the rest of its log: the messages accepted and never taken, which the answer ends without
 * (no message can be accepted after the end: a sender is told `Ended`).
 */
export const close = (reader: Reader): Effect.Effect<Array<Taken>> =>
  Effect.gen(function*() {
    const store = yield* StreamStore
    yield* Effect.ignore(store.end(idOf(reader), "completed", ownerOf(reader)))
    yield* readUntil(reader, () => false)
    return reader.take(["steer", "queue"])
  })

/**
 * The messages left untaken in `inbox`, once it is ended (here, if its loop has not): what a stopped answer tells
 * back. None when nothing was sent into it.
 */
export const leftIn = (inbox: Steering.Inbox): Effect.Effect<Array<Taken>> => close(new Reader(inbox))

/** Hands the inbox over to the answer's continuation: its messages wait in it, and senders are still taken. */
export const pause = (reader: Reader): Effect.Effect<void> =>
  Effect.gen(function*() {
    const store = yield* StreamStore
    const nonce = StreamIds.newId()
    yield* Effect.ignore(store.append(idOf(reader), [{ type: "paused", nonce }], ownerOf(reader)))
    reader.paused = nonce
  })

/** The nonce of the pause that holds the log (its last `paused` with no `resumed` after it), if one does. */
const heldBy = (log: ReadonlyArray<Model.StoredChunk>): string | undefined => {
  let held: string | undefined
  for (const chunk of log) {
    if (chunk["type"] === "paused") held = String(chunk["nonce"])
    else if (chunk["type"] === "resumed") held = undefined
  }
  return held
}

/**
 * Takes over the open inbox of a paused answer: a `resumed` entry, which holds if it is the first after the pause.
 * Fails with `AlreadyExists` when no pause hands it over (another loop reads it).
 */
const takeOver = (reader: Reader, refused: Model.StreamStoreError) =>
  Effect.gen(function*() {
    const store = yield* StreamStore
    const nonce = StreamIds.newId()
    yield* store.append(idOf(reader), [{ type: "resumed", nonce }], ownerOf(reader))
    yield* readUntil(reader, (chunk) => chunk["type"] === "resumed" && chunk["nonce"] === nonce)
    const mine = reader.log.findIndex((chunk) => chunk["type"] === "resumed" && chunk["nonce"] === nonce)
    if (mine < 0 || heldBy(reader.log.slice(0, mine)) === undefined) return yield* Effect.fail(refused)
  })

/** Ends a held inbox `ttl` after its pause, unless a continuation took it over (the log still held by that pause). */
const expireLater = (reader: Reader, nonce: string) =>
  Effect.gen(function*() {
    const store = yield* StreamStore
    yield* Effect.sleep(store.ttl)
    const now = new Reader(reader.inbox)
    yield* caughtUp(now)
    if (heldBy(now.log) === nonce) yield* Effect.ignore(store.end(idOf(reader), "completed", ownerOf(reader)))
  })

/** Whether an inbox could not be opened because its store is down or full: the store's failure, not the server's. */
export const isStoreFailure = (
  error: Model.StreamStoreError | Model.StreamNotFound
): error is Model.StreamStoreError =>
  error._tag === "StreamStoreError" && (error.reason === "Unavailable" || error.reason === "Full")

/**
 * Opens the inbox in the store, or takes over the one its paused answer holds; it ends with the current scope (the
 * loop's), unless the loop paused (then `ttl` later, if no continuation takes it over).
 */
export const open = (inbox: Steering.Inbox) =>
  Effect.gen(function*() {
    const store = yield* StreamStore
    const reader = new Reader(inbox)
    const owner = ownerOf(reader)
    yield* store.create(idOf(reader), owner).pipe(
      Effect.andThen(
        store.append(idOf(reader), [{ type: "open", maxPending: inbox.maxPending, maxBytes: inbox.maxBytes }], owner)
      ),
      Effect.catchIf(
        (error): error is Model.StreamStoreError =>
          error._tag === "StreamStoreError" && error.reason === "AlreadyExists",
        (error) => takeOver(reader, error)
      )
    )
    yield* Effect.addFinalizer(() =>
      reader.paused === undefined
        ? Effect.ignore(store.end(idOf(reader), "completed", owner))
        : Effect.asVoid(
          Effect.forkDetach(Effect.provideService(expireLater(reader, reader.paused), StreamStore, store))
        )
    )
    return reader
  })
