/**
 * An answer served resumably once its head is known: pulled up to its first content in the request, so that a call
 * that fails first is answered with its HTTP status and nothing is stored; then handed to `resumable` and served from
 * the store. A store that refuses stops the generation and is answered with its status. An answer `replacing` one
 * whose stop was asked waits for its end (up to `replaceMillis`) before it is stored under the same id.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as StreamStart from "../../core/stream/StreamStart.js"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as StreamStore from "../store/StreamStore.js"
import * as SseWriter from "../ui/SseWriter.js"
import * as UIErrorAnswer from "../ui/UIErrorAnswer.js"
import * as UIHead from "../ui/UIHead.js"
import * as UIRedaction from "../ui/UIRedaction.js"
import * as UIResumable from "../ui/UIResumable.js"

/** What serving an answer came to: the response streaming it, or the failure it was answered with. */
export type Served =
  | { readonly _tag: "Streaming"; readonly response: HttpServerResponse.HttpServerResponse }
  | { readonly _tag: "Refused"; readonly error: unknown; readonly answer: UIErrorAnswer.ErrorAnswer }

/** How long an answer waits for the one it replaces, stopped, to end: 10 s (a stop takes effect within a second). */
export const replaceMillis = 10_000

/**
 * While the stream under the id is still open: its stop was asked, its end is awaited (the store has no verb for it).
 */
const stillOpen = (error: unknown) => error instanceof StreamStore.StreamStoreError && error.reason === "AlreadyExists"

/**
 * Serves `self` resumably once its head is in (`onSettled`, `stopped`: as `UIResumable.resumable`'s); `replacing`:
 * an answer under the same id was asked to stop, and is waited for.
 */
export const serve = Effect.fnUntraced(
  function*<E, R>(
    self: Stream.Stream<UIChunk.Chunk, E, R>,
    options: UIResumable.ResumableOptions,
    onSettled: (settled: UIResumable.Settled) => Effect.Effect<void>,
    stopped?: () => unknown,
    replacing = false
  ) {
    const redact = yield* UIRedaction.Redaction
    const refused = (error: unknown, answer: UIErrorAnswer.ErrorAnswer) => ({ _tag: "Refused", error, answer } as const)
    // The stream's pull lives in this scope, closed by the generation when it ends.
    const scope = Scope.makeUnsafe()
    const head = yield* UIHead.pullHead(self, scope, UIHead.isContent)
    const { chunks, ended } = head
    if (UIHead.failed(ended)) {
      yield* Scope.close(scope, Exit.failCause(ended))
      const error = Cause.findErrorOption(ended)
      const answer = UIHead.errorAnswer(ended, UIHead.sentError(chunks), redact, yield* Clock.currentTimeMillis)
      return refused(Option.isSome(error) ? error.value : Cause.squash(ended), answer)
    }
    const whole = StreamStart.ensuringWith(UIHead.whole(head), (exit) => Scope.close(scope, exit))
    // A refused start runs nothing of `whole`: it is tried again while the answer it replaces ends.
    const start = UIResumable.resumable(
      whole,
      options,
      (settled) => Effect.andThen(Scope.close(scope, Exit.void), onSettled(settled)),
      stopped
    )
    const stored = yield* Effect.result(
      replacing
        ? Effect.retry(start, {
          while: stillOpen,
          schedule: Schedule.spaced("50 millis"),
          times: replaceMillis / 50
        })
        : start
    )
    if (Result.isFailure(stored)) {
      yield* Scope.close(scope, Exit.interrupt())
      const error = stored.failure
      return refused(error, UIErrorAnswer.answerOf(error, redact(error), yield* Clock.currentTimeMillis))
    }
    return {
      _tag: "Streaming",
      response: yield* SseWriter.serve(stored.success, UIHead.uiWire, undefined, false)
    } as const
  }
)
