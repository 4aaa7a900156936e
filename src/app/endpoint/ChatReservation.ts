/**
 * A chat's answer reserved before its model is called: its stream is created under the chat's id first, so that a
 * request made while the chat's answer still runs (a double click, a retry, a second tab) is decided before it pays
 * for a call. A store creates an open id once (in memory; on Redis in one script, for every instance sharing it), so
 * of two requests at once one calls the model. A request that has seen the running answer (a page that stopped it
 * and goes on holds its message; a regenerate replaces what was sent) stops it and takes its place once it ends; one
 * that continues the running answer's own message (a second tab's answer to the same pause, or an answer sent as the
 * answer that asked it was ending) waits for it to end without stopping it: a stop would interrupt the tool the
 * first answer approved, its approval used up, so the tool would never run. Any other is refused (409), as is every
 * request while the running answer has sent nothing yet.
 *
 * A request that continues an answer (an approval, a form, a browser tool's output, a budget question answered)
 * continues the chat's latest alone: when the stream under the chat's id, running or ended, is another message's (a
 * regenerate or a next message in another tab replaced the answer), it is refused (409) before anything runs. What it
 * looked at is what its `create` may replace (`replacing`, checked in the same step): another tab's answer made, even
 * run whole and ended, between the look and the create is found by the next look, and refused. A chat whose stream is
 * gone (past the store's `ttl`, given up by a head that failed, on a store another instance does not
 * share) cannot be told apart: its continuation is answered as the signed history and the approvals' single use allow.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import type * as Tool from "../../core/Tool.js"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as EarlyStop from "../store/EarlyStop.js"
import * as StreamStore from "../store/StreamStore.js"
import * as Model from "../store/StreamStoreModel.js"
import * as UIStoredAnswer from "../ui/UIStoredAnswer.js"

/** A chat's second answer refused before its model was called: the chat's answer is still running. */
export class AnswerRunning extends Data.TaggedError("AnswerRunning")<{
  readonly chatId: string
  readonly message: string
}> {}

/** The refusal of a second answer in `chatId`, in words for the person who asked. */
export const answerRunning = (chatId: string): AnswerRunning =>
  new AnswerRunning({ chatId, message: "This chat is already answering; wait for it or stop it." })

/** A continuation refused before its model was called: the answer it continues is no longer the chat's latest. */
export class AnswerReplaced extends Data.TaggedError("AnswerReplaced")<{
  readonly chatId: string
  readonly message: string
}> {}

/** The refusal of a continuation of an answer `chatId` has replaced, in words for the person who asked. */
export const answerReplaced = (chatId: string): AnswerReplaced =>
  new AnswerReplaced({
    chatId,
    message: "This answer was replaced in another tab; reload to see the chat's current answer."
  })

/** The refusal of a continuation answering a pause its answer in `chatId` went on from, in words for the person. */
export const answerMovedOn = (chatId: string): AnswerReplaced =>
  new AnswerReplaced({ chatId, message: "This answer went on without that answer; reload to see where it is." })

/**
 * Whether a continuation's `approvals` answer a pause the answer it continues went on from, as its stored chunks
 * (`earlier`: the answer ended there; none when the store cannot tell) say: another tab went on from that pause
 * without them (the call, left out then, would run in an answer the chat has moved past), or answered it already and
 * the answer has paused again since (an approval, then its tool's form; then a budget question), so that a second
 * tab's answer to the first pause would be told `used` and the model asked again, dropping the pause the answer waits
 * on (`answerMovedOn`). One answered before, the answer waiting on nothing, is not: sent again, its single use tells it
 * was used (nothing runs twice).
 */
export const answersLeftBehind = (
  approvals: ReadonlyArray<Tool.ToolApproval>,
  earlier: ReadonlyArray<UIChunk.Chunk>
): boolean => {
  if (earlier.length === 0 || approvals.length === 0) return false
  const { answered, left, waiting } = UIStoredAnswer.approvalsOf(earlier)
  return approvals.some(({ approvalId }) =>
    approvalId !== undefined && (left.has(approvalId) || (waiting.size > 0 && answered.has(approvalId)))
  )
}

/**
 * Waits (up to `replaceMillis`) while the chat's answer running is a continuation of `messageId`: a request continuing
 * that answer (a second tab's answer to the same pause, sent while the first's approved tool runs) then reads it whole
 * once it has ended, so that its own stream starts with what the answer sent and a pause the answer has paused past
 * is told. A store that fails, or cannot tell an answer ended (without `tail`), is not waited on.
 */
export const awaitContinued = (chatId: string, owner: string | undefined, messageId: string) =>
  Effect.gen(function*() {
    const store = yield* StreamStore.StreamStore
    if (store.tail === undefined) return
    const deadline = (yield* Clock.currentTimeMillis) + replaceMillis
    for (;;) {
      const found = yield* stored(store, chatId, { owner })
      if (found.ended || found.messageId !== messageId) return
      if ((yield* Clock.currentTimeMillis) >= deadline) return
      yield* Effect.sleep("50 millis")
    }
  }).pipe(Effect.catch(() => Effect.void))

/** Whether `error` is a reservation's refusal (a 409 in the endpoint's own words, the user's doing). */
export const isRefusal = (error: unknown): error is AnswerRunning | AnswerReplaced =>
  error instanceof AnswerRunning || error instanceof AnswerReplaced

/** How long a request waits for the answer it stopped to end: 10 s (a stop takes effect within a second). */
export const replaceMillis = 10_000

/** How often an answer found ended is tried again before the store's `AlreadyExists` is taken as its answer. */
const maxEndedSeen = 3

/** How long the running answer's first chunk is waited for (a store without `tail` cannot tell there is none). */
const firstChunkMillis = 1_000

/**
 * The answer under a chat's id, as a reservation finds it: ended (or gone) or running, with its message id once its head
 * is stored (none for a stream gone), and its generation (`null`: gone; none from a store without `tail`).
 */
interface Stored {
  readonly ended: boolean
  readonly messageId: string | undefined
  readonly generation?: string | null | undefined
}

const gone: Stored = { ended: true, messageId: undefined, generation: null }

/** The message id of a stored UI stream's first chunk (its `start`; a chunk that is no object has none). */
const messageIdOf = (chunk: StreamStore.StoredChunk): string | undefined => {
  const entry = Model.entryOf(chunk)
  return entry["type"] === "start" && typeof entry["messageId"] === "string" ? entry["messageId"] : undefined
}

/** The answer stored under `chatId`: its message id is its stored `start`'s, none before its head is stored. */
const stored = (
  store: StreamStore.Service,
  chatId: string,
  owner: StreamStore.OwnerOptions
): Effect.Effect<Stored, StreamStore.StreamStoreError> =>
  Effect.gen(function*() {
    const tail = store.tail === undefined ? undefined : yield* store.tail(chatId, owner)
    const ended = tail?.ended === true
    const generation = tail?.generation
    if (tail?.count === 0) return { ended, messageId: undefined, generation }
    const first = yield* Effect.flatMap(
      store.read(chatId, { ...owner, brief: true }),
      (stream) => Stream.runHead(stream)
    ).pipe(
      Effect.timeoutOption(firstChunkMillis)
    )
    return {
      ended,
      messageId: Option.getOrUndefined(Option.flatten(first).pipe(Option.map(messageIdOf))),
      generation
    }
  }).pipe(Effect.catchTag("StreamNotFound", () => Effect.succeed(gone)))

/** Whether `request` continues an answer other than the chat's latest, `stored` (known by its message id). */
const continuesReplaced = (request: Request, stored: Stored): boolean =>
  !request.regenerates && request.continues !== undefined && stored.messageId !== undefined &&
  stored.messageId !== request.continues

/**
 * What a request knows of its chat: the ids of the messages it holds, whether it regenerates the last answer, and the
 * answer it continues (its last message's id, when that is an answer: `ChatRequest.responseMessageId`).
 */
export interface Request {
  readonly messageIds: ReadonlyArray<string>
  readonly regenerates: boolean
  readonly continues: string | undefined
}

/**
 * What `request` does while the answer of `messageId` runs: waits for it to end when it continues that answer (the
 * running one is that answer's continuation, or its end), stops it when it has seen it (sent to the page), else is
 * refused.
 */
const choose = (request: Request, messageId: string | undefined): "wait" | "stop" | "refuse" =>
  messageId === undefined
    ? "refuse"
    : !request.regenerates && request.continues === messageId
    ? "wait"
    : request.regenerates || request.messageIds.includes(messageId)
    ? "stop"
    : "refuse"

/**
 * Creates the stream of the chat's next answer under `chatId` and `owner`. While one runs there: if `request`
 * continues it, its end is awaited; if `request` has seen it, it is stopped and its end awaited (either up to
 * `replaceMillis`); else (or when another answer took its place meanwhile) the request is refused with
 * `AnswerRunning`. Fails as the store's `create` does otherwise (`Full`, `Unavailable`). Gives the owner's stops
 * waiting, read by the create (`EarlyStop.reading`: on Redis in its script), for the answer's start (`earlyStops`).
 */
export const reserve = Effect.fnUntraced(function*(chatId: string, owner: string | undefined, request: Request) {
  const store = yield* StreamStore.StreamStore
  const options = { owner }
  // The answer waited for (stopped first, or not), once one was found running.
  let awaited: string | undefined
  let deadline = Infinity
  // A continuation answers the chat's latest answer alone: read before `create` replaces an ended one, and `create`
  // replacing only what was read (`replacing`: another tab's answer made and ended since is not replaced).
  const looked = request.continues === undefined ? undefined : yield* stored(store, chatId, options)
  if (looked !== undefined && continuesReplaced(request, looked)) return yield* Effect.fail(answerReplaced(chatId))
  let replacing = looked?.generation
  // A store that says the stream is open (`create`) and ended (`tail`) at once, time after time, is not waited on.
  for (let endedSeen = 0;;) {
    const created = yield* Effect.result(store.create(chatId, EarlyStop.reading({ ...options, replacing })))
    if (Result.isSuccess(created)) return EarlyStop.readOf(created.success)
    if (created.failure.reason !== "AlreadyExists") return yield* Effect.fail(created.failure)
    const found = yield* stored(store, chatId, options)
    // Another message's answer, running or ended since it was first looked at, is not replaced by a continuation.
    if (continuesReplaced(request, found)) return yield* Effect.fail(answerReplaced(chatId))
    if (looked !== undefined) replacing = found.generation
    if (found.ended && ++endedSeen <= maxEndedSeen) continue
    if (found.ended) return yield* Effect.fail(created.failure)
    const { messageId } = found
    if (awaited === undefined) {
      const choice = choose(request, messageId)
      if (choice === "refuse") return yield* Effect.fail(answerRunning(chatId))
      if (choice === "stop") {
        yield* store.stop(chatId, options).pipe(Effect.catchTag("StreamNotFound", () => Effect.void))
      }
      awaited = messageId
      deadline = (yield* Clock.currentTimeMillis) + replaceMillis
    } else if (messageId !== awaited) {
      return yield* Effect.fail(answerRunning(chatId))
    }
    if ((yield* Clock.currentTimeMillis) >= deadline) return yield* Effect.fail(answerRunning(chatId))
    yield* Effect.sleep("50 millis")
  }
})
