/**
 * MCP tools' questions through the tool loop: `runTools` with a served loop's approval checks
 * (`UIMessageStream.withApprovalChecks`), OpenAI's model answering from the replay server, its events collected.
 */
import { Effect, Stream } from "effect"
import { LanguageModel, type Mcp, type Message, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
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
