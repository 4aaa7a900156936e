/**
 * A file the model made (an image Gemini draws: an `inlineData` part of its answer, the Gemini API's `Blob` with its
 * `mimeType` and base64 `data`) is a `file` part of the UI message stream, its bytes a `data:` URL, as the AI SDK's
 * Google provider shows it. The part is the provider's text: a media type that could end the URL's header early, or
 * data that is not base64, is no file part (the turn still holds the part for the model).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import { served } from "../../support/BrowserTurns.js"
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
})
