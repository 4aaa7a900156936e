/**
 * A user message with no text or file, on every wire a scripted model answers. Anthropic's Messages API refuses a text
 * block that is empty or only whitespace ("text content blocks must contain non-whitespace text"), and so does
 * Bedrock's Converse ("The text field in the ContentBlock object is blank"); Gemini refuses an empty text part
 * ("Unable to submit request because it has an empty text parameter") and takes whitespace; OpenAI's Chat Completions
 * and Responses APIs take an empty `content`. Where the API refuses it, the request is refused before it is sent, with
 * an `InvalidRequestError` naming the message (`messages[2]`) and its cause in one sentence, and saying so as data
 * (`refusedEmptyMessage`, `latest` for the conversation's last user message); where it takes it, it is sent. Whitespace alone used to reach Anthropic and Bedrock, which answered their own 400. Through `ChatEndpoint`, the
 * browser's message so refused is a 400, logged with its cause.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { ChatEndpoint, LanguageModel, Message } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"

/** The texts of a user message the model is sent after a first exchange: empty, whitespace, as text or as a part. */
const empties = {
  empty: Message.user(""),
  whitespace: Message.user(" \n\t"),
  emptyPart: Message.user([Message.text("")]),
  whitespacePart: Message.user([Message.text("  ")])
}

/** Which of `empties` each wire's API refuses. */
const refused: Readonly<Record<string, ReadonlyArray<keyof typeof empties>>> = {
  openai: [],
  "openai-responses": [],
  groq: [],
  anthropic: ["empty", "whitespace", "emptyPart", "whitespacePart"],
  bedrock: ["empty", "whitespace", "emptyPart", "whitespacePart"],
  google: ["empty", "emptyPart"]
}

describe("a user message with no text or file", () => {
  for (const wire of EndpointApp.scriptedWires) {
    it.effect(`${wire}: refused before it is sent where the API refuses it, naming it; sent where it takes it`, () =>
      Effect.gen(function*() {
        for (const [name, message] of Object.entries(empties)) {
          const messages = [Message.user("Hi"), Message.assistant("Hello."), message]
          const result = yield* Stream.runDrain(LanguageModel.stream({ messages })).pipe(
            Effect.provide(TestKit.scripted([{ text: "Yes?" }], { provider: wire })),
            Effect.result
          )
          if (!refused[wire]!.includes(name as keyof typeof empties)) {
            assert.strictEqual(result._tag, "Success", `${wire} ${name}`)
            continue
          }
          assert.strictEqual(result._tag, "Failure", `${wire} ${name}`)
          const error = (result as any).failure
          assert.strictEqual(error._tag, "InvalidRequestError")
          assert.strictEqual(error.parameter, "messages[2]")
          assert.strictEqual(error.status, undefined, "refused before it is sent")
          assert.include(error.message, "messages[2]: a user message with no text or file, which this API refuses")
          assert.deepStrictEqual(error.refusedEmptyMessage, { latest: true }, `${wire} ${name}`)
        }
        // One earlier in the conversation, a user message after it: told as not the latest.
        const earlier = [Message.user(""), Message.assistant("Hello."), Message.user("Hi")]
        const result = yield* Stream.runDrain(LanguageModel.stream({ messages: earlier })).pipe(
          Effect.provide(TestKit.scripted([{ text: "Yes?" }], { provider: wire })),
          Effect.result
        )
        if (refused[wire]!.includes("empty")) {
          const error = (result as any).failure
          assert.strictEqual(error?.parameter, "messages[0]", wire)
          assert.deepStrictEqual(error.refusedEmptyMessage, { latest: false }, wire)
        } else assert.strictEqual(result._tag, "Success", wire)
      }))
  }
})

describe("ChatEndpoint: a user message of whitespace, for Claude", () => {
  it.live("a 400, logged naming messages[0] and its cause", () =>
    Effect.gen(function*() {
      const lines: Array<EndpointApp.LogLine> = []
      const server = yield* EndpointApp.viaWebHandler(
        ChatEndpoint.layer({}).pipe(
          Layer.provide(EndpointApp.scripted([{ text: "Yes?" }], "anthropic", [])),
          Layer.provide(EndpointApp.collecting(lines))
        )
      )
      const chat = new EndpointApp.EndpointClient(server, "blank")
      const body = JSON.stringify({
        id: chat.id,
        messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: " \n" }] }],
        trigger: "submit-message"
      })
      const status = yield* Effect.promise(async () =>
        (await chat.fetch("http://localhost/api/chat", { method: "POST", body })).status
      )
      assert.strictEqual(status, 400)
      assert.isTrue(
        lines.some((line) => line.message.includes("messages[0]: a user message with no text or file")),
        JSON.stringify(lines.map((line) => line.message))
      )
    }))
})
