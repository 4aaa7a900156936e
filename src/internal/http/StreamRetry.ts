/**
 * Retrying a stream that failed before it emitted anything: the schedule, the provider's retry hints, and the
 * rule that a retry never repeats or duplicates what the consumer has seen.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type * as ProviderError from "../../ProviderError.js"

/**
 * How `retry` retries.
 */
export interface RetryOptions {
  /**
   * Which failures to retry and how long to wait; it receives each failure as input. Defaults to
   * `defaultRetrySchedule`.
   */
  readonly schedule?: Schedule.Schedule<unknown, ProviderError.ProviderError> | undefined
  /** The longest provider retry hint (`retry-after`) honoured; a longer one fails at once. Default 60 s. */
  readonly maxRetryAfter?: Duration.Input | undefined
}

/**
 * Two retries with jittered exponential backoff from 500 ms, each wait at most 8 s: what the official
 * SDKs do.
 */
export const defaultRetrySchedule: Schedule.Schedule<unknown, ProviderError.ProviderError> = Schedule.max([
  Schedule.exponential("500 millis").pipe(
    Schedule.jittered,
    Schedule.modifyDelay(({ duration }) => Effect.succeed(Duration.min(duration, Duration.seconds(8))))
  ),
  Schedule.recurs(2)
])

const retryAfterOf = (error: ProviderError.ProviderError): Option.Option<Duration.Duration> =>
  error._tag === "RateLimitError" || error._tag === "ProviderUnavailableError" ? error.retryAfter : Option.none()

/** Retries `self` under `options` while it has emitted nothing (see `CallStream.retry`). */
export const retry = <C, R>(
  self: Stream.Stream<C, ProviderError.ProviderError, R>,
  options: RetryOptions = {}
): Stream.Stream<C, ProviderError.ProviderError, R> => {
  const maxRetryAfter = Duration.fromInputUnsafe(options.maxRetryAfter ?? Duration.seconds(60))
  const schedule = (options.schedule ?? defaultRetrySchedule).pipe(
    Schedule.modifyDelay(({ duration, input }: Schedule.Metadata<unknown, ProviderError.ProviderError>) =>
      Effect.succeed(Option.getOrElse(retryAfterOf(input), () => duration))
    )
  )
  return Stream.unwrap(Effect.map(Schedule.toStepWithSleep(schedule), (step) => {
    const attempt: Stream.Stream<C, ProviderError.ProviderError, R> = Stream.suspend(() => {
      let emitted = false
      return self.pipe(
        Stream.mapArray((chunks) => {
          emitted = true
          return chunks
        }),
        Stream.catch((error) => {
          const hint = retryAfterOf(error)
          if (
            emitted || !error.retryable ||
            (Option.isSome(hint) && Duration.isGreaterThan(hint.value, maxRetryAfter))
          ) {
            return Stream.fail(error)
          }
          return Stream.unwrap(Effect.match(step(error), {
            onFailure: () => Stream.fail(error),
            onSuccess: () => attempt
          }))
        })
      )
    })
    return attempt
  }))
}
