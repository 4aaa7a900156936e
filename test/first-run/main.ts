/**
 * A first program, shaped as the README's hello world, for test/core/FirstRun.test.ts:
 * `node main.mjs <runner> <provider>` streams one answer from the provider's `layerModel` (configured from
 * the environment) and runs with the runner named, so that the test reads what a failure prints there.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Fiber, Stream } from "effect"
import { Azure, Bedrock, LanguageModel, Main, OpenAI } from "effect-llm-stream"

const [runner, provider] = process.argv.slice(2)

const models = {
  openai: () => OpenAI.layerModel("gpt-4o-mini"),
  azure: () => Azure.layerModel("gpt-4o-mini"),
  bedrock: () => Bedrock.layerModel("us.amazon.nova-micro-v1:0")
}

const program = LanguageModel.stream("Recommend a fantasy book").pipe(
  Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.content))),
  Effect.provide(models[provider as keyof typeof models]())
)

switch (runner) {
  case "runPromise":
    Effect.runPromise(program)
    break
  case "runMain":
    NodeRuntime.runMain(program)
    break
  case "Main.runMain":
    Main.runMain(program)
    break
  case "runFork": {
    const fiber = Effect.runFork(program)
    Effect.runPromise(Fiber.join(fiber))
    break
  }
}
