/**
 * A tool loop served to a browser (`UIMessageStream.fromSteps`), over the replay server with both HTTP clients
 * (OpenAI Chat Completions and Anthropic, scripted with the test kit's payload builders), read by the `ai`
 * package's own client (`parseJsonEventStream` + `uiMessageChunkSchema` + `readUIMessageStream`, what `useChat`
 * runs): one message with every step, each tool part with its input and output (or its approval request), and
 * the loop's metadata.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { LanguageModel, Message, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as LoopWire from "../../support/LoopWire.js"
import { readResponse } from "../../support/UIClient.js"

const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
  ({ q }) => Effect.succeed({ found: q })
)
const wipe = Tool.handle(Tool.make("wipe", { parameters: Schema.Struct({}) }), () => Effect.succeed("wiped"), {
  needsApproval: true
})

const providers: ReadonlyArray<CallResponseChunk.Provider> = ["openai", "anthropic", "google"]

describe("a tool loop read by the AI SDK's client", () => {
  for (const [clientName, client] of clients) {
    for (const provider of providers) {
      it.live(`one message with every step, the tools' inputs and outputs, the loop's metadata (${provider}, ${clientName})`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const baseUrl = server.serve([
            LoopWire.scripted(provider, {
              texts: ["Let me look."],
              calls: [
                { id: "c1", name: "lookup", arguments: "{\"q\":\"moria\"}" },
                { id: "c2", name: "lookup", arguments: "{\"q\":5}" }
              ]
            }, "1"),
            LoopWire.scripted(provider, { texts: ["Moria ", "is found."] }, "2")
          ])
          const tools = [lookup]
          // The body is read while the model's layer (its HTTP client) is alive: each step is sent as it is read.
          const { chunks, errors, message: read } = yield* LanguageModel.runTools({
            messages: [Message.user("Where is Moria?")],
            tools
          }).pipe(
            UIMessageStream.fromSteps({ messageId: "m1", tools }),
            UIMessageStream.toResponse(),
            Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
            Effect.provide(LoopWire.modelAt(provider, baseUrl, client))
          )
          const message = read!
          assert.deepStrictEqual(errors, [])
          const types = chunks.map((chunk) => chunk.type)
          assert.strictEqual(types.filter((type) => type === "start-step").length, 2)
          assert.strictEqual(types.filter((type) => type === "finish-step").length, 2)
          // Each output comes after its input, in its step.
          assert.isBelow(types.indexOf("tool-input-available"), types.indexOf("tool-output-available"))
          assert.isBelow(types.indexOf("tool-output-available"), types.indexOf("finish-step"))
          const parts = message.parts as ReadonlyArray<any>
          assert.deepStrictEqual(parts.map((part) => part.type), [
            "step-start",
            "text",
            "tool-lookup",
            "tool-lookup",
            "step-start",
            "text"
          ])
          assert.deepStrictEqual([parts[2].state, parts[2].input, parts[2].output], [
            "output-available",
            { q: "moria" },
            { found: "moria" }
          ])
          // Arguments the Schema rejects: an input error in the UI, the error result the model read.
          assert.strictEqual(parts[3].state, "output-error")
          assert.strictEqual(parts[5].text, "Moria is found.")
          const metadata = message.metadata as UIMessageStream.LoopMetadata
          assert.strictEqual(metadata.steps, 2)
          assert.strictEqual(metadata.stopReason, "stop")
          assert.strictEqual(metadata.usage.inputTokens, 200)
          assert.isString(metadata.cost)
        }).pipe(Effect.scoped))

      it.live(`a call waiting for approval shows as requested (${provider}, ${clientName})`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const baseUrl = server.serve(
            LoopWire.scripted(provider, {
              calls: [{ id: "w1", name: "wipe", arguments: "{}" }, {
                id: "l1",
                name: "lookup",
                arguments: "{\"q\":\"a\"}"
              }]
            })
          )
          const { message: read } = yield* LanguageModel.runTools({
            messages: [Message.user("Wipe it")],
            tools: [lookup, wipe]
          }).pipe(
            UIMessageStream.fromSteps(),
            UIMessageStream.toResponse(),
            Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
            Effect.provide(LoopWire.modelAt(provider, baseUrl, client))
          )
          const message = read!
          const parts = message.parts as ReadonlyArray<any>
          const wiped = parts.find((part) => part.type === "tool-wipe")
          assert.strictEqual(wiped.state, "approval-requested")
          // The approval's id is the one the server signed for the call (see test/app/ui/Approvals.test.ts).
          assert.match(wiped.approval.id, /^a1\./)
          assert.strictEqual(parts.find((part) => part.type === "tool-lookup").state, "output-available")
          assert.strictEqual((message.metadata as UIMessageStream.LoopMetadata).stopReason, "approval")
        }).pipe(Effect.scoped))
    }
  }
})
