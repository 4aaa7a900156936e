/**
 * The tool `deploy` for the tests that send a message into a running answer: its handler says it `started`, then
 * holds the step until `release`, and answers `"done"`.
 */
import { Deferred, Effect, Schema } from "effect"
import { Tool } from "effect-llm-stream"

/** The held `deploy` tool, and the deferreds that tell it started and let it go on. */
export const heldDeploy = Effect.gen(function*() {
  const started = yield* Deferred.make<void>()
  const release = yield* Deferred.make<void>()
  const deploy = Tool.handle(
    Tool.make("deploy", { parameters: Schema.Struct({ target: Schema.String }) }),
    () => Deferred.succeed(started, undefined).pipe(Effect.andThen(Deferred.await(release)), Effect.as("done"))
  )
  return { deploy, release, started }
})
