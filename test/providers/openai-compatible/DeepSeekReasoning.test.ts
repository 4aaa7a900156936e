/**
 * DeepSeek thinks by default, and in thinking mode an assistant turn that called tools goes back with its
 * `reasoning_content` in every later request, or the request is refused: "The reasoning_content in the thinking mode
 * must be passed back to the API." (https://api-docs.deepseek.com/guides/thinking_mode, "Tool Calls"). The tool loop's
 * second request to the `deepseek` preset holds the field on its assistant turn; hosts that do not ask for it are sent
 * no such field.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as HostBodies from "../../support/HostBodies.js"

const weather = Tool.handle(
  Tool.make("weather", { description: "Weather", parameters: Schema.Struct({ city: Schema.String }) }),
  ({ city }) => Effect.succeed(`-3C in ${city}`)
)

/** A DeepSeek answer that thinks, then calls `weather` (its chunks as api.deepseek.com streams them). */
const thinksThenCalls = (model: string) =>
  [
    { delta: { role: "assistant", content: null, reasoning_content: "The user wants Oslo's weather." } },
    {
      delta: {
        tool_calls: [{
          index: 0,
          id: "call_00_abc",
          type: "function",
          function: { name: "weather", arguments: "{\"city\":\"Oslo\"}" }
        }]
      }
    },
    { delta: {}, finish_reason: "tool_calls" }
  ].map((choice) =>
    `data: ${
      JSON.stringify({
        id: "d1",
        object: "chat.completion.chunk",
        created: 1,
        model,
        choices: [{ index: 0, finish_reason: null, ...choice }]
      })
    }\n\n`
  ).join("") + "data: [DONE]\n\n"

/** The assistant messages of the tool loop's second request to the host `name`. */
const assistantsSent = (name: string) =>
  Effect.map(
    HostBodies.bodies(name, [Message.user("Weather in Oslo?")], [weather], [thinksThenCalls], "deepseek-v4-flash"),
    (bodies) => {
      assert.strictEqual(bodies.length, 2)
      return (bodies[1].messages as ReadonlyArray<Readonly<Record<string, unknown>>>).filter((message) =>
        message["role"] === "assistant"
      )
    }
  )

describe("DeepSeek: an assistant turn goes back with its reasoning_content", () => {
  it.live("the deepseek preset: the turn that called tools holds the reasoning_content it streamed", () =>
    Effect.gen(function*() {
      const [turn] = yield* assistantsSent("deepseek")
      assert.deepStrictEqual(turn!["tool_calls"], [{
        id: "call_00_abc",
        type: "function",
        function: { name: "weather", arguments: "{\"city\":\"Oslo\"}" }
      }])
      // The reasoning the turn streamed, as it came.
      assert.strictEqual(turn!["reasoning_content"], "The user wants Oslo's weather.")
    }).pipe(Effect.scoped))

  it.live("a host that does not ask for it is sent no reasoning_content", () =>
    Effect.gen(function*() {
      const [turn] = yield* assistantsSent("together")
      assert.isFalse("reasoning_content" in turn!)
    }).pipe(Effect.scoped))
})
