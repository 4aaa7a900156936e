/**
 * Streams made by an effect when they start, finalizers added when they start, and a look at their first batches:
 * what only a stream's start needs, without a stage that stays in every later pull.
 *
 * `Stream.unwrap` runs its effect on the stream's first pull and stays in front of the stream it made: every
 * later pull goes through it (one Effect step, and a call, per pull). On the serving path every model delta is a
 * pull through each stage, so the stages that only pick a service or a table from the context start the stream
 * with `unwrap` here instead: its effect runs as the stream starts (with the stream's scope), and the stream's
 * pulls are the made stream's own. A failure of the effect is the stream's failure, as with `Stream.unwrap`.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import * as Channel from "effect/Channel"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"

/** The stream `effect` makes, made when the stream starts; its pulls are that stream's own. */
export const unwrap = <A, E, R, E2, R2>(
  effect: Effect.Effect<Stream.Stream<A, E, R>, E2, R2>
): Stream.Stream<A, E | E2, Exclude<R2, Scope.Scope> | R> =>
  Stream.fromChannel(Channel.fromTransform((upstream, scope) =>
    Effect.flatMap(
      Scope.provide(effect, scope),
      (stream) => Channel.toTransform(Stream.toChannel(stream))(upstream, scope)
    )
  )) as Stream.Stream<A, E | E2, Exclude<R2, Scope.Scope> | R>

/**
 * The stream, with `finalizer` run with how its run ended (its end, its failure, its interruption) when the stream's
 * scope closes; added as the stream starts. `Stream.onExit` is a stage of its own that wraps every pull (four Effect
 * steps a pull); here the pulls are the stream's own. Inside another stream (`Stream.concat`, `Stream.flatMap`) the
 * scope is the one that stream gives it: closed at its end, or after a failure with the whole run's.
 */
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
 * The stream, with `watch` told each batch until it answers `true` (it has seen what it waited for: the first
 * chunk, the first content); the pulls after that are the stream's own behind one Effect step. For what only a
 * stream's start needs: a `Stream.mapArray` stage costs two steps a pull for as long as the stream lasts.
 */
export const watchStart = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  watch: (batch: Arr.NonEmptyReadonlyArray<A>) => boolean
): Stream.Stream<A, E, R> =>
  Stream.transformPull(self, (pull) =>
    Effect.sync(() => {
      let watching = true
      const watched = Effect.map(pull, (batch) => {
        if (watch(batch)) watching = false
        return batch
      })
      return Effect.suspend(() => watching ? watched : pull)
    }))
