/**
 * Continuing a stream that failed before it delivered content, with a retry or a fallback model: the consumer never
 * sees a chunk of a failed attempt.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import type * as ProviderError from "../ProviderError.js"
import * as Transducer from "../stream/Transducer.js"

/**
 * How `retry` retries.
 *
 * @since 0.1.0
 * @category Models
 */
export interface RetryOptions {
  /** Which failures to retry and how long to wait (each failure is its input); `defaultRetrySchedule` by default. */
  readonly schedule?: Schedule.Schedule<unknown, ProviderError.ProviderError> | undefined
  /** The longest provider retry hint (`retry-after`) honoured; a longer one fails at once. Default 60 s. */
  readonly maxRetryAfter?: Duration.Input | undefined
}

/** Two retries with jittered exponential backoff from 500 ms, each wait at most 8 s: what the official SDKs do. */
export const defaultRetrySchedule: Schedule.Schedule<unknown, ProviderError.ProviderError> = Schedule.max([
  Schedule.exponential("500 millis").pipe(
    Schedule.jittered,
    Schedule.modifyDelay(({ duration }) => Effect.succeed(Duration.min(duration, Duration.seconds(8))))
  ),
  Schedule.recurs(2)
])

const retryAfterOf = (error: ProviderError.ProviderError): Option.Option<Duration.Duration> =>
  error._tag === "RateLimitError" || error._tag === "ProviderUnavailableError" ? error.retryAfter : Option.none()

/** Events that tell nothing the consumer could act on twice: a chunk made only of these may be held back. */
const heldEvents: ReadonlySet<string> = new Set(["Metadata", "UsageReported", "BlockUpdate"])

/**
 * Whether an element carries content: text, reasoning, a tool call, a finish. Chunks that only name the
 * response, report usage or open a block do not (Anthropic's `message_start`, Bedrock's `messageStart`);
 * an element that is not a chunk always does.
 */
export const carriesContent = (element: unknown): boolean => {
  const events = (element as { readonly events?: ReadonlyArray<{ readonly _tag: string }> } | null)?.events
  if (!Array.isArray(events)) return true
  for (const event of events) {
    if (!heldEvents.has(event._tag)) return true
  }
  return false
}

/**
 * The most chunks held back before the first that carries content: a server sending metadata or usage without end
 * (until `timeouts.firstContent`, 10 minutes by default) would otherwise have them all held, hundreds of MB. Past it
 * they go on, as without a retry, and the stream has delivered: a real answer holds a few before its content.
 */
const maxHeld = 1_024

/**
 * Holds back the chunks of `self` that carry no content until the first one that does (or the end, or `maxHeld` of
 * them); while nothing was delivered, a failure goes to `recover`, which gives the stream to continue with, or
 * `undefined` to fail.
 */
export const recoverBeforeContent = <C, E, R, R2>(
  self: Stream.Stream<C, E, R>,
  recover: (error: E) => Stream.Stream<C, E, R2> | undefined
): Stream.Stream<C, E, R | R2> =>
  Stream.suspend(() => {
    let delivered = false
    const held = Transducer.transduce<C, C, never>(() => {
      let pending: Array<C> = []
      return {
        push: (chunks) => {
          if (delivered) return { out: chunks as unknown as Array<C>, next: "continue" }
          for (const chunk of chunks) {
            pending.push(chunk)
            if (!delivered && (carriesContent(chunk) || pending.length > maxHeld)) delivered = true
          }
          if (!delivered) return { out: [], next: "continue" }
          const out = pending
          pending = []
          return { out, next: "continue" }
        },
        end: () => {
          const out = pending
          pending = []
          return { out, next: "done" }
        }
      }
    })(self)
    return Stream.catch(held, (error) => (delivered ? undefined : recover(error)) ?? Stream.fail(error))
  })

/**
 * Retries `self` under `options` while it has delivered no content (see `CallStream.retry`): the chunks of a
 * failed attempt are never seen downstream.
 */
export const retry = <C, R>(
  self: Stream.Stream<C, ProviderError.ProviderError, R>,
  options: RetryOptions = {}
): Stream.Stream<C, ProviderError.ProviderError, R> => {
  const maxRetryAfter = Duration.fromInputUnsafe(options.maxRetryAfter ?? Duration.seconds(60))
  // A hint of no wait (`retry-after: 0`, a date past) leaves the schedule's wait: the server answered 429 or 503.
  // (openai-node, src/client.ts `retryRequest`, backs off on a negative hint but retries at once on 0.)
  const schedule = (options.schedule ?? defaultRetrySchedule).pipe(
    Schedule.modifyDelay(({ duration, input }: Schedule.Metadata<unknown, ProviderError.ProviderError>) =>
      Effect.succeed(
        Option.getOrElse(Option.filter(retryAfterOf(input), (hint) => Duration.toMillis(hint) > 0), () => duration)
      )
    )
  )
  return Stream.unwrap(Effect.map(Schedule.toStepWithSleep(schedule), (step) => {
    const attempt: Stream.Stream<C, ProviderError.ProviderError, R> = recoverBeforeContent(self, (error) => {
      const hint = retryAfterOf(error)
      if (!error.retryable || (Option.isSome(hint) && Duration.isGreaterThan(hint.value, maxRetryAfter))) {
        return undefined
      }
      return Stream.unwrap(Effect.match(step(error), {
        onFailure: () => Stream.fail(error),
        onSuccess: () => attempt
      }))
    })
    return attempt
  }))
}
