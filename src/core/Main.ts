/**
 * Running a program's main Effect, for scripts run with plain `node` or `tsx`: a failure prints its one-line
 * message first (`ConfigurationError: openai: OPENAI_API_KEY is not set: ...`), then where it came from, and
 * sets the exit code; Ctrl-C interrupts the program, running its finalizers.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { LanguageModel, Main, OpenAI } from "effect-llm-stream"
 *
 * LanguageModel.stream("Recommend a fantasy book").pipe(
 *   Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.content))),
 *   Effect.provide(OpenAI.layerModel("gpt-6-luna")),
 *   Main.runMain
 * )
 * ```
 *
 * @since 0.3.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"

/**
 * What a failure prints: the error's line (`Name: message`), then its stack's frames, if any. For a cause
 * without an `Error` (a failure with a plain value, a defect), Effect's rendering of the cause.
 *
 * @since 0.3.0
 * @category Reporting
 */
export const report = (cause: Cause.Cause<unknown>): string => {
  const error = Cause.squash(cause)
  if (!(error instanceof Error)) return Cause.pretty(cause)
  const line = String(error)
  const frames = (error.stack ?? "").split("\n").filter((frame) => /^\s+at /.test(frame))
  return [line, ...frames].join("\n")
}

interface NodeProcess {
  exitCode?: number | string | undefined
  readonly once: (signal: string, listener: () => void) => unknown
  readonly off: (signal: string, listener: () => void) => unknown
}

/**
 * Runs a program: on failure prints `report(cause)` to the console's error output and sets the exit code to 1; on
 * Ctrl-C (SIGINT, SIGTERM) interrupts it, finalizers run, exit code 130.
 *
 * @since 0.3.0
 * @category Running
 */
export const runMain = <A, E>(effect: Effect.Effect<A, E>): void => {
  const fiber = Effect.runFork(effect)
  const process = (globalThis as { readonly process?: NodeProcess }).process
  const keepAlive = setInterval(() => {}, 2_147_483_647)
  const interrupt = () => {
    Effect.runFork(Fiber.interrupt(fiber))
  }
  process?.once("SIGINT", interrupt)
  process?.once("SIGTERM", interrupt)
  fiber.addObserver((exit) => {
    clearInterval(keepAlive)
    process?.off("SIGINT", interrupt)
    process?.off("SIGTERM", interrupt)
    if (Exit.isSuccess(exit)) return
    if (Cause.hasInterruptsOnly(exit.cause)) {
      if (process !== undefined) process.exitCode = 130
      return
    }
    console.error(report(exit.cause))
    if (process !== undefined) process.exitCode = 1
  })
}
