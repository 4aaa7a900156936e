/**
 * Services given to every pull of a stream without a new context per pull.
 *
 * `Effect.provideService` (and `Stream.provideService`, which runs it on every pull) copies the context it runs in to
 * add the service: on the serving path every model delta is a pull, so every delta paid a copy of every service the
 * server holds. Here the new context is made once per context the effect runs in: a stream's pulls run in one
 * context, so they share one.
 *
 * @internal
 */
import * as Channel from "effect/Channel"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

/**
 * Runs effects in the context `f` makes of the one they run in, made once per context given; a context that `f`
 * returns unchanged is run in as it is.
 */
export const updating = (
  f: (context: Context.Context<never>) => Context.Context<never>
): <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R> => {
  let given: Context.Context<never> | undefined
  let made: Context.Context<never> | undefined
  const update = (context: Context.Context<never>): Context.Context<never> => {
    if (context !== given) {
      given = context
      made = f(context)
    }
    return made!
  }
  return (effect) => Effect.updateContext(effect, update as (context: Context.Context<never>) => Context.Context<any>)
}

/** The stream with `service` under `key` in every pull, as `Stream.provideService` gives it. */
export const provideService = <A, E, R, I, S>(
  self: Stream.Stream<A, E, R>,
  key: Context.Key<I, S>,
  service: NoInfer<S>
): Stream.Stream<A, E, Exclude<R, I>> =>
  Stream.fromChannel(Channel.fromTransform((upstream, scope) => {
    const provided = updating((context) => Context.add(context, key, service))
    return Effect.map(provided(Channel.toTransform(Stream.toChannel(self))(upstream, scope)), provided)
  })) as Stream.Stream<A, E, Exclude<R, I>>
