/**
 * Services given to every pull of a stream without a new context per pull: `Stream.provideService` copies the
 * context on every pull (every model delta, on the serving path); here it is made once per context the pulls run in.
 *
 * @internal
 */
import * as Channel from "effect/Channel"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

/** Runs effects in the context `f` makes of theirs, made once per context given. */
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

/** The stream with every pull run in the context `f` makes of its own (made once per context given). */
export const updatingStream = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  f: (context: Context.Context<never>) => Context.Context<never>
): Stream.Stream<A, E, R> =>
  Stream.fromChannel(Channel.fromTransform((upstream, scope) => {
    const provided = updating(f)
    return Effect.map(provided(Channel.toTransform(Stream.toChannel(self))(upstream, scope)), provided)
  }))

/** The stream with `service` under `key` in every pull, as `Stream.provideService` gives it. */
export const provideService = <A, E, R, I, S>(
  self: Stream.Stream<A, E, R>,
  key: Context.Key<I, S>,
  service: NoInfer<S>
): Stream.Stream<A, E, Exclude<R, I>> =>
  updatingStream(self, (context) => Context.add(context, key, service)) as Stream.Stream<A, E, Exclude<R, I>>
