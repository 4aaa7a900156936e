/**
 * An answer served resumably once its head is known, on the stream reserved for it (`ChatReservation.reserve`, before
 * its model was called): pulled up to its first content in the request, so that a call that fails first is answered
 * with its HTTP status and the reservation given up (nothing stored: `UIResumable.startCreated`); else served from
 * the store.
 *
 * A continuation (an approval or a form answered, a budget question) is stored after the answer it continues, as the
 * chat's stored stream held it, so that a replay (`GET <path>/:id/stream` after a reload) is the whole message. The
 * `ai` client (7.0.173) reads a resumed stream as a replay of the whole message (`DefaultChatTransport`'s
 * `resumeStreamIsReplay`, default `true`: its state reset at the first `start`), so a continuation's chunks alone
 * rebuilt an empty message that failed at their first approval ("No tool invocation found for approval ID") and lost
 * the call and its result from what the page sends next. The request's own response is read after it: the page that
 * sent it holds the message already.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as StreamStore from "../store/StreamStore.js"
import * as SseWriter from "../ui/SseWriter.js"
import type * as UIErrorAnswer from "../ui/UIErrorAnswer.js"
import * as UIHead from "../ui/UIHead.js"
import * as UIRedaction from "../ui/UIRedaction.js"
import * as UIResumable from "../ui/UIResumable.js"

/** What serving an answer came to: the response streaming it, or the failure it was answered with. */
export type Served =
  | { readonly _tag: "Streaming"; readonly response: HttpServerResponse.HttpServerResponse }
  | { readonly _tag: "Refused"; readonly error: unknown; readonly answer: UIErrorAnswer.ErrorAnswer }

/**
 * Serves `self` resumably once its head is in, on the stream reserved under `options.streamId` (`onSettled`: as
 * `UIResumable.resumable`'s), after the `earlier` chunks it holds (the answer it continues, which the response leaves
 * out); a head that fails gives the reservation up; a request gone before it leaves the answer running.
 */
export const serve = Effect.fnUntraced(
  function*<E, R>(
    self: Stream.Stream<UIChunk.Chunk, E, R>,
    options: UIResumable.StartOptions,
    onSettled: (settled: UIResumable.Settled) => Effect.Effect<void>,
    earlier = 0
  ) {
    const redact = yield* UIRedaction.Redaction
    const refused = yield* UIResumable.startCreated(self, options, UIHead.uiWire, UIResumable.uiEndings, onSettled)
    if (refused !== undefined) {
      const { cause, items } = refused
      const error = Cause.findErrorOption(cause)
      const answer = UIHead.errorAnswer(cause, UIHead.sentError(items), redact, yield* Clock.currentTimeMillis)
      return { _tag: "Refused", error: Option.isSome(error) ? error.value : Cause.squash(cause), answer } as const
    }
    const stored = yield* UIResumable.readFromStart(options, earlier)
    return {
      _tag: "Streaming",
      response: yield* SseWriter.serve(stored, UIHead.uiWire, undefined, false)
    } as const
  }
)

/**
 * Appends `chunks` to the chat's new stream: how many it holds before the answer's own. An append refused (a full
 * store) may have kept some: then as many as the stream holds.
 */
export const prependEarlier = (
  chatId: string,
  owner: string | undefined,
  chunks: ReadonlyArray<UIChunk.Chunk>
): Effect.Effect<number> =>
  Effect.flatMap(StreamStore.StreamStore, (store) => {
    if (chunks.length === 0) return Effect.succeed(0)
    const holds = store.tail === undefined ?
      Effect.succeed(0) :
      Effect.map(store.tail(chatId, { owner }), (tail) => tail.count)
    return store.append(chatId, chunks as unknown as ReadonlyArray<StreamStore.StoredChunk>, { owner }).pipe(
      Effect.as(chunks.length),
      Effect.catch(() => Effect.catch(holds, () => Effect.succeed(0)))
    )
  })
