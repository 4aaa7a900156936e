/**
 * A file the model made (an image Gemini draws: an `inlineData` part of its answer, the Gemini API's `Blob` with its
 * `mimeType` and base64 `data`) is a `file` part of the UI message stream, its bytes a `data:` URL, as the AI SDK's
 * Google provider shows it. The part is the provider's text: a media type that could end the URL's header early, or
 * data that is not base64, is no file part (the turn still holds the part for the model). The turn carried for the
 * model leaves the image out (the message holds it as the file part: `UITurnOutputs`) and takes it back, checked.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Message, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import { answered, body, served, user } from "../../support/BrowserTurns.js"
import * as RecordedModels from "../../support/RecordedModels.js"

/** A Gemini answer whose parts are `parts`, in one event, then its end. */
const answer = (parts: ReadonlyArray<unknown>) => {
  const event = (body: unknown) => `data: ${JSON.stringify(body)}\n\n`
  const text = event({ candidates: [{ content: { role: "model", parts }, index: 0 }], modelVersion: "gemini-3-pro" }) +
    event({
      candidates: [{ content: { role: "model", parts: [{ text: "" }] }, finishReason: "STOP", index: 0 }],
      usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 9, totalTokenCount: 12 },
      modelVersion: "gemini-3-pro"
    })
  return { headers: { "content-type": "text/event-stream" }, body: new TextEncoder().encode(text) }
}

describe("a file the model made, in the UI message stream", () => {
  it.live("is a file part with a data: URL; a hostile media type or data is none", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([answer([
        { text: "Here:" },
        { inlineData: { mimeType: "image/PNG", data: "iVBORw0KGgo=" } },
        { inlineData: { mimeType: "text/html,<script>alert(1)</script>", data: "AA==" } },
        { inlineData: { mimeType: "image/png", data: "AA==\"><img src=x onerror=alert(1)>" } },
        { inlineData: { mimeType: "image/png" } },
        { inlineData: "not a blob" }
      ])])
      const model = RecordedModels.model("google", baseUrl, clients[0]![1], { model: "gemini-3-pro-image-preview" })
      const message = yield* served([Message.user("Draw")], model)
      const parts = message.parts.filter((part) => part.type === "text" || part.type === "file")
      assert.deepStrictEqual(parts.map((part: any) => part.type === "text" ? part.text : [part.mediaType, part.url]), [
        "Here:",
        ["image/png", "data:image/png;base64,iVBORw0KGgo="]
      ])
    }).pipe(Effect.scoped))

  it.live("goes back to the model once: the turn leaves it out and takes it back from the file part, checked", () =>
    Effect.gen(function*() {
      // A drawn image of 600 bytes, signed (Gemini 3 Pro Image), then a text answer.
      const data = Buffer.from(Array.from({ length: 600 }, (_, i) => i % 251)).toString("base64")
      const image = { inlineData: { mimeType: "image/png", data }, thoughtSignature: "sig-of-the-image" }
      const server = yield* ReplayServer.make
      const text = answer([{ text: "A bluer cat." }])
      const baseUrl = server.serve([answer([image]), text, text])
      const model = RecordedModels.model("google", baseUrl, clients[0]![1], { model: "gemini-3-pro-image-preview" })
      const first = yield* served([Message.user("Draw a cat")], model)
      const files = first.parts.filter((part) => part.type === "file") as Array<any>
      assert.deepStrictEqual(files.map((part) => part.url), [`data:image/png;base64,${data}`])
      // Once in the message: in its file part, not again in the turn it carries.
      assert.strictEqual(JSON.stringify(first).split(data).length - 1, 1)
      const taken = yield* UIMessageStream.toMessages(body([user("u1", "Draw a cat"), first, user("u2", "Bluer")]))
      yield* answered(taken.messages, model)
      const [, next] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.deepStrictEqual(next.contents[1], { role: "model", parts: [image] })
      // Another image in its file part: the turn's digest does not match it.
      const other = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 7) % 251)).toString("base64")
      const swapped = JSON.parse(JSON.stringify(first).replace(data, other))
      const error = yield* Effect.flip(
        UIMessageStream.toMessages(body([user("u1", "Draw a cat"), swapped, user("u2", "Bluer")]))
      )
      assert.strictEqual(error.status, 400)
      assert.match(error.message, /a file the model made changed since this server served it/)
    }).pipe(Effect.scoped))
})
