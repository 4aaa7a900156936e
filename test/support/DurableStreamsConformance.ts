/**
 * The official Durable Streams conformance suite (`@durable-streams/server-conformance-tests`) against
 * `DurableStreams.layer` with writes enabled, served by `serveNode` over a store: the tests not passed yet skipped by
 * name (`notYet`), each group with why; the same list for every store, so a store that passes less shows it.
 */
import { runConformanceTests } from "@durable-streams/server-conformance-tests"
import { Effect, Fiber } from "effect"
import type { Layer } from "effect"
import { DurableStreams } from "effect-llm-stream"
import { afterAll, beforeEach, describe } from "vitest"

/**
 * The suite's tests not passed yet (by name), each group with why: none now (its 6 of webhook subscriptions skip
 * themselves).
 */
export const notYet: ReadonlyArray<readonly [reason: string, tests: ReadonlyArray<string>]> = []

const skipped = new Map(notYet.flatMap(([reason, tests]) => tests.map((test) => [test, reason] as const)))

/** How long a long-poll waits, in the suite and on the server. */
export const longPollTimeoutMs = 2000

/** The URL of `DurableStreams.layer` served on a free port over the store `store` builds, for the file's tests. */
export const serve = <E>(store: Layer.Layer<never, E>): Promise<string> =>
  new Promise<string>((resolve, reject) => {
    const fiber = Effect.runFork(
      DurableStreams.serveNode(
        DurableStreams.layer({
          owner: () => Effect.succeed("conformance"),
          writes: { prefix: "" },
          longPollTimeout: longPollTimeoutMs,
          log: false
        }),
        { port: 0, onListen: (url) => Effect.sync(() => resolve(url)) }
      ).pipe(Effect.provide(store), Effect.tapCause((cause) => Effect.sync(() => reject(cause))))
    )
    afterAll(() => Effect.runPromise(Fiber.interrupt(fiber)))
  })

/** The suite against the server at `url`, under `name`, the tests of `notYet` skipped with their reason. */
export const conformance = (name: string, url: string): void => {
  // The suite's expiry tests read a stream made with a 2 s TTL at 1.5 s: on a loaded machine (the full test run) a
  // timer can fire 500 ms late, so each test has two more tries; a server that breaks a rule fails all three.
  describe(name, { retry: 2 }, () => {
    beforeEach((context) => {
      const reason = skipped.get(context.task.name)
      if (reason !== undefined) context.skip(reason)
    })
    runConformanceTests({ baseUrl: url, longPollTimeoutMs })
  })
}
