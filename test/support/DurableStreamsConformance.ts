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

/** The suite's tests not passed yet (by name), each group with why. */
export const notYet: ReadonlyArray<readonly [reason: string, tests: ReadonlyArray<string>]> = [
  ["forks (Stream-Forked-From, Stream-Fork-Offset): the store has no fork of a stream", [
    "rejected fork (content-type mismatch) does not leak a source reference",
    "should accept JSON sub-offset equal to flattened message count",
    "should accept binary sub-offset equal to message length",
    "should allow fork TTL longer than source TTL (no capping)",
    "should allow fork to outlive source via TTL renewal",
    "should allow sub-offset fork creation from a closed source stream",
    "should append at each level independently",
    "should append initial body after the materialized sub-offset prefix",
    "should append to a fork",
    "should append to source after fork \u2014 source independent",
    "should block re-creation of soft-deleted source (PUT returns 409)",
    "should cascade GC through three levels",
    "should cascade GC when last fork is deleted",
    "should compose sub-offsets across chained forks",
    "should delete fork without affecting source",
    "should expire fork based on TTL (releases refcount)",
    "should expire source with living forks (source goes 410)",
    "should fork a JSON stream",
    "should fork at a JSON sub-offset within a flattened batch",
    "should fork at a binary sub-offset anchored mid-stream",
    "should fork at a binary sub-offset within an append",
    "should fork at a specific offset",
    "should fork at every offset position",
    "should fork at head offset (all source data inherited)",
    "should fork at mid-point of inherited data",
    "should fork inheriting content-type when header omitted",
    "should handle fork then immediately delete source",
    "should handle long-poll handover at fork offset",
    "should handle many forks of same stream (10 forks)",
    "should inherit content-type when sub-offset is supplied without explicit Content-Type",
    "should inherit source TTL value when none specified",
    "should not inherit producer state across binary sub-offset fork boundary",
    "should not inherit producer state across sub-offset fork boundary",
    "should not show source appends after fork",
    "should preserve data when deleting middle of chain",
    "should read across fork boundary",
    "should read correctly across three levels",
    "should read entire fork (source + fork data)",
    "should read forked JSON across boundary",
    "should read only fork's own data (starting past fork offset)",
    "should read only inherited portion",
    "should return 400 for malformed sub-offset values",
    "should return 400 when JSON sub-offset overshoots message count",
    "should return 400 when Stream-Fork-Sub-Offset is supplied without Stream-Forked-From (even when value is 0)",
    "should return 400 when binary sub-offset overshoots message length",
    "should return 400 when forking at offset beyond stream length",
    "should return 400 when sub-offset > 0 is supplied without Stream-Fork-Offset",
    "should return 400 when sub-offset is supplied on an empty source stream",
    "should return 404 when forking a nonexistent stream",
    "should return 409 for fork from soft-deleted source",
    "should return 409 for fork with content-type mismatch",
    "should return 409 when re-creating a JSON fork with mismatched sub-offset",
    "should return 409 when re-creating with mismatched sub-offset",
    "should return 410 for DELETE on soft-deleted source",
    "should return 410 for GET on soft-deleted source",
    "should return 410 for POST on soft-deleted source",
    "should return inherited data immediately on long-poll",
    "should soft-delete source while fork exists \u2014 fork still reads",
    "should stream fork data via SSE",
    "should support appending to fork after sub-offset boundary",
    "should support idempotent producer on fork",
    "should use fork's own TTL when specified"
  ]]
]

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
  describe(name, () => {
    beforeEach((context) => {
      const reason = skipped.get(context.task.name)
      if (reason !== undefined) context.skip(reason)
    })
    runConformanceTests({ baseUrl: url, longPollTimeoutMs })
  })
}
