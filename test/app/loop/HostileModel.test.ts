/**
 * A hostile model against a tool loop served to a browser (`UIMessageStream.fromSteps`), read by the `ai` package's
 * own client (`readResponse`: what `useChat` runs): what the model says is shown, and never ends the browser's stream.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { ChatEndpoint, LanguageModel, Message, Tool, UIMessageStream } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
import { readResponse } from "../../support/UIClient.js"

const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
  ({ q }) => Effect.succeed({ found: q })
)
const wipe = Tool.handle(Tool.make("wipe", { parameters: Schema.Struct({}) }), () => Effect.succeed("wiped"), {
  needsApproval: true
})

describe("a hostile model's tool calls in the browser", () => {
  it.live("arguments with keys the client's JSON parse refuses (__proto__, constructor.prototype) are read", () =>
    Effect.gen(function*() {
      const tools = [lookup, wipe]
      const { errors, message } = yield* LanguageModel.runTools({ messages: [Message.user("Look")], tools }).pipe(
        UIMessageStream.fromSteps({ tools }),
        UIMessageStream.toResponse(),
        Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
        Effect.provide(TestKit.scripted([
          {
            toolCalls: [
              { id: "c1", name: "lookup", arguments: "{\"q\":\"a\",\"__proto__\":{\"x\":1}}" },
              { id: "c2", name: "lookup", arguments: "{\"q\":\"b\",\"n\":[{\"constructor\":{\"prototype\":1}}]}" },
              { id: "c3", name: "nope", arguments: "{\"__proto__\":{}}" },
              { id: "c4", name: "wipe", arguments: "{\"__proto__\":{}}" }
            ]
          },
          { text: "Done." }
        ]))
      )
      // Before, the client refused the chunk ("forbidden prototype property") and the stream ended there.
      assert.deepStrictEqual(errors, [])
      const parts = (message!.parts as ReadonlyArray<any>).filter((part) => part.type.startsWith("tool-"))
      assert.deepStrictEqual(parts.map((part) => [part.toolCallId, part.state]), [
        ["c1", "output-available"],
        ["c2", "output-available"],
        ["c3", "output-error"],
        ["c4", "approval-requested"]
      ])
      assert.deepStrictEqual(parts[0].input, { q: "a" })
      assert.deepStrictEqual(parts[1].input, { q: "b", n: [{ constructor: {} }] })
    }))

  it.live("a call with such arguments that needs approval is shown, approved and run: the signed input is the shown one", () =>
    Effect.gen(function*() {
      const deleted: Array<string> = []
      const call = { id: "d1", name: "delete_file", arguments: "{\"path\":\"/tmp/a\",\"__proto__\":{\"x\":1}}" }
      const app = ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)], log: false }).pipe(
        Layer.provide(EndpointApp.scripted([{ toolCalls: [call] }, { text: "Done." }], "openai", []))
      )
      const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), "proto-approval")
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/a" })))
      const asked = chat.toolParts[0]
      assert.strictEqual(asked.state, "approval-requested")
      assert.deepStrictEqual(asked.input, { path: "/tmp/a" })
      yield* Effect.promise(() =>
        chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true }))
      )
      assert.strictEqual(chat.error, undefined)
      assert.deepStrictEqual(deleted, ["/tmp/a"])
      assert.strictEqual(chat.toolParts[0].state, "output-available")
    }).pipe(Effect.scoped))
})
