/**
 * A stock Stop, as `useChat` does it: `stop()` only aborts the request, and the page goes on with the next message
 * (or a regenerate) in the same chat. Through the `ai` package's own client on every way `ChatEndpoint` serves: the
 * new request stops the answer still running under the chat's id (as `<path>/:id/stop` would: its ending `Stopped`,
 * its stored stream ending with `abort`) and is answered; another session's request with the same chat id touches
 * nothing of it; the client going away is logged as such (info), never as an error.
 */
import { afterEach, assert, beforeEach, describe, it, vi } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"

const long = Array.from({ length: 300 }, (_, index) => `word${index}`).join(" ")

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

/** The app answering `texts` in turn, slowly; its endings and log lines kept. */
const appOf = (texts: ReadonlyArray<string>) => {
  const endings: Array<ChatEndpoint.Finished> = []
  const lines: Array<EndpointApp.LogLine> = []
  const app = ChatEndpoint.layer({ onFinish: (finished) => Effect.sync(() => endings.push(finished)) }).pipe(
    Layer.provide(
      EndpointApp.scripted(texts.map((text) => ({ text })), "anthropic", [], 15)
    ),
    Layer.provide(EndpointApp.collecting(lines))
  )
  return { app, endings, lines }
}

/** What was printed (Effect's default logger, where the platform's own middleware logs), line by line. */
let printed: Array<string> = []

beforeEach(() => {
  printed = []
  for (const method of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: Array<unknown>) =>
      void printed.push(args.map(String).join(" "))
    )
  }
})

afterEach(() => {
  vi.restoreAllMocks()
})

describe("a stock Stop, then the next message", () => {
  for (const [serving, via] of EndpointApp.servings) {
    it.live(`stop() then sendMessage, then stop() then regenerate (${serving})`, () =>
      Effect.gen(function*() {
        const { app, endings, lines } = appOf([long, "Here is the short one.", long, "Short again."])
        const served = yield* via(app)
        const chat = new EndpointApp.EndpointClient(served, "stock-stop")
        const first = chat.settle(() => chat.sendMessage({ text: "Tell me everything" }))
        yield* wait(() => chat.streamed(40))
        // The page's Stop: the request aborted, nothing else.
        yield* wait(() => chat.stop())
        yield* wait(() => first)
        assert.strictEqual(chat.error, undefined)
        // The next message: the answer still running under the chat's id is stopped, the new one answered.
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Make it short" })))
        assert.strictEqual(chat.error, undefined, String(chat.error))
        assert.strictEqual(chat.status, "ready")
        assert.strictEqual(chat.text, "Here is the short one.")
        yield* EndpointApp.eventually(() => endings.length === 2, () => `${endings.length} endings`)
        assert.deepStrictEqual(endings.map((finished) => finished.ending._tag), ["Stopped", "Done"])
        // What the stopped answer sent is what it spent: its one call, interrupted.
        assert.strictEqual(endings[0]!.ending.steps[0]?._tag, "Interrupted")
        // Resuming keeps working: a reload replays the answer that took the stopped one's place.
        const reloaded = new EndpointApp.EndpointClient(served, "stock-stop", chat.fetch)
        yield* wait(() => reloaded.resumeStream())
        assert.strictEqual(reloaded.text, "Here is the short one.")
        // A regenerate after a Stop, the same.
        const second = chat.settle(() => chat.regenerate())
        yield* wait(() => chat.streamed(40))
        yield* wait(() => chat.stop())
        yield* wait(() => second)
        yield* wait(() => chat.settle(() => chat.regenerate()))
        assert.strictEqual(chat.error, undefined, String(chat.error))
        assert.strictEqual(chat.text, "Short again.")
        yield* EndpointApp.eventually(() => endings.length === 4, () => `${endings.length} endings`)
        assert.deepStrictEqual(endings.slice(2).map((finished) => finished.ending._tag), ["Stopped", "Done"])
        // Nobody's failure: no line above info says it.
        const loud = lines.filter((line) => line.level === "Error" || line.level === "Warn")
        assert.deepStrictEqual(loud.map((line) => line.message), [])
        assert.deepStrictEqual(printed.filter((line) => /ERROR|WARN/.test(line)), [])
        // Where the platform hears it (`@effect/platform-node`), the client going away is said as such.
        if (serving === "serveNode" || serving === "toNodeHandler") {
          assert.isTrue(printed.some((line) => /INFO.*a client went away/.test(line)), printed.join("\n"))
        }
      }).pipe(Effect.scoped), 60_000)
  }

  it.live(
    "another session's message under the same chat id stops nothing of the owner's",
    () =>
      Effect.gen(function*() {
        const { app, endings } = appOf([long, "The stranger's answer."])
        const served = yield* EndpointApp.viaWebHandler(app)
        const chat = new EndpointApp.EndpointClient(served, "shared-id")
        const done = chat.settle(() => chat.sendMessage({ text: "Tell me everything" }))
        yield* wait(() => chat.streamed(40))
        const stranger = new EndpointApp.EndpointClient(served, "shared-id")
        yield* wait(() => stranger.settle(() => stranger.sendMessage({ text: "Hello" })))
        assert.strictEqual(stranger.text, "The stranger's answer.")
        yield* wait(() => done)
        assert.strictEqual(chat.text, long)
        yield* EndpointApp.eventually(() => endings.length === 2, () => `${endings.length} endings`)
        assert.deepStrictEqual(endings.map((finished) => finished.ending._tag).sort(), ["Done", "Done"])
      }).pipe(Effect.scoped),
    60_000
  )
})
