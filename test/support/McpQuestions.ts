/**
 * MCP tools' questions through the tool loop: `runTools` with a served loop's approval checks
 * (`UIMessageStream.withApprovalChecks`), OpenAI's model answering from the replay server, its events collected.
 */
import { assert } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { LanguageModel, type Mcp, type Message, UIMessageStream } from "effect-llm-stream"
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
