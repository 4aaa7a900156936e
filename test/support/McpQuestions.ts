/**
 * MCP tools' questions through the tool loop: `runTools` with a served loop's approval checks
 * (`UIMessageStream.withApprovalChecks`), OpenAI's model answering from the replay server, its events collected.
 */
import { assert } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { LanguageModel, type Mcp, Message, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as LoopEvents from "./LoopEvents.js"
import * as LoopWire from "./LoopWire.js"

/** The loop's events over `tools` from `messages`, the model's steps served as `scenario` says (in turn, a list). */
export const run = (
  tools: ReadonlyArray<Mcp.McpTool>,
  scenario: ReplayServer.ScenarioInput | ReadonlyArray<ReplayServer.ScenarioInput>,
  messages: ReadonlyArray<Message.Message | Message.ToolApproval>
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(scenario)
    const steps = UIMessageStream.withApprovalChecks(LanguageModel.runTools({ messages, tools }))
    const model = LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer)
    return Array.from(yield* Stream.runCollect(steps).pipe(Effect.provide(model)))
  })

/**
 * The page `UrlServer`'s tools ask to open, as the loop asked it: the loop stopped for the question (no tool result
 * yet), which shows the server's message, the URL and its host.
 */
export const askedPage = (events: ReadonlyArray<LanguageModel.StepEvent>) => {
  const ask = LoopEvents.asks(events)[0]
  assert.strictEqual(LoopEvents.done(events).reason, "approval")
  const url = ask!.elicitation!.url!
  assert.strictEqual(url.host, "files.example.com")
  assert.match(url.href, /^https:\/\/files\.example\.com\/connect\?elicitation=[0-9a-f-]{36}$/)
  assert.strictEqual(ask!.elicitation!.message, "Connect your Example Files account.")
  assert.isFalse(events.some((event) => event._tag === "ToolResultEvent"))
  return url
}

/** The model calls `name` (call `id`, arguments `args`), then, given its result, answers; the question it asked. */
export const called = (tools: ReadonlyArray<Mcp.McpTool>, id: string, name: string, args: object = {}) =>
  Effect.gen(function*() {
    const calls = [{ id, name, arguments: JSON.stringify(args) }]
    const steps = [LoopWire.scripted("openai", { calls }), LoopWire.scripted("openai", { texts: ["Done."] })]
    const events = yield* run(tools, steps, [Message.user("Sign me in.")])
    return { events, ask: LoopEvents.asks(events)[0], messages: LoopEvents.done(events).messages }
  })

/** The user answers the question of call `id`: `approved`, or declined. */
export const answered = (
  tools: ReadonlyArray<Mcp.McpTool>,
  asked: { readonly messages: ReadonlyArray<Message.Message>; readonly ask?: LanguageModel.ApprovalRequestEvent },
  id: string,
  approved: boolean
) =>
  run(tools, LoopWire.scripted("openai", { texts: ["Done."] }), [
    ...asked.messages,
    Message.toolApproval({ toolCallId: id, approved, approvalId: asked.ask!.approvalId })
  ])
