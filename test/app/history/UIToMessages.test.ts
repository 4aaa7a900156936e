/**
 * `UIMessageStream.toMessages` on the bodies the `ai` package's `DefaultChatTransport` POSTs (what `useChat`
 * sends): a multi-turn conversation with a file and a tool round trip sends the provider the same request as
 * the hand-built `Message` list; a body that is not a chat request, or a part of a type not known, is an
 * `InvalidRequestError` (status 400) naming the field. The conversation here is written by hand, so it is read
 * with `trustHistory` (and its system message with `allowSystem`); test/app/history/History.test.ts checks what a
 * server takes by default.
 */
import { assert, describe, it } from "@effect/vitest"
import { DefaultChatTransport, type UIMessage } from "ai"
import { Effect, Schema, Stream } from "effect"
import { LanguageModel, Message, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const png =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
const pdf = "data:application/pdf;base64,JVBERi0xLjQKJcOkw7zDtsOfCg=="

/** A conversation as `useChat` holds it: a file, a tool round trip over two steps, and a new question. */
const conversation: Array<UIMessage> = [
  { id: "s", role: "system", parts: [{ type: "text", text: "Be brief." }] },
  {
    id: "u1",
    role: "user",
    parts: [
      { type: "file", mediaType: "image/png", url: png, filename: "dot.png" },
      { type: "file", mediaType: "application/pdf", url: pdf, filename: "notes.pdf" },
      { type: "text", text: "What is in these, and what is the weather in Paris?" }
    ]
  },
  {
    id: "a1",
    role: "assistant",
    parts: [
      { type: "step-start" },
      { type: "reasoning", text: "The user wants the weather.", state: "done" },
      { type: "text", text: "A dot and some notes. Checking the weather.", state: "done" },
      {
        type: "tool-get_weather",
        toolCallId: "call_1",
        state: "output-available",
        input: { city: "Paris" },
        output: { temperature: 21, sky: "clear" }
      },
      { type: "step-start" },
      { type: "text", text: "It is 21 °C and clear in Paris.", state: "done" },
      { type: "source-url", sourceId: "s1", url: "https://example.com/weather" }
    ]
  },
  { id: "u2", role: "user", parts: [{ type: "text", text: "And tomorrow?" }] }
]

/** The same conversation, written by hand. */
const handBuilt: ReadonlyArray<Message.Message> = [
  Message.system("Be brief."),
  Message.user([
    Message.image(png, { mediaType: "image/png" }),
    Message.file(pdf, { mediaType: "application/pdf", filename: "notes.pdf" }),
    Message.text("What is in these, and what is the weather in Paris?")
  ]),
  Message.assistant("A dot and some notes. Checking the weather.", {
    toolCalls: [new Tool.ToolCall({ id: "call_1", name: "get_weather", arguments: JSON.stringify({ city: "Paris" }) })]
  }),
  Message.toolResult({
    toolCallId: "call_1",
    name: "get_weather",
    content: JSON.stringify({ temperature: 21, sky: "clear" })
  }),
  Message.assistant("It is 21 °C and clear in Paris."),
  Message.user("And tomorrow?")
]

/** What `DefaultChatTransport` POSTs for `messages`, captured by its `fetch`. */
const bodyOf = async (messages: Array<UIMessage>, extra: object = {}): Promise<unknown> => {
  let body: unknown
  const transport = new DefaultChatTransport({
    api: "http://chat.invalid/api/chat",
    body: extra,
    fetch: (async (_url: unknown, init?: RequestInit) => {
      body = JSON.parse(String(init?.body))
      return new Response("data: [DONE]\n\n", {
        headers: { "content-type": "text/event-stream", "x-vercel-ai-ui-message-stream": "v1" }
      })
    }) as typeof fetch
  })
  const stream = await transport.sendMessages({
    chatId: "chat-1",
    messages,
    trigger: "submit-message",
    messageId: undefined,
    abortSignal: undefined
  })
  await stream.pipeTo(new WritableStream())
  return body
}

/** The hand-written history is taken as it is. */
const trusted = { allowSystem: true, trustHistory: true }

const weather = Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) })

describe("toMessages", () => {
  it.effect("decodes a DefaultChatTransport body: id, trigger, and the conversation as Messages", () =>
    Effect.gen(function*() {
      const body = yield* Effect.promise(() => bodyOf(conversation, { temperature: 0.2 }))
      const request = yield* UIMessageStream.toMessages(body, trusted)
      assert.strictEqual(request.id, "chat-1")
      assert.strictEqual(request.trigger, "submit-message")
      assert.deepStrictEqual(request.messages, handBuilt)
      // The text of the body decodes the same.
      assert.deepStrictEqual((yield* UIMessageStream.toMessages(JSON.stringify(body), trusted)).messages, handBuilt)
    }))

  for (const folder of ["openai", "anthropic", "bedrock", "openai-responses", "google"] as const) {
    it.live(`${folder}: the provider receives the same request as for the hand-built Messages`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const [, client] = clients[0]!
        const recording = RecordedModels.recordings(folder)[0]!
        const requestFor = (messages: ReadonlyArray<Message.Message>) =>
          Effect.gen(function*() {
            const baseUrl = server.serve({
              headers: { "content-type": RecordedModels.contentType(folder) },
              body: recording.body
            })
            yield* LanguageModel.stream({ messages, tools: [weather] }).pipe(
              Stream.runDrain,
              Effect.ignore,
              Effect.provide(RecordedModels.model(folder, baseUrl, client))
            )
            return server.requests(baseUrl)[0]!.body
          })
        const body = yield* Effect.promise(() => bodyOf(conversation))
        const { messages } = yield* UIMessageStream.toMessages(body, trusted)
        const sent = yield* requestFor(messages)
        assert.strictEqual(sent, yield* requestFor(handBuilt))
        assert.include(sent, "And tomorrow?")
      }))
  }

  const failure = (body: unknown) => Effect.flip(UIMessageStream.toMessages(body, trusted))

  it.effect("a body that is not a chat request fails with the field named, for a 400", () =>
    Effect.gen(function*() {
      const notJson = yield* failure("{")
      assert.strictEqual(notJson._tag, "InvalidRequestError")
      assert.strictEqual(notJson.status, 400)
      const noMessages = yield* failure({ id: "x" })
      assert.strictEqual(noMessages.parameter, "messages")
      const badRole = yield* failure({ messages: [{ id: "m", role: "robot", parts: [] }] })
      assert.strictEqual(badRole.parameter, "messages[0].role")
      const badText = yield* failure({ messages: [{ id: "m", role: "user", parts: [{ type: "text", text: 3 }] }] })
      assert.strictEqual(badText.parameter, "messages[0].parts[0].text")
      assert.match(badText.message, /messages\[0\]\.parts\[0\]\.text/)
    }))

  it.effect("a file whose url is a storage URI is refused: the provider would read it as this server", () =>
    Effect.gen(function*() {
      for (const url of ["s3://payroll/2026.pdf", "GS://secrets/key.pdf", "file:///etc/passwd", "blob:x"]) {
        const file = { type: "file", mediaType: "application/pdf", url }
        const error = yield* failure({
          messages: [{ id: "u", role: "user", parts: [{ type: "text", text: "read it" }, file] }]
        })
        assert.strictEqual(error.status, 400)
        assert.strictEqual(error.parameter, "messages[0].parts[1].url", url)
        assert.include(error.message, "a data: URL or an http(s) URL")
      }
      // What a provider may fetch, or bytes, still go through.
      for (const url of ["https://example.com/a.pdf", "HTTP://example.com/a.pdf", pdf]) {
        const file = { type: "file", mediaType: "application/pdf", url }
        const { messages } = yield* UIMessageStream.toMessages({ messages: [{ id: "u", role: "user", parts: [file] }] })
        assert.strictEqual(messages.length, 1)
      }
    }))

  it.effect("fileIds: each file id a taken message names is asked; with the app's history, the last message's alone", () =>
    Effect.gen(function*() {
      const named = (id: string) => ({
        type: "file",
        mediaType: "application/pdf",
        url: "https://example.com/a.pdf",
        providerReference: { openai: id }
      })
      const body = {
        messages: [
          { id: "u1", role: "user", parts: [named("file-old")] },
          { id: "a1", role: "assistant", parts: [{ type: "text", text: "Read." }] },
          { id: "u2", role: "user", parts: [{ type: "text", text: "and" }, named("file-new")] }
        ]
      }
      const asked: Array<string> = []
      const fileIds = (ids: Readonly<Record<string, string>>) =>
        Effect.sync(() => asked.push(ids["openai"]!)).pipe(Effect.as(ids["openai"] !== "file-old"))
      const refused = yield* Effect.flip(UIMessageStream.toMessages(body, { trustHistory: true, fileIds }))
      assert.strictEqual(refused.parameter, "messages[0].parts[0].providerReference")
      asked.length = 0
      const history = [Message.user("Read this"), Message.assistant("Read.")]
      const { messages } = yield* UIMessageStream.toMessages(body, { history, fileIds })
      assert.deepStrictEqual(asked, ["file-new"])
      assert.strictEqual(messages.length, 3)
    }))

  it.effect("a part of a type not known fails naming it, never dropped", () =>
    Effect.gen(function*() {
      const body = yield* Effect.promise(() =>
        bodyOf([
          ...conversation.slice(0, 2),
          { id: "u3", role: "user", parts: [{ type: "text", text: "hi" }, { type: "hologram", data: 1 } as any] }
        ])
      )
      const error = yield* failure(body)
      assert.strictEqual(error.parameter, "messages[2].parts[1].type")
      assert.match(error.message, /hologram/)
    }))

  it.effect("a tool call that failed or was denied is an error result; one without an outcome is not sent", () =>
    Effect.gen(function*() {
      const { messages } = yield* UIMessageStream.toMessages({
        messages: [{
          id: "a",
          role: "assistant",
          parts: [
            {
              type: "dynamic-tool",
              toolName: "search",
              toolCallId: "c1",
              state: "output-error",
              input: {},
              errorText: "timeout"
            },
            { type: "tool-get_weather", toolCallId: "c2", state: "output-denied", input: { city: "Rome" } },
            { type: "tool-get_weather", toolCallId: "c3", state: "input-streaming" },
            { type: "data-progress", data: { step: 1 } }
          ]
        }]
      }, trusted)
      assert.deepStrictEqual(messages.map((message) => message._tag), [
        "AssistantMessage",
        "ToolResultMessage",
        "ToolResultMessage"
      ])
      const [assistant, failed, denied] = messages as [
        Message.AssistantMessage,
        Message.ToolResultMessage,
        Message.ToolResultMessage
      ]
      assert.deepStrictEqual(assistant.toolCalls.map((call) => call.name), ["search", "get_weather"])
      assert.isTrue(failed.isError && failed.content === "timeout")
      assert.isTrue(denied.isError)
    }))
})
