/**
 * A conversation goes on with Mistral after tool results that got no answer: a stopped answer, a budget stop, a
 * denial followed by a new question. Mistral's API refuses a user message right after a tool message with a 400,
 * "Unexpected role 'user' after role 'tool'" (mistralai/mistral-common `protocol/instruct/validator.py`,
 * `_validate_message_order`), and an assistant message with no content and no calls (`tokens/tokenizers/
 * instruct.py`, `encode_assistant_message`: what a stopped answer with no text is). Mistral is sent an assistant
 * turn saying "(no answer)" in each place; another host is sent the conversation as it is.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as HostBodies from "../../support/HostBodies.js"

const weather = Tool.make("weather", { parameters: Schema.Struct({ city: Schema.String }) })

const asked: ReadonlyArray<Message.Message> = [
  Message.user("Weather in Florence?"),
  Message.assistant("", {
    toolCalls: [new Tool.ToolCall({ id: "D681PevKs", name: "weather", arguments: "{\"city\":\"Florence\"}" })]
  }),
  Message.toolResult({ toolCallId: "D681PevKs", name: "weather", content: "Denied: not now." })
]

/** A new question right after the results (a denial, a budget stop). */
const newQuestion = [...asked, Message.user("And in Rome?")]

/** An answer stopped before any text, then a new question. */
const stopped = [...asked, Message.assistant(""), Message.user("And in Rome?")]

/** The roles of a body's messages, an assistant message's text beside its role. */
const rolesOf = (body: any): ReadonlyArray<string> =>
  body.messages.map((message: any) =>
    message.role === "assistant" && message.tool_calls === undefined ? `assistant:${message.content}` : message.role
  )

describe("a conversation goes on with Mistral after tool results that got no answer", () => {
  it.live("a new question after the results goes after an assistant turn saying (no answer)", () =>
    Effect.gen(function*() {
      const body = yield* HostBodies.firstBody("mistral", newQuestion, [weather])
      assert.deepStrictEqual(rolesOf(body), ["user", "assistant", "tool", "assistant:(no answer)", "user"])
      assert.strictEqual(body.messages[4].content, "And in Rome?")
    }).pipe(Effect.scoped))

  it.live("an answer stopped before any text goes as (no answer), once", () =>
    Effect.gen(function*() {
      const body = yield* HostBodies.firstBody("mistral", stopped, [weather])
      assert.deepStrictEqual(rolesOf(body), ["user", "assistant", "tool", "assistant:(no answer)", "user"])
    }).pipe(Effect.scoped))

  it.live("another host is sent the conversation as it is", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(rolesOf(yield* HostBodies.firstBody("openrouter", newQuestion, [weather])), [
        "user",
        "assistant",
        "tool",
        "user"
      ])
      assert.deepStrictEqual(rolesOf(yield* HostBodies.firstBody("openrouter", stopped, [weather])), [
        "user",
        "assistant",
        "tool",
        "assistant:",
        "user"
      ])
    }).pipe(Effect.scoped))
})
