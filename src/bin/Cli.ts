#!/usr/bin/env node
/**
 * `npx effect-llm-stream replay [--port 8790] [--delay 20]`: serves the real recordings the package ships on
 * 127.0.0.1, one event every `--delay` milliseconds (as a model streams), and prints the environment that
 * points each provider's `layerConfig` and `layerModel` at them. Until Ctrl-C.
 */
import * as Effect from "effect/Effect"
import * as ReplayServer from "../ReplayServer.js"
import * as ReplaySamples from "../testkit/ReplaySamples.js"

const usage = `usage: npx effect-llm-stream replay [--port <port>] [--delay <milliseconds between events>]
  serves real recorded answers of each provider on 127.0.0.1 (default port 8790, delay ${ReplaySamples.defaultDelayMs} ms)`

const fail = (message: string): never => {
  process.stderr.write(`effect-llm-stream: ${message}\n`)
  process.exit(1)
}

const option = (args: ReadonlyArray<string>, name: string, fallback: number): number => {
  const index = args.indexOf(name)
  if (index === -1) return fallback
  const value = Number(args[index + 1])
  return Number.isInteger(value) && value >= 0 ? value : fail(`${name} takes a whole number\n${usage}`)
}

/** The lines that say what is served: the variables to set, then what each recording answered. */
const banner = (origin: string, environment: Readonly<Record<string, string>>): string =>
  [
    `effect-llm-stream replay: real recorded answers on ${origin} (Ctrl-C stops it). In another shell, set:`,
    "",
    ...Object.entries(environment).map(([name, value]) => `export ${name}=${value}`),
    "",
    "then run your program: every call streams a real recording, whatever it asks. The prompts they answered:",
    ...Object.values(ReplayServer.samples).map((sample) => `  ${sample.name}: ${sample.prompt}`),
    ""
  ].join("\n")

const replay = (args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const port = option(args, "--port", 8790)
    const delayMs = option(args, "--delay", ReplaySamples.defaultDelayMs)
    const server = yield* ReplayServer.listen(port)
    process.stdout.write(`${banner(server.origin, ReplayServer.serveSamples(server, { delayMs }))}\n`)
    return yield* Effect.never
  }).pipe(Effect.scoped)

const [command, ...args] = process.argv.slice(2)
if (command !== "replay") fail(command === undefined ? usage : `unknown command "${command}"\n${usage}`)
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(0))
Effect.runPromise(replay(args)).catch((error: NodeJS.ErrnoException) =>
  fail(`replay: ${error.message}${error.code === "EADDRINUSE" ? " (another port: --port <port>)" : ""}`)
)
