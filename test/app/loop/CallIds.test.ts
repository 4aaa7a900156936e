/**
 * One id for a tool call everywhere, whatever id the model sent: a conversation with the `ai` package's own client
 * (`EndpointClient`) over a chat endpoint whose scripted model answers on a provider's real wire. A call sent with
 * an empty id, and two calls of one step sent with one id, are each a part of their own with their own approval
 * request; the approval, answered in a second request, runs the call it was asked for; and the next request the
 * provider receives pairs each call with its result under the id the browser was shown.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"

/** The ids of the calls of the assistant turn, and the ids its results answer, in a request body as sent. */
const pairsOf = (provider: "openai" | "anthropic", body: any) => {
  const messages: ReadonlyArray<any> = body.messages
  if (provider === "openai") {
    return {
      calls: messages.flatMap((message) => (message.tool_calls ?? []).map((call: any) => call.id)),
      results: messages.flatMap((message) => message.role === "tool" ? [message.tool_call_id] : [])
    }
  }
  const blocks = messages.flatMap((message) => Array.isArray(message.content) ? message.content : [])
  return {
    calls: blocks.flatMap((block: any) => block.type === "tool_use" ? [block.id] : []),
    results: blocks.flatMap((block: any) => block.type === "tool_result" ? [block.tool_use_id] : [])
  }
}

/** A chat whose model answers `turns` on `provider`'s wire: the client, what was deleted, the bodies the model got. */
const chatWith = (turns: ReadonlyArray<TestKit.Turn>, provider: "openai" | "anthropic") =>
  Effect.gen(function*() {
    const deleted: Array<string> = []
    const bodies: Array<any> = []
    const app = ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted), EndpointApp.weather], log: false }).pipe(
      Layer.provide(EndpointApp.scriptedOnWire(turns, provider, bodies))
    )
    const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaWebHandler(app), `call-ids-${provider}`)
    return { chat, deleted, bodies }
  })

describe.each(["openai", "anthropic"] as const)("one id for a call everywhere (%s)", (provider) => {
  it.live("a call sent with an empty id: shown, approved and run under one id, sent back under it", () =>
    Effect.gen(function*() {
      const call = { id: "", name: "delete_file", arguments: { path: "/tmp/a" } }
      const { bodies, chat, deleted } = yield* chatWith([{ toolCalls: [call] }, { text: "Done." }], provider)
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/a" })))
      // Before, the client refused the approval request of a call it was shown under another id, and the stream ended.
      assert.strictEqual(chat.error, undefined)
      const [asked] = chat.toolParts
      assert.strictEqual(chat.toolParts.length, 1)
      assert.strictEqual(asked.state, "approval-requested")
      assert.notStrictEqual(asked.toolCallId, "")
      yield* Effect.promise(() =>
        chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true }))
      )
      assert.strictEqual(chat.error, undefined)
      assert.deepStrictEqual(deleted, ["/tmp/a"])
      assert.deepStrictEqual(chat.toolParts.map((part) => [part.toolCallId, part.state]), [
        [asked.toolCallId, "output-available"]
      ])
      assert.strictEqual(bodies.length, 2)
      assert.deepStrictEqual(pairsOf(provider, bodies[1]), { calls: [asked.toolCallId], results: [asked.toolCallId] })
    }).pipe(Effect.scoped))

  it.live("two calls of one step with one id: two parts, the approval runs its own call, each sent back distinct", () =>
    Effect.gen(function*() {
      const calls = [
        { id: "dup", name: "get_weather", arguments: { city: "Paris" } },
        { id: "dup", name: "delete_file", arguments: { path: "/tmp/b" } }
      ]
      const { bodies, chat, deleted } = yield* chatWith([{ toolCalls: calls }, { text: "Done." }], provider)
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Weather, then delete /tmp/b" })))
      assert.strictEqual(chat.error, undefined)
      // Before, the client merged both calls into one part: the approval request was shown on the weather call.
      const parts = chat.toolParts
      assert.deepStrictEqual(parts.map((part) => [part.type, part.state]), [
        ["tool-get_weather", "output-available"],
        ["tool-delete_file", "approval-requested"]
      ])
      const [weather, asked] = parts
      assert.strictEqual(weather.toolCallId, "dup")
      assert.notStrictEqual(asked.toolCallId, "dup")
      assert.deepStrictEqual(asked.input, { path: "/tmp/b" })
      yield* Effect.promise(() =>
        chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true }))
      )
      assert.strictEqual(chat.error, undefined)
      assert.deepStrictEqual(deleted, ["/tmp/b"])
      assert.deepStrictEqual(chat.toolParts.map((part) => [part.toolCallId, part.state]), [
        ["dup", "output-available"],
        [asked.toolCallId, "output-available"]
      ])
      assert.strictEqual(bodies.length, 2)
      assert.deepStrictEqual(pairsOf(provider, bodies[1]), {
        calls: ["dup", asked.toolCallId],
        results: ["dup", asked.toolCallId]
      })
    }).pipe(Effect.scoped))
})
