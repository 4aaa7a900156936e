/**
 * Attachments through `ChatEndpoint` and the `ai` package's own client, on a Chat Completions model (which takes
 * images and PDF files only): a `.txt` file reaches the model as text; a file it cannot take is refused before any
 * model request with a 415 whose one sentence names the file's type and the model (never a 502 "The provider refused
 * the request."), logged as the user's (`Warning`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const dataUrl = (mediaType: string, text: string) =>
  `data:${mediaType};base64,${Buffer.from(text, "utf8").toString("base64")}`

/** The endpoint on a scripted Chat Completions model, the bodies that reached its wire and its log lines kept. */
const appOf = () => {
  const bodies: Array<any> = []
  const lines: Array<EndpointApp.LogLine> = []
  const app = ChatEndpoint.layer().pipe(
    Layer.provide(EndpointApp.scriptedOnWire([{ text: "Read it." }], "openai", bodies)),
    Layer.provide(EndpointApp.collecting(lines))
  )
  return { app, bodies, lines }
}

describe("attachments on a Chat Completions model", () => {
  it.live("a .txt file goes to the model as text", () =>
    Effect.gen(function*() {
      const { app, bodies } = appOf()
      const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), "attach-text")
      yield* wait(() =>
        chat.settle(() =>
          chat.sendMessage({
            text: "Summarize",
            files: [{ type: "file", mediaType: "text/plain", filename: "notes.txt", url: dataUrl("text/plain", "x=1") }]
          })
        )
      )
      assert.strictEqual(chat.error, undefined, String(chat.error))
      assert.strictEqual(chat.text, "Read it.")
      assert.strictEqual(bodies.length, 1)
      const content = bodies[0].messages.at(-1).content
      assert.deepInclude(content, { type: "text", text: "x=1" })
    }).pipe(Effect.scoped))

  it.live("a file it cannot take: 415 naming the type and the model, no model request", () =>
    Effect.gen(function*() {
      const { app, bodies, lines } = appOf()
      const served = yield* EndpointApp.viaWebHandler(app)
      const chat = new EndpointApp.EndpointClient(served, "attach-zip")
      const zip = { type: "file" as const, mediaType: "application/zip", filename: "a.zip", url: dataUrl("x", "PK") }
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Open it", files: [zip] })))
      assert.strictEqual(bodies.length, 0, "no model request")
      const error = chat.error as any
      assert.strictEqual(error?.statusCode, 415)
      assert.match(error.message, /^The model \S+ cannot take an application\/zip file\.$/)
      assert.notInclude(error.message, "refused")
      const logged = lines.filter((line) => line.message.includes("answered 415"))
      assert.deepStrictEqual(logged.map((line) => line.level), ["Warn"])
      // The model's name is the one the endpoint's model asks for.
      const ok = new EndpointApp.EndpointClient(served, "attach-ok")
      yield* wait(() => ok.settle(() => ok.sendMessage({ text: "Hello" })))
      assert.include(error.message, `The model ${bodies[0].model} `)
    }).pipe(Effect.scoped))
})
