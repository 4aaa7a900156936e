/**
 * Approvals in the tool loop, over the replay server with both HTTP clients (OpenAI Chat Completions, Anthropic
 * and Bedrock, scripted with the test kit's payload builders): in a step where some calls need approval and others
 * do not, the others run and the loop ends; the next request's `Message.toolApproval`s answer the rest (approved:
 * the handler runs first; denied: the model is told), and every result goes back together, grouped.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Ref, Schema, Stream } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { LanguageModel, Message, ProviderError, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as LoopWire from "../../support/LoopWire.js"

const calls = [
  { id: "c_lookup", name: "lookup", arguments: "{\"q\":\"passwd\"}" },
  { id: "c_etc", name: "delete_file", arguments: "{\"path\":\"/etc/passwd\"}" },
  { id: "c_tmp", name: "delete_file", arguments: "{\"path\":\"/tmp/scratch\"}" }
]

const providers: ReadonlyArray<CallResponseChunk.Provider> = ["openai", "anthropic", "bedrock"]

describe("approvals in the tool loop", () => {
  for (const [clientName, client] of clients) {
    for (const provider of providers) {
      it.live(`some calls need approval: the others run, the answers go back with their results (${provider}, ${clientName})`, () =>
        Effect.gen(function*() {
          const deleted = yield* Ref.make<Array<string>>([])
          const lookup = Tool.handle(
            Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
            ({ q }) => Effect.succeed(`found ${q}`)
          )
          const deleteFile = Tool.handle(
            Tool.make("delete_file", { parameters: Schema.Struct({ path: Schema.String }) }),
            ({ path }) => Ref.update(deleted, (paths) => [...paths, path]).pipe(Effect.as({ deleted: path })),
            { needsApproval: ({ path }) => path.startsWith("/etc") }
          )
          const tools = [lookup, deleteFile]
          const server = yield* ReplayServer.make
          const model = (scenario: ReplayServer.ScenarioInput | ReadonlyArray<ReplayServer.ScenarioInput>) => {
            const baseUrl = server.serve(scenario)
            return { baseUrl, layer: LoopWire.modelAt(provider, baseUrl, client) }
          }

          // The first run: the call on /etc waits; the other two run; nothing more is sent.
          const first = model(LoopWire.scripted(provider, { calls }, "1"))
          const events = yield* Stream.runCollect(
            LanguageModel.runTools({ messages: [Message.user("Clean up")], tools })
          ).pipe(Effect.provide(first.layer))
          const done = events[events.length - 1] as LanguageModel.DoneEvent
          assert.strictEqual(done.reason, "approval")
          assert.strictEqual(server.requests(first.baseUrl).length, 1)
          const asked = events.filter((event) => event._tag === "ApprovalRequestEvent")
          assert.deepStrictEqual(asked.map((event) => [event.call.id, event.input]), [["c_etc", {
            path: "/etc/passwd"
          }]])
          assert.deepStrictEqual(yield* Ref.get(deleted), ["/tmp/scratch"])
          assert.deepStrictEqual(done.messages.map((message) => message._tag), [
            "UserMessage",
            "AssistantMessage",
            "ToolResultMessage",
            "ToolResultMessage"
          ])

          // Approved: the handler runs before the first step, and all three results go back together.
          const second = model(LoopWire.scripted(provider, { texts: ["Cleaned."] }, "2"))
          const resumed = yield* Stream.runCollect(
            LanguageModel.runTools({
              messages: [...done.messages, Message.toolApproval({ toolCallId: "c_etc", approved: true })],
              tools
            })
          ).pipe(Effect.provide(second.layer))
          assert.deepStrictEqual(resumed[0], resumed.find((event) => event._tag === "ToolResultEvent"))
          assert.strictEqual((resumed[0] as LanguageModel.ToolResultEvent).step, 0)
          assert.deepStrictEqual(yield* Ref.get(deleted), ["/tmp/scratch", "/etc/passwd"])
          assert.strictEqual((resumed[resumed.length - 1] as LanguageModel.DoneEvent).reason, "stop")
          const sent = LoopWire.sent(provider, server.requests(second.baseUrl)[0]!.body)
          assert.deepStrictEqual(sent.calls, ["c_lookup", "c_etc", "c_tmp"])
          assert.deepStrictEqual([...sent.results.map((result) => result.id)].sort(), ["c_etc", "c_lookup", "c_tmp"])
          assert.isTrue(sent.grouped)
          assert.deepStrictEqual(sent.declared, ["lookup", "delete_file"])
          assert.strictEqual(
            sent.results.find((result) => result.id === "c_etc")!.content,
            "{\"deleted\":\"/etc/passwd\"}"
          )

          // Denied: the handler does not run, and the model is told why.
          const third = model(LoopWire.scripted(provider, { texts: ["Understood."] }, "3"))
          yield* Stream.runDrain(
            LanguageModel.runTools({
              messages: [
                ...done.messages,
                Message.toolApproval({ toolCallId: "c_etc", approved: false, reason: "system files stay" })
              ],
              tools
            })
          ).pipe(Effect.provide(third.layer))
          assert.deepStrictEqual(yield* Ref.get(deleted), ["/tmp/scratch", "/etc/passwd"])
          const denied = LoopWire.sent(provider, server.requests(third.baseUrl)[0]!.body).results.find((result) =>
            result.id === "c_etc"
          )!
          assert.match(denied.content, /denied.*system files stay/)
          if (provider !== "openai") assert.strictEqual(denied.isError, true)

          // An approval of a call no turn made is a typed error, and nothing is sent.
          const fourth = model(LoopWire.scripted(provider, { texts: ["?"] }, "4"))
          const error = yield* Effect.flip(
            Stream.runDrain(
              LanguageModel.runTools({
                messages: [Message.user("Hi"), Message.toolApproval({ toolCallId: "nope", approved: true })],
                tools
              })
            ).pipe(Effect.provide(fourth.layer))
          )
          assert.instanceOf(error, ProviderError.InvalidRequestError)
          assert.match(error.message, /nope/)
          assert.strictEqual(server.requests(fourth.baseUrl).length, 0)
        }).pipe(Effect.scoped))
    }
  }
})
