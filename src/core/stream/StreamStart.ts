/**
 * What only a stream's start needs (the stream an effect makes, a finalizer, a look at the first batches), without
 * a stage that stays in every later pull: `Stream.unwrap` stays in front of the stream it made, an Effect step per
 * pull, and on the serving path every model delta is a pull through each stage.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import * as Channel from "effect/Channel"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"

/**
 * An effect `unwrap` refuses: one that needs a `Scope` takes `unwrapScoped` (unwrapped, it would take whatever scope
 * the stream runs in, and its finalizers would outlive the stream).
 */
export type Unscoped<R> = Scope.Scope extends R ? "an effect that needs a Scope takes StreamStart.unwrapScoped"
  : unknown

/**
 * The stream `effect` makes, made when the stream starts; its pulls are that stream's own. The effect runs as it
 * is, without a scope given (three Effect steps fewer at each start than `unwrapScoped`).
 */
export const unwrap = <A, E, R, E2, R2>(
  effect: Effect.Effect<Stream.Stream<A, E, R>, E2, R2> & Unscoped<R2>
): Stream.Stream<A, E | E2, R2 | R> =>
  Stream.fromChannel(
    Channel.fromTransform((upstream, scope) =>
      Effect.flatMap(effect, (stream) => Channel.toTransform(Stream.toChannel(stream))(upstream, scope))
    )
  )

/** `unwrap` of an effect that adds to the stream's scope: its finalizers run as the stream ends. */
export const unwrapScoped = <A, E, R, E2, R2>(
  effect: Effect.Effect<Stream.Stream<A, E, R>, E2, R2>
): Stream.Stream<A, E | E2, Exclude<R2, Scope.Scope> | R> =>
  Stream.fromChannel(Channel.fromTransform((upstream, scope) =>
    Effect.flatMap(
      Scope.provide(effect, scope),
      (stream) => Channel.toTransform(Stream.toChannel(stream))(upstream, scope)
    )
  )) as Stream.Stream<A, E | E2, Exclude<R2, Scope.Scope> | R>

/** The stream with `finalizer` run as its scope closes, added at its start (`Stream.onExit` wraps every pull). */
export const ensuringWith = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  finalizer: (exit: Exit.Exit<unknown, unknown>) => Effect.Effect<unknown>
): Stream.Stream<A, E, R> =>
  Stream.fromChannel(Channel.fromTransform((upstream, scope) =>
    Effect.andThen(
      Scope.addFinalizerExit(scope, finalizer),
      Channel.toTransform(Stream.toChannel(self))(upstream, scope)
    )
  ))

/**
 * The stream `effect` makes (as `unwrap`), `watch` told each of its batches until it answers `true`: one stage, where
 * `unwrap` and a look at the start would be two.
 */
export const unwrapWatching = <A, E, R, E2, R2>(
  effect: Effect.Effect<Stream.Stream<A, E, R>, E2, R2> & Unscoped<R2>,
  watch: (batch: Arr.NonEmptyReadonlyArray<A>) => boolean
): Stream.Stream<A, E | E2, R2 | R> =>
  Stream.fromChannel(
    Channel.fromTransform((upstream, scope) =>
      Effect.flatMap(effect, (stream) =>
        Effect.map(Channel.toTransform(Stream.toChannel(stream))(upstream, scope), (pull) => {
          let watching = true
          const watched = Effect.map(pull, (batch) => {
            if (watch(batch)) {
              watching = false
            }
            return batch
          })
          return Effect.suspend(() =>
            watching ? watched : pull
          )
        }))
    )
  )
