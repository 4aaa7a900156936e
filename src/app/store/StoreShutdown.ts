/**
 * How a store's layer closing (the server shutting down: its runtime disposed, `serveNode` interrupted by SIGTERM, a
 * Web handler's `dispose`) ends the answers running into the store. Each is told its stop, as a stop asked through
 * the store tells it (`StopHeard`): its run is interrupted and its stored stream ended, with the ending of a converter
 * that took the stop, its sums as they stand (what a call the shutdown cut short spent). Each is given `grace` to store
 * that ending, then interrupted again, and given `grace` once more. The store's layers (`layerMemory`, `layerRedis`,
 * `layerDurableStreams`) close their answers so before their connections; a store provided otherwise leaves its
 * answers running, as before.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import type * as Scope from "effect/Scope"

/** An answer running into a store: how it is told the shutdown (its stop from within), and the fiber running it. */
export interface Answer {
  readonly shutDown: () => void
  readonly fiber: Fiber.Fiber<unknown, unknown>
}

/** The answers running into a store of a layer: `add` holds one until the function it gives is called. */
export interface Answers {
  readonly add: (answer: Answer) => () => void
}

/** The answers running into the store in context, ended as its layer closes; none outside a store's layer. */
export const Running: Context.Reference<Answers | undefined> = /* @__PURE__ */ Context.Reference<
  Answers | undefined
>("effect-llm-stream/StoreShutdown/Running", { defaultValue: () => undefined })

/**
 * How long an answer told the shutdown has to store its ending, then how long an interrupted one has to store the
 * store's: the ending is one append and the stream's end, each one round trip to Redis or a Durable Streams server
 * (milliseconds in one region), and a server going away must not wait on a store that does not answer.
 */
export const grace: Duration.Duration = /* @__PURE__ */ Duration.millis(500)

/** Tells `answer` the shutdown, gives it `grace` to end itself, then interrupts it, waiting `grace` at most. */
const end = (answer: Answer): Effect.Effect<void> => {
  answer.shutDown()
  return Effect.andThen(
    Effect.ignore(Effect.timeout(Fiber.await(answer.fiber), grace)),
    Effect.ignore(Effect.timeout(Fiber.interrupt(answer.fiber), grace))
  )
}

/** The answers of a store's layer, each ended as the scope closes (its finalizer runs before those added earlier). */
export const make: Effect.Effect<Answers, never, Scope.Scope> = Effect.gen(function*() {
  const answers = new Set<Answer>()
  let closing = false
  yield* Effect.addFinalizer(() =>
    Effect.suspend(() => {
      closing = true
      return Effect.forEach([...answers], end, { concurrency: "unbounded", discard: true })
    })
  )
  return {
    add: (answer) => {
      // Started as its layer closes: ended at once, as the others are.
      if (closing) Effect.runFork(end(answer))
      else answers.add(answer)
      return () => answers.delete(answer)
    }
  }
})

/**
 * Runs `self` (an answer's generation, in the fiber it runs in) held by the store's layer in context, if any:
 * `shutDown` tells it the layer closes.
 */
export const held = <A, E, R>(self: Effect.Effect<A, E, R>, shutDown: () => void): Effect.Effect<A, E, R> =>
  Effect.flatMap(Running, (answers) =>
    answers === undefined ? self : Effect.withFiber((fiber) => {
      const release = answers.add({ shutDown, fiber })
      return Effect.ensuring(self, Effect.sync(release))
    }))
