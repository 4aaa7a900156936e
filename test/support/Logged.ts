/** What a test's effect logs, as text: every level, one line per entry (`<level> <message> <cause>`). */
import { Cause, Effect, Logger, References } from "effect"

/** Runs `effect`, giving its value and everything it logged. */
export const logged = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const lines: Array<string> = []
    const logger = Logger.make(({ cause, logLevel, message }) => {
      lines.push(`${logLevel} ${[message].flat().map(String).join(" ")} ${Cause.pretty(cause)}`)
    })
    const result = yield* effect.pipe(
      Effect.provide(Logger.layer([logger])),
      Effect.provideService(References.MinimumLogLevel, "All")
    )
    return [result, lines.join("\n")] as const
  })
