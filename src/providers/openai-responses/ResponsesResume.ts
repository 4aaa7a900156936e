/**
 * Resuming a dropped Responses API stream of a response created with `background: true` (`ResumeOptions`), from the
 * last event received: the openai SDK's `responses.retrieve(id, { stream: true, starting_after })`.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as ResponsesChunk from "./ResponsesChunk.js"

/**
 * Resuming a dropped stream of a response created with `background: true` (`Options.resume`, opt-in): after
 * a transport error, a truncated body or an idle timeout, the stream goes on from the last event received
 * (`GET /responses/{id}?stream=true&starting_after=<sequence_number>`), as one stream with no event twice
 * and none missing, up to `attempts` times (default 3), waiting by `schedule` before each. Each resume is an
 * `effect_llm_stream.resume` event on the call's span. A response that cannot be resumed (not a background
 * one, expired, not found) fails with the original error.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "effect/http"
 * import { OpenAIResponses } from "effect-llm-stream"
 * import { Layer } from "effect"
 *
 * const Model = OpenAIResponses.model("gpt-5.5", { extraBody: { background: true } }).pipe(
 *   Layer.provide(OpenAIResponses.layerConfig({ resume: { attempts: 5 } })),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.3.0
 * @category Models
 */
export interface ResumeOptions {
  /** How many times one call may be resumed (default 3). */
  readonly attempts?: number | undefined
  /** The wait before each resume (default: jittered exponential from 250 ms, each at most 4 s). */
  readonly schedule?: Schedule.Schedule<unknown, ProviderError.ProviderError> | undefined
}

const defaultSchedule: Schedule.Schedule<unknown, ProviderError.ProviderError> = Schedule.exponential("250 millis")
  .pipe(
    Schedule.jittered,
    Schedule.modifyDelay(({ duration }) => Effect.succeed(Duration.min(duration, Duration.seconds(4))))
  )

/** The failures a stream is resumed after: the connection, not the response, went wrong. */
const isDrop = (error: ProviderError.ProviderError): boolean =>
  error._tag === "TransportError" || error._tag === "TruncatedStreamError"

/** A resume request the server answered with a 4xx: the response cannot be streamed again. */
const isRefusal = (error: ProviderError.ProviderError): boolean =>
  error._tag === "InvalidRequestError" || error._tag === "AuthenticationError" ||
  (error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 408 &&
    error.status !== 429)

type Chunk = ResponsesChunk.OpenAIResponsesCallResponseChunk

/**
 * What one call's stream has received: the response's id and whether it runs in the background (known from
 * its lifecycle events), the last sequence number, and how many times it was resumed.
 */
class Received {
  id: string | undefined = undefined
  last: number | undefined = undefined
  resumed = 0
  background: boolean
  constructor(background: boolean) {
    this.background = background
  }

  /** Notes a chunk; `false` for an event at or before the last one received (sent again), which is dropped. */
  keep(chunk: Chunk): boolean {
    const response = chunk.response
    if (response !== undefined) {
      this.id ??= response.id
      // The response says whether it runs in the background; it knows better than the request.
      const runsInBackground = (response as { readonly background?: unknown }).background
      if (typeof runsInBackground === "boolean") this.background = runsInBackground
    }
    const sequence = (chunk.chunk as { readonly sequence_number?: number }).sequence_number
    if (typeof sequence !== "number") return true
    if (this.last !== undefined && sequence <= this.last) return false
    this.last = sequence
    return true
  }
}

/**
 * The error the stream fails with instead of resuming, or `undefined` to resume: a resume request that was
 * refused (the response is gone) or a failure that is not a drop keeps the original error.
 */
const failure = (
  received: Received,
  attempts: number,
  error: ProviderError.ProviderError,
  original: ProviderError.ProviderError | undefined
): ProviderError.ProviderError | undefined => {
  if (original !== undefined && isRefusal(error)) return original
  if (
    !isDrop(error) || !received.background || received.id === undefined || received.last === undefined ||
    received.resumed >= attempts
  ) return original !== undefined && !isDrop(error) ? original : error
  return undefined
}

/** Records a resume on the call's span: which attempt, after what, and why. */
const recordResume = (clock: Clock.Clock, attempt: number, after: number, error: ProviderError.ProviderError) =>
  Effect.map(Effect.option(Effect.currentSpan), (span) => {
    if (span._tag === "None") return
    span.value.event("effect_llm_stream.resume", clock.currentTimeNanosUnsafe(), {
      "effect_llm_stream.resume.attempt": attempt,
      "effect_llm_stream.resume.starting_after": after,
      "error.type": error._tag
    })
    span.value.attribute("effect_llm_stream.resumes", attempt)
  })

/** The chunks of `first`, resumed with `resume(id, after)` each time it drops (see the module). */
export const resumable = <R>(
  first: Stream.Stream<Chunk, ProviderError.ProviderError, R>,
  context: {
    /** Whether the request asked for a background response. */
    readonly background: boolean
    readonly options: ResumeOptions
    readonly resume: (id: string, after: number) => Stream.Stream<Chunk, ProviderError.ProviderError, R>
  }
): Stream.Stream<Chunk, ProviderError.ProviderError, R> =>
  Stream.unwrap(Effect.gen(function*() {
    const step = yield* Schedule.toStepWithSleep(context.options.schedule ?? defaultSchedule)
    const clock = yield* Clock.Clock
    // A resume is a request of the call's, made after its first chunks: it runs in the context the call started in
    // (its span, which the call's later pulls no longer run under: `StreamEnding.Observer.around`).
    const started = yield* Effect.context<R>()
    const attempts = context.options.attempts ?? 3
    const received = new Received(context.background)
    const attempt = (
      stream: Stream.Stream<Chunk, ProviderError.ProviderError, R>,
      original: ProviderError.ProviderError | undefined
    ): Stream.Stream<Chunk, ProviderError.ProviderError, R> =>
      Stream.catch(
        Stream.filter(stream, (chunk) => received.keep(chunk)),
        (error): Stream.Stream<Chunk, ProviderError.ProviderError, R> => {
          const cause = original ?? error
          const failed = failure(received, attempts, error, original)
          if (failed !== undefined) return Stream.fail(failed)
          received.resumed++
          const from = received.last!
          const responseId = received.id!
          return Stream.unwrap(
            Effect.gen(function*() {
              yield* step(error)
              yield* recordResume(clock, received.resumed, from, error)
              return attempt(context.resume(responseId, from), cause)
            }).pipe(Effect.catch(() => Effect.succeed(Stream.fail(cause))))
          ).pipe(Stream.provideContext(started))
        }
      )
    return attempt(first, undefined)
  }))
