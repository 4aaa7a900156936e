/**
 * A call's result after something else: the user's message typed while the tools ran, context a program put between
 * two results of a parallel batch (a reminder, a hook's output). Every API takes a call's result only right after the
 * turn that made it: Anthropic the `tool_result` blocks leading the next user message ("`tool_use` ids were found
 * without `tool_result` blocks immediately after", a 400 when text comes first or between them:
 * NousResearch/hermes-agent#65369, QwenLM/qwen-code#8165, V1ki/dsh-plugin-subscriptions#22), OpenAI's Chat Completions
 * the `tool` messages right after the assistant's ("An assistant message with 'tool_calls' must be followed by tool
 * messages responding to each 'tool_call_id'"), Gemini the responses in the turn after the calls. Such a conversation,
 * continued on every API, goes with the results right after their turn and what was between after them.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as SwitchTargets from "../../support/SwitchTargets.js"

const weather = Tool.handle(
  Tool.make("weather", { parameters: Schema.Struct({ location: Schema.String }) }),
  () => Effect.succeed("unused")
)

const calls = [
  new Tool.ToolCall({ id: "call_florence1", name: "weather", arguments: `{"location":"Florence"}` }),
  new Tool.ToolCall({ id: "call_rome2", name: "weather", arguments: `{"location":"Rome"}` })
]
const note = "Also, give me Celsius."
const reminder = "<system-reminder>Be brief.</system-reminder>"

describe("a call's result after something else", () => {
  for (const target of SwitchTargets.targets) {
    it.live(`${SwitchTargets.nameOf(target)}: the results go right after their turn, then the rest in order`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const body = yield* SwitchTargets.requestTo(server, target, {
          messages: [
            Message.user("Weather in Florence and Rome?"),
            Message.assistant("", { toolCalls: calls }),
            Message.toolResult({ toolCallId: "call_florence1", name: "weather", content: "sunny, 31 C" }),
            Message.user(reminder),
            Message.toolResult({ toolCallId: "call_rome2", name: "weather", content: "rainy, 22 C" }),
            Message.user(note)
          ],
          tools: [weather]
        })
        SwitchTargets.checkFollowUp(target, body, [])
        const text = JSON.stringify(body)
        const at = (value: string) => text.indexOf(value)
        assert.isBelow(at("sunny, 31 C"), at("rainy, 22 C"))
        assert.isBelow(at("rainy, 22 C"), at(reminder.slice(1, 16)))
        assert.isBelow(at(reminder.slice(1, 16)), at(note))
      }).pipe(Effect.scoped))
  }

  for (const target of SwitchTargets.targets) {
    it.live(`${SwitchTargets.nameOf(target)}: a result whose call the conversation no longer holds is left out`, () =>
      Effect.gen(function*() {
        // A window of a longer conversation, cut between a call and its result.
        const server = yield* ReplayServer.make
        const body = yield* SwitchTargets.requestTo(server, target, {
          messages: [
            Message.toolResult({ toolCallId: "call_gone", name: "weather", content: "sunny, 31 C" }),
            Message.assistant("It is sunny in Florence."),
            Message.user(note)
          ],
          tools: [weather]
        })
        const text = JSON.stringify(body)
        assert.notInclude(text, "call_gone")
        assert.notInclude(text, "sunny, 31 C")
        assert.include(text, "It is sunny in Florence.")
        assert.include(text, note)
      }).pipe(Effect.scoped))
  }

  it.live("a result of another tool than its call's never reaches the model as that call's", () =>
    Effect.gen(function*() {
      // With call ids repeated across turns (a stored or trusted history), a `get_weather` result under the id of a
      // `weather` call is not its result (issue 85: a `get_location` result reached the model as `send_email`'s).
      const server = yield* ReplayServer.make
      const google = SwitchTargets.targets.find((target) => target.format === "google")!
      const body = yield* SwitchTargets.requestTo(server, google, {
        messages: [
          Message.user("Weather in Florence?"),
          Message.assistant("", { toolCalls: [calls[0]!] }),
          Message.toolResult({ toolCallId: "call_florence1", name: "get_weather", content: "sunny, 31 C" }),
          Message.user(note)
        ],
        tools: [weather]
      })
      const responses = body.contents.flatMap((content: any) => content.parts).filter((part: any) =>
        part.functionResponse
      )
      assert.deepStrictEqual(responses, [])
      assert.notInclude(JSON.stringify(body), "sunny, 31 C")
    }).pipe(Effect.scoped))
})
