/**
 * A tool run's span as the OpenTelemetry GenAI conventions have it (model/gen-ai/spans.yaml, `execute_tool`): its
 * name, operation, tool name, type and call id, and `error.type` when the run ended in an error, the error the
 * model reads included.
 */
import { assert, describe, it } from "@effect/vitest"
import { Data, Effect, Schema, Stream } from "effect"
import { LanguageModel, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as LoopWire from "../../support/LoopWire.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"

class NotFound extends Data.TaggedError("NotFound")<{}> {}

const parameters = Schema.Struct({ q: Schema.String })
const lookup = Tool.handle(Tool.make("lookup", { parameters }), ({ q }) => Effect.succeed(`found ${q}`))
const broken = Tool.handle(Tool.make("broken", { parameters }), () => Effect.fail(new NotFound()))

describe("tool spans", () => {
  it.live("the loop is an invoke_agent span; execute_tool spans name the tool, its type, call and error", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        LoopWire.scripted("openai", {
          calls: [
            { id: "c1", name: "lookup", arguments: "{\"q\":\"a\"}" },
            { id: "c2", name: "broken", arguments: "{\"q\":\"b\"}" }
          ]
        }, "1"),
        LoopWire.scripted("openai", { texts: ["Done."] }, "2")
      ])
      const recording = yield* RecordingTracer.make
      yield* Stream.runDrain(LanguageModel.runTools({ messages: [Message.user("Go")], tools: [lookup, broken] })).pipe(
        Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer)),
        Effect.withTracer(recording.tracer)
      )
      const span = (name: string) =>
        Object.fromEntries(recording.spans.find((candidate) => candidate.name === name)!.attributes)
      // The loop: the conventions' invoke_agent internal span (docs/gen-ai/gen-ai-agent-spans.md).
      assert.deepInclude(span("tool_loop"), {
        "gen_ai.operation.name": "invoke_agent",
        "gen_ai.provider.name": "openai"
      })
      const ran = span("execute_tool lookup")
      assert.deepInclude(ran, {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "lookup",
        "gen_ai.tool.type": "function",
        "gen_ai.tool.call.id": "c1"
      })
      assert.isUndefined(ran["error.type"])
      assert.deepInclude(span("execute_tool broken"), {
        "gen_ai.tool.call.id": "c2",
        "gen_ai.tool.type": "function",
        "error.type": "NotFound"
      })
    }))

  it.live("with onToolError fail, the run's span names the error that ends the loop", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(
        LoopWire.scripted("openai", { calls: [{ id: "c9", name: "broken", arguments: "{\"q\":\"b\"}" }] }, "1")
      )
      const recording = yield* RecordingTracer.make
      const failed = yield* Stream.runDrain(
        LanguageModel.runTools({ messages: [Message.user("Go")], tools: [broken], onToolError: "fail" })
      ).pipe(
        Effect.flip,
        Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer)),
        Effect.withTracer(recording.tracer)
      )
      assert.instanceOf(failed, NotFound)
      const span = recording.spans.find((candidate) => candidate.name === "execute_tool broken")!
      assert.strictEqual(span.attributes.get("error.type"), "NotFound")
      assert.strictEqual(span.exit._tag, "Failure")
    }))
})
