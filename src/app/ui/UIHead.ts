/**
 * The head of a stream served over HTTP: everything before its first content, pulled before the status is chosen,
 * so that a call that fails first is answered with an HTTP error status, not a 200 whose events say it failed.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Channel from "effect/Channel"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Pull from "effect/Pull"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as UIChunk from "../protocol/UIChunk.js"
import * as UIErrorAnswer from "./UIErrorAnswer.js"
import { internalError } from "./UIFromStream.js"
import type * as UIRedaction from "./UIRedaction.js"

/**
 * Whether a chunk is content the user is shown (not a start, nor an `error` or a stop's ending, `UIChunk.interrupted`,
 * ending an empty stream).
 */
export const isContent = (chunk: UIChunk.Chunk): boolean =>
  chunk.type !== "start" && chunk.type !== "start-step" && chunk.type !== "message-metadata" &&
  chunk.type !== "error" && chunk.type !== "abort" && !UIChunk.isInterrupted(chunk)

/** The failure text a UI message stream sent among `chunks` (its last `error` chunk's). */
export const sentError = (chunks: ReadonlyArray<UIChunk.Chunk>): string | undefined => {
  let sent: string | undefined
  for (const chunk of chunks) if (chunk.type === "error") sent = chunk.errorText
  return sent
}

/** How a protocol's items go on the wire. */
export interface Wire<A> {
  readonly headers: Readonly<Record<string, string>>
  /** The text after the last event (the UI message stream's `data: [DONE]`), if any. */
  readonly end: string | undefined
  /** Whether an item is content: a failure before the first one is answered with an HTTP error status. */
  readonly isContent: (item: A) => boolean
  /** The failure text the stream sent among `items` (before content), if it sent one. */
  readonly sentError: (items: ReadonlyArray<A>) => string | undefined
  /** The text of items on the wire, when it is not one `data: <json>` event each (`SseWriter.events`). */
  readonly text?: ((items: ReadonlyArray<A>) => string) | undefined
  /**
   * Whether a failure before content is answered with an HTTP error status (default: every one); one that is not is
   * served as the events the stream sent before it (its failure event among them).
   */
  readonly answersFailure?: ((cause: Cause.Cause<unknown>) => boolean) | undefined
  /**
   * The items that end a stream whose last item was `last` when it ended, was interrupted or failed (`failure`: the
   * redactor's sentence for it) without its protocol's ending, if it needs any; written before `end`. A stream that
   * sent nothing gets none (a stored stream resumed after its last item).
   */
  readonly unended?: ((last: A, failure: string | undefined) => ReadonlyArray<A> | undefined) | undefined
}

/** The `error` chunk of a failure the stream did not send, in the redactor's words. */
const errorChunk = (errorText: string): UIChunk.Chunk => ({ type: "error", errorText })

/** The chunks a UI message stream ends with: `finish`, `error`, `abort` (the `ai` client's stream ends there). */
const endings: ReadonlySet<UIChunk.Chunk["type"]> = new Set(["finish", "error", "abort"])

/**
 * The UI message stream on the wire (`SseWriter`): its headers, `data: [DONE]` at the end. One cut after its
 * converter (`Stream.interruptWhen`, `Stream.take` on the chunks) ends as a stream the server stopped,
 * `UIChunk.interrupted`: ended bare, the `ai` client (7.0.173, `AbstractChat.makeRequestImpl`) takes it as finished
 * and sends an answered approval on by itself (`sendAutomaticallyWhen`), one more model request after the stop. One
 * that failed after its converter (an app's operator on the chunks) ends with its `error` chunk: ended bare, the
 * client's status is `ready` with no `error`, a normal end.
 */
export const uiWire: Wire<UIChunk.Chunk> = {
  headers: {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "x-vercel-ai-ui-message-stream": "v1",
    "x-accel-buffering": "no"
  },
  end: "data: [DONE]\n\n",
  isContent,
  sentError,
  unended: (last, failure) =>
    endings.has(last.type) ? undefined : failure === undefined ? UIChunk.interrupted : [errorChunk(failure)]
}

/** A stream's head, and how to pull the rest. */
export interface Head<A, E, R> {
  /** The items before the first content, and the batch that brought it. */
  readonly chunks: ReadonlyArray<A>
  /** How the stream ended before any content (its end, an interruption or a failure); `undefined` once content came. */
  readonly ended: Cause.Cause<E | Cause.Done> | undefined
  /** The rest, pulled in the context the head was pulled in (`R`: the bare channel pull keeps none of its own). */
  readonly pull: Pull.Pull<ReadonlyArray<A>, E, void, R>
}

/**
 * Pulls the head of `self`, up to its first content, its pull living in `scope`. Once `stop` completes (a stop asked
 * of the answer), the pull under way is interrupted (a tool a continuation runs before its first content with it) and
 * the head ends there, interrupted, with the items it had.
 */
export const pullHead = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  scope: Scope.Closeable,
  isContent: (item: A) => boolean,
  stop?: Effect.Effect<void> | undefined
): Effect.Effect<Head<A, E, R>, never, R> =>
  headOf(self, scope, isContent, stop).pipe(
    Effect.onExit((exit) => Exit.isFailure(exit) ? Scope.close(scope, exit) : Effect.void)
  )

/** The head of a stream stopped before it was pulled: nothing, ended by the stop, the stream never started. */
export const stoppedHead = <A, E, R>(): Head<A, E, R> => ({ chunks: [], ended: Cause.interrupt(), pull: Cause.done() })

/** The pulls of `pullHead` (a generator made once, not one per call). */
const headOf = Effect.fnUntraced(
  function*<A, E, R>(
    self: Stream.Stream<A, E, R>,
    scope: Scope.Closeable,
    isContent: (item: A) => boolean,
    stop: Effect.Effect<void> | undefined
  ) {
    const chunks: Array<A> = []
    // The bare pull of the stream's channel: `Stream.toPull` would add a context and a semaphore to every pull,
    // and this one is pulled by one fiber at a time, in the context it was made in.
    const pull = yield* Channel.toPullScoped(Stream.toChannel(self), scope)
    const stopped = stop === undefined ? undefined : Effect.as(stop, Exit.interrupt())
    while (true) {
      const exit = yield* (stopped === undefined ? Effect.exit(pull) : Effect.raceFirst(Effect.exit(pull), stopped))
      if (Exit.isFailure(exit)) return { chunks, ended: exit.cause, pull }
      for (const chunk of exit.value) chunks.push(chunk)
      if (exit.value.some(isContent)) return { chunks, ended: undefined, pull }
    }
  }
)

/**
 * What follows the head's items: the rest of its stream as its bare pull (no stage of its own per item); after a head
 * that ended before any content, its failure, or the end.
 */
export const rest = <A, E, R>(head: Head<A, E, R>): Stream.Stream<A, E, R> => {
  const { ended } = head
  const pull = ended === undefined ? head.pull : failed(ended) ? Effect.failCause(ended) : Cause.done()
  // A stream's channel hands on non-empty batches.
  return Stream.fromPull(Effect.succeed(pull as Pull.Pull<Arr.NonEmptyReadonlyArray<A>, E, void, R>))
}

/** Whether the head ended with a failure (not its end, not an interruption): an HTTP error to answer. */
export const failed = <E>(ended: Cause.Cause<E | Cause.Done> | undefined): ended is Cause.Cause<E | Cause.Done> =>
  ended !== undefined && !Pull.isDoneCause(ended) && !Cause.hasInterruptsOnly(ended)

/** Whether the head ended with a failure that `wire` answers with an HTTP error status (every one, by default). */
export const refuses = <A, E>(
  wire: Pick<Wire<A>, "answersFailure">,
  ended: Cause.Cause<E | Cause.Done> | undefined
): ended is Cause.Cause<E | Cause.Done> => failed(ended) && (wire.answersFailure?.(ended) ?? true)

/** The sentence a browser is told of a stream's failure (`redact`'s), if `ended` is one (not its end, nor a stop). */
export const failureText = (ended: Cause.Cause<unknown>, redact: UIRedaction.Redact): string | undefined => {
  if (!failed(ended)) return undefined
  const error = Cause.findErrorOption(ended)
  return Option.isSome(error) ? redact(error.value) : internalError
}

/** The answer to a stream that failed before any content: its text the one the stream sent, else `redact`'s. */
export const errorAnswer = (
  cause: Cause.Cause<unknown>,
  sent: string | undefined,
  redact: UIRedaction.Redact,
  now: number
): UIErrorAnswer.ErrorAnswer => {
  const error = Cause.findErrorOption(cause)
  const text = sent ?? (Option.isSome(error) ? redact(error.value) : internalError)
  return Option.isSome(error) ? UIErrorAnswer.answerOf(error.value, text, now) : UIErrorAnswer.internal(text)
}
