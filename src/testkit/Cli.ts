#!/usr/bin/env node
/**
 * `npx effect-llm-stream chat [--port 3000] [--budget 0.05] [--ask-at 0.5] [--delay 50]`: a complete chat page on
 * `ChatEndpoint` (see `ChatCommand`), offline unless a provider's key is set.
 *
 * `npx effect-llm-stream replay [--port 8790] [--delay 20] [--script turns.json | --auto]`: serves, on 127.0.0.1,
 * the real recordings the package ships (by default), the turns of a script (`--script`), or answers made from
 * each request (`--auto`), in each provider's wire format, one event every `--delay` milliseconds (as a model
 * streams); prints the environment that points each provider's `layerConfig` and `layerModel` at it. Until
 * Ctrl-C. It keeps nothing of the requests it answers, and refuses bodies over 32 MiB.
 */
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import * as ReplaySamples from "./ReplaySamples.js"
import * as ReplayServer from "./ReplayServer.js"
import * as ScriptTurns from "./ScriptTurns.js"

const maxRequestBytes = 32 * 1024 * 1024

const usage = `usage: npx effect-llm-stream replay [--port <port>] [--delay <ms>] [--script <turns.json> | --auto]

Serves, on 127.0.0.1, answers in each provider's streaming API (OpenAI Chat Completions and Responses, Anthropic,
Groq, Azure, Bedrock, Google Gemini, and each OpenAI-compatible host by name: DEEPSEEK_BASE_URL, OLLAMA_BASE_URL,
...), and prints the environment that points your program at them.

  (no option)      real recorded answers, one per API, whatever the request asks
  --script <file>  the turns of a JSON script, the n-th request the n-th turn (starting over after the last):
                   text, reasoning, tool calls, JSON answers, usage, errors, cut streams (see the README,
                   "Try it without a key")
  --auto           answers made from each request: a call of one of its tools (arguments valid for its
                   JSON Schema), then text quoting the tool's result; a value valid for its output schema
  --port <port>    the port (default 8790; 0: any free port)
  --delay <ms>     milliseconds between events (default ${ReplaySamples.defaultDelayMs})
  --help           this text

It keeps nothing of the requests it answers, and answers a body over 32 MiB with 413.`

/** The pace of the chat's offline answers: a word every 50 ms, slow enough to watch one grow, stop it or reload. */
const chatDelayMs = 50

const chatUsage =
  `usage: npx effect-llm-stream chat [--port <port>] [--budget <usd>] [--ask-at <fraction>] [--delay <ms>]

Serves a chat page on 127.0.0.1 (Ctrl-C stops it): send, stop, a reload that keeps the conversation and resumes the
answer, a tool that asks before it runs, each answer's model and cost, a model picker. With OPENAI_API_KEY or
ANTHROPIC_API_KEY set it calls that provider (each key set, one model of the picker); without, two offline models
answer from the request, word by word.

  --port <port>         the port (default 3000; 0: any free port)
  --budget <usd>        the most one answer (all its steps) may cost, in dollars ("0.05"); an answer it cuts says so
  --ask-at <fraction>   with --budget: past this part of it (0.5), the user is asked whether to go on
  --delay <ms>          milliseconds between two words of an offline answer (default ${chatDelayMs})
  --help                this text`

const fail = (message: string): never => {
  process.stderr.write(`effect-llm-stream: ${message}\n`)
  process.exit(1)
}

const known: ReadonlySet<string> = new Set(["--port", "--delay", "--script", "--auto", "--help", "-h"])

const option = (args: ReadonlyArray<string>, name: string): string | undefined => {
  const index = args.indexOf(name)
  if (index === -1) return undefined
  const value = args[index + 1]
  return value === undefined || value.startsWith("--") ? fail(`${name} takes a value\n${usage}`) : value
}

const whole = (args: ReadonlyArray<string>, name: string, fallback: number, text = usage): number => {
  const given = option(args, name)
  if (given === undefined) return fallback
  const value = Number(given)
  return Number.isInteger(value) && value >= 0 ? value : fail(`${name} takes a whole number\n${text}`)
}

/** A fraction between 0 and 1 (`--ask-at 0.5`), if given. */
const fraction = (args: ReadonlyArray<string>, name: string, text: string): number | undefined => {
  const given = option(args, name)
  if (given === undefined) return undefined
  const value = Number(given)
  return value > 0 && value < 1 ? value : fail(`${name} takes a fraction between 0 and 1 ("0.5")\n${text}`)
}

/** The script of `--script`, checked; or why it cannot be read, in one line. */
const readScript = (file: string): ReadonlyArray<ScriptTurns.Turn> => {
  let json: unknown
  try {
    json = JSON.parse(Fs.readFileSync(file, "utf8"))
  } catch (error) {
    return fail(`--script ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
  try {
    return ScriptTurns.turnsOf(json, `--script ${file}`)
  } catch (error) {
    return fail((error as Error).message)
  }
}

const what = (script: string | undefined, auto: boolean): string =>
  script !== undefined
    ? `the turns of ${script}`
    : auto
    ? "answers made from each request"
    : "real recorded answers"

/** The lines that say what is served: the variables to set, then what is answered. */
const banner = (origin: string, environment: Readonly<Record<string, string>>, served: string, samples: boolean) =>
  [
    `effect-llm-stream replay: ${served} on ${origin} (Ctrl-C stops it). In another shell, set:`,
    "",
    ...Object.entries(environment).map(([name, value]) => `export ${name}=${value}`),
    "",
    ...(samples
      ? [
        "then run your program: every call streams a real recording, whatever it asks. The prompts they answered:",
        ...Object.values(ReplayServer.samples).map((sample) => `  ${sample.name}: ${sample.prompt}`)
      ]
      : ["then run your program: each request is answered below as it comes."]),
    ""
  ].join("\n")

const replay = (args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const unknown = args.find((arg) => arg.startsWith("-") && !known.has(arg))
    if (unknown !== undefined) fail(`unknown option "${unknown}"\n${usage}`)
    const port = whole(args, "--port", 8790)
    const delayMs = whole(args, "--delay", ReplaySamples.defaultDelayMs)
    const scriptFile = option(args, "--script")
    const auto = args.includes("--auto")
    if (scriptFile !== undefined && auto) fail(`--script and --auto: one or the other\n${usage}`)
    const script = scriptFile === undefined ? (auto ? "auto" as const : undefined) : readScript(scriptFile)
    const server = yield* ReplayServer.listen(port, { record: false, maxRequestBytes })
    const log = (line: string) => void process.stdout.write(`${line}\n`)
    const environment = script === undefined
      ? ReplayServer.serveSamples(server, { delayMs })
      : ReplayServer.serveScripted(server, script, { delayMs, onAnswer: log })
    log(banner(server.origin, environment, what(scriptFile, auto), script === undefined))
    return yield* Effect.never
  }).pipe(Effect.scoped)

/** `chat`: the page and its endpoint, until Ctrl-C; a configuration mistake is one line and exit code 1. */
const chat = (args: ReadonlyArray<string>) => {
  const unknown = args.find((arg) =>
    arg.startsWith("-") && !["--port", "--budget", "--ask-at", "--delay"].includes(arg)
  )
  if (unknown !== undefined) fail(`unknown option "${unknown}"\n${chatUsage}`)
  // Loaded only for `chat`: the endpoint and the providers are more than `replay` needs at its start.
  return Effect.flatMap(Effect.promise(() => import("./ChatCommand.js")), (ChatCommand) =>
    ChatCommand.chat({
      port: whole(args, "--port", 3000, chatUsage),
      budget: option(args, "--budget"),
      askAt: fraction(args, "--ask-at", chatUsage),
      delayMs: whole(args, "--delay", chatDelayMs, chatUsage),
      onListen: (url, models) =>
        Effect.sync(() =>
          void process.stdout.write(
            `effect-llm-stream chat on ${url} (Ctrl-C stops it), models: ${models.join(", ")}` +
              `${models[0]!.startsWith("offline-") ? " (no key set: offline answers)" : ""}\n`
          )
        )
    }))
}

const [command, ...args] = process.argv.slice(2)
const help = command === "--help" || command === "-h" || command === "help" || args.includes("--help") ||
  args.includes("-h")
const both = `${usage}\n\n${chatUsage}`
if (help) {
  process.stdout.write(`${command === "chat" ? chatUsage : command === "replay" ? usage : both}\n`)
  process.exit(0)
}
if (command !== "replay" && command !== "chat") {
  fail(command === undefined ? both : `unknown command "${command}"\n${both}`)
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => process.exit(0))
Effect.runPromise(command === "chat" ? chat(args) : replay(args)).catch((error: NodeJS.ErrnoException) =>
  fail(`${command}: ${error.message}${error.code === "EADDRINUSE" ? " (another port: --port <port>)" : ""}`)
)
