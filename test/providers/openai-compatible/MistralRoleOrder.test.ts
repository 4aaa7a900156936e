/**
 * A conversation goes on with Mistral after tool results that got no answer: a stopped answer, a budget stop, a
 * denial followed by a new question. Mistral's API refuses a user message right after a tool message with a 400,
 * "Unexpected role 'user' after role 'tool'" (mistralai/mistral-common `protocol/instruct/validator.py`,
 * `_validate_message_order`), and an assistant message with no content and no calls (`tokens/tokenizers/
 * instruct.py`, `encode_assistant_message`: what a stopped answer with no text is). Mistral is sent an assistant
 * turn saying "(no answer)" in each place; another host is sent the conversation as it is.
 *
 * A system message after a tool or an assistant message is refused the same way, "Unexpected role 'system' after
 * role 'tool'" (`_validate_message_order`: a system message only after a system or user message): Mistral is sent it
 * right after the next user message, or, with none after it, right after the last user message before it.
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

/** The roles each role may follow in Mistral's order (mistral-common `_validate_message_order`, 1.11.7). */
const follows: Readonly<Record<string, ReadonlyArray<string>>> = {
  system: ["user", "assistant", "system"],
  user: ["assistant", "system", "user"],
  assistant: ["assistant", "user", "tool"],
  tool: ["assistant", "tool", "user"]
}

/** Mistral's 400 for a body's order, as its validator words it; `undefined` where it takes the order. */
const refusalOf = (body: any): string | undefined => {
  const roles: ReadonlyArray<string> = body.messages.map((message: any) => message.role)
  const at = roles.findIndex((role, index) => index > 0 && !follows[roles[index - 1]!]!.includes(role))
  return at === -1 ? undefined : `Unexpected role '${roles[at]}' after role '${roles[at - 1]}'`
}

const weatherRun = Tool.handle(weather, ({ city }) => Effect.succeed(`18 C in ${city}`))

/** The model's call for Rome's weather, under one of Mistral's ids. */
const rome = HostBodies.calling({ id: "K3Lm9PqR2", name: "weather", arguments: "{\"city\":\"Rome\"}" })

/** Notes the application added after the results and after the answer, then a new question. */
const noted: ReadonlyArray<Message.Message> = [
  ...asked,
  Message.system("Weather data may be an hour old."),
  Message.assistant("Florence is off limits for now."),
  Message.system("Answer in French from now on."),
  Message.user("And in Rome?")
]

/** A note the application added after the results, where the loop goes on (a step budget). */
const trailing = [...asked, Message.system("Two steps left.")]

describe("a conversation goes on with Mistral after a system note that follows results or an answer", () => {
  it.live("the notes go after the next question, in their order; the loop's next request keeps them there", () =>
    Effect.gen(function*() {
      const sent = yield* HostBodies.bodies("mistral", noted, [weatherRun], [rome])
      assert.strictEqual(sent.length, 2)
      for (const body of sent) assert.strictEqual(refusalOf(body), undefined)
      assert.deepStrictEqual(rolesOf(sent[1]), [
        "user",
        "assistant",
        "tool",
        "assistant:Florence is off limits for now.",
        "user",
        "system",
        "system",
        "assistant",
        "tool"
      ])
      assert.deepStrictEqual(sent[1].messages.slice(4, 7).map((message: any) => message.content), [
        "And in Rome?",
        "Weather data may be an hour old.",
        "Answer in French from now on."
      ])
      assert.deepStrictEqual(sent[0].messages, sent[1].messages.slice(0, 7))
      assert.strictEqual(sent[1].messages[8].content, "18 C in Rome")
    }).pipe(Effect.scoped))

  it.live("a note with no question after it goes back after the last question, each request of the loop", () =>
    Effect.gen(function*() {
      const sent = yield* HostBodies.bodies("mistral", trailing, [weatherRun], [rome])
      assert.strictEqual(sent.length, 2)
      for (const body of sent) assert.strictEqual(refusalOf(body), undefined)
      assert.deepStrictEqual(rolesOf(sent[0]), ["user", "system", "assistant", "tool"])
      assert.deepStrictEqual(rolesOf(sent[1]), ["user", "system", "assistant", "tool", "assistant", "tool"])
      assert.strictEqual(sent[1].messages[1].content, "Two steps left.")
      assert.strictEqual(sent[1].messages[5].content, "18 C in Rome")
    }).pipe(Effect.scoped))

  it.live("another host is sent the notes where they are", () =>
    Effect.gen(function*() {
      const body = yield* HostBodies.firstBody("openrouter", noted, [weather])
      assert.deepStrictEqual(rolesOf(body), [
        "user",
        "assistant",
        "tool",
        "system",
        "assistant:Florence is off limits for now.",
        "system",
        "user"
      ])
      assert.deepStrictEqual(rolesOf(yield* HostBodies.firstBody("openrouter", trailing, [weather])), [
        "user",
        "assistant",
        "tool",
        "system"
      ])
    }).pipe(Effect.scoped))
})

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
