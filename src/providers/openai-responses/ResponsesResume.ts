/**
 * Resuming a dropped Responses API stream. A response created with `background: true` keeps running on the
 * server when its stream drops, and its events can be streamed again from any point
 * (`GET /responses/{id}?stream=true&starting_after={sequence_number}`, see the openai SDK's
 * `responses.retrieve(id, { stream: true, starting_after })`). When the stream fails with a transport error,
 * a truncated body or an idle timeout, it goes on from the last event received: the consumer sees one stream,
 * no event twice and none missing. A response that cannot be resumed (not a background one, no event with a
 * sequence number yet, a 4xx on the resume request: expired, not found) fails with the original error.
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
 * const Model = OpenAIResponses.model("gpt-5", { extraBody: { background: true } }).pipe(
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
    const attempts = context.options.attempts ?? 3
    let background = context.background
    let id: string | undefined
    let last: number | undefined
    let resumed = 0
    // What arrived: the response's id and whether it runs in the background (known from its lifecycle
    // events), and the last sequence number; an event at or before it (sent again) is dropped.
    const track = (stream: Stream.Stream<Chunk, ProviderError.ProviderError, R>) =>
      Stream.filter(stream, (chunk) => {
        const event = chunk.chunk as { readonly sequence_number?: number }
        const response = chunk.response
        if (response !== undefined) {
          id ??= response.id
          // The response says whether it runs in the background; it knows better than the request.
          const runsInBackground = (response as { readonly background?: unknown }).background
          if (typeof runsInBackground === "boolean") background = runsInBackground
        }
        const sequence = event.sequence_number
        if (typeof sequence !== "number") return true
        if (last !== undefined && sequence <= last) return false
        last = sequence
        return true
      })
    const attempt = (
      stream: Stream.Stream<Chunk, ProviderError.ProviderError, R>,
      original: ProviderError.ProviderError | undefined
    ): Stream.Stream<Chunk, ProviderError.ProviderError, R> =>
      Stream.catch(track(stream), (error): Stream.Stream<Chunk, ProviderError.ProviderError, R> => {
        const cause = original ?? error
        // The resume request itself was refused: the response is gone; the original error stands.
        if (original !== undefined && isRefusal(error)) return Stream.fail(original)
        if (!isDrop(error) || !background || id === undefined || last === undefined || resumed >= attempts) {
          return Stream.fail(original !== undefined && !isDrop(error) ? original : error)
        }
        resumed++
        const from = last
        const responseId = id
        return Stream.unwrap(
          Effect.gen(function*() {
            yield* step(error)
            // Visible in the call's span: each resume, after what, and why.
            const span = yield* Effect.option(Effect.currentSpan)
            if (span._tag === "Some") {
              span.value.event("effect_llm_stream.resume", clock.currentTimeNanosUnsafe(), {
                "effect_llm_stream.resume.attempt": resumed,
                "effect_llm_stream.resume.starting_after": from,
                "error.type": error._tag
              })
              span.value.attribute("effect_llm_stream.resumes", resumed)
            }
            return attempt(context.resume(responseId, from), cause)
          }).pipe(Effect.catch(() => Effect.succeed(Stream.fail(cause))))
        )
      })
    return attempt(first, undefined)
  }))
