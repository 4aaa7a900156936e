/**
 * The tool loop with Gemini (the Gemini API, and Vertex AI once), over the replay server with both HTTP clients.
 *
 * Recorded conversations (see the fixtures' SOURCES.md): the AI SDK's `issue-10781` pair (gemini-3.1-pro-preview
 * calls `get_weather` with a call id and a signature, `tool-call-id.sse`, then answers, `tool-loop-answer.sse`)
 * and Pydantic AI's `test_google_streaming_tool_call_thought_signature` pair (gemini-3-pro-preview calls
 * `get_country` without an id, `tool-call-signature-gemini3.sse`, then answers). Parallel calls, approvals and
 * arguments the Schema rejects are scripted with the test kit's Gemini payload builder.
 *
 * Wire rules: Google's "Thought signatures" guide (https://ai.google.dev/gemini-api/docs/thought-signatures):
 * a signature goes back in the exact part it came in, Gemini 3 rejects a step whose first `functionCall` part
 * lost it (4xx), parallel calls carry it on the first call only; the `@google/genai` types: `FunctionCall.id`
 * and `FunctionResponse.id` ("populated by the client to match the corresponding function call `id`"),
 * `FunctionResponse.response` with the output, or an `error` key for a failure. Every `functionResponse` of a
 * step goes back in the one user turn after the model's turn.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Layer, Option, Redacted, Schema, Stream } from "effect"
import { CallStream, Google, LanguageModel, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type * as HttpClient from "effect/http/HttpClient"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as LoopWire from "../../support/LoopWire.js"

const sse = { "content-type": "text/event-stream" }
const recorded = (name: string) => ({ headers: sse, body: Fixtures.bytes("google", name), cuts: [150, 600] })

/** The `thoughtSignature` of the recording's `functionCall` part, read from the file as it is. */
const recordedSignature = (name: string): string =>
  new TextDecoder().decode(Fixtures.bytes("google", name)).split("\n")
    .filter((line) => line.startsWith("data:"))
    .flatMap((line) => JSON.parse(line.slice(5)).candidates[0].content.parts)
    .find((part: any) => part.functionCall !== undefined).thoughtSignature

/** A Gemini 3 model (whose turns must carry their signatures) on the Gemini API or Vertex AI. */
const gemini3 = (
  host: "gemini" | "vertex",
  name: string,
  baseUrl: string,
  client: Layer.Layer<HttpClient.HttpClient>
) =>
  (host === "gemini"
    ? Google.model(name).pipe(Layer.provide(Google.layer({ apiKey: Redacted.make("gm-loop"), baseUrl })))
    : Google.vertexModel(name).pipe(Layer.provide(Google.vertexLayer({
      project: "loop-project",
      location: "us-central1",
      accessToken: Redacted.make("ya29.loop"),
      baseUrl
    })))).pipe(Layer.provide(client))

const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
  ({ q }) => Effect.succeed(`found ${q}`)
)

/** A request body as Gemini reads it. */
const body = (request: ReplayServer.RecordedRequest): any => JSON.parse(request.body)

const conversations = [
  {
    name: "gemini-3.1-pro-preview with call ids",
    host: "gemini",
    files: ["tool-call-id.sse", "tool-loop-answer.sse"],
    tool: Tool.handle(
      Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) }),
      ({ city }) => Effect.succeed(`sunny in ${city}`)
    ),
    turn: [{ text: "Let me check." }, {
      functionCall: { name: "get_weather", args: { city: "San Francisco" }, id: "g1bmv6il" }
    }],
    response: { name: "get_weather", response: { result: "sunny in San Francisco" }, id: "g1bmv6il" },
    // Gemini 3.1 Pro, $2 in and $12 out per million (thoughts billed as output): prompt 83 + 311, output
    // 21 + 178 thoughts + 13 + 161 thoughts.
    usage: { inputTokens: 394, outputTokens: 373, reasoningTokens: 339 },
    cost: "0.005264"
  },
  {
    name: "gemini-3-pro-preview without call ids, on Vertex AI",
    host: "vertex",
    files: ["tool-call-signature-gemini3.sse", "tool-call-signature-gemini3-answer.sse"],
    tool: Tool.handle(Tool.make("get_country", { parameters: Schema.Struct({}) }), () => Effect.succeed("Mexico")),
    turn: [{ functionCall: { name: "get_country", args: {} } }],
    // Answered by name: Google sent no id, and none is made up for it.
    response: { name: "get_country", response: { result: "Mexico" } },
    // Gemini 3 Pro, $2 / $12: prompt 29 + 257, output 10 + 202 thoughts + 8.
    usage: { inputTokens: 286, outputTokens: 220, reasoningTokens: 202 },
    cost: "0.003212"
  }
] as const

describe("the tool loop with Gemini", () => {
  for (const [clientName, client] of clients) {
    for (const conversation of conversations) {
      it.live(`recorded, ${conversation.name}: the turn goes back signed, the result answers it (${clientName})`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const baseUrl = server.serve(conversation.files.map(recorded))
          const model = conversation.files[0] === "tool-call-id.sse" ? "gemini-3.1-pro-preview" : "gemini-3-pro-preview"
          const events = yield* Stream.runCollect(
            LanguageModel.runTools({ messages: [Message.user("Weather?")], tools: [conversation.tool] })
          ).pipe(Effect.provide(gemini3(conversation.host, model, baseUrl, client)))
          const done = events[events.length - 1] as LanguageModel.DoneEvent
          assert.strictEqual(done.reason, "stop")
          const requests = server.requests(baseUrl)
          assert.strictEqual(requests.length, 2)
          if (conversation.host === "vertex") {
            assert.match(
              requests[1]!.path,
              /\/projects\/loop-project\/locations\/us-central1\/publishers\/google\/models\/gemini-3-pro-preview:streamGenerateContent\?alt=sse$/
            )
          }
          const [first, second] = requests.map(body)
          for (const sent of [first, second]) {
            assert.deepStrictEqual(sent.tools[0].functionDeclarations.map((f: any) => f.name), [conversation.tool.name])
          }
          // The model's turn exactly as it came: its parts, the call's own signature on it (never Google's
          // placeholder), no empty text part; then the result in one user turn.
          const [call, ...before] = [...conversation.turn].reverse()
          assert.deepStrictEqual(second.contents, [
            { role: "user", parts: [{ text: "Weather?" }] },
            {
              role: "model",
              parts: [...before.reverse(), { ...call, thoughtSignature: recordedSignature(conversation.files[0]) }]
            },
            { role: "user", parts: [{ functionResponse: conversation.response }] }
          ])
          // Usage and cost summed over the two steps, exactly.
          assert.deepStrictEqual(
            [done.usage.inputTokens, done.usage.outputTokens, done.usage.reasoningTokens],
            [conversation.usage.inputTokens, conversation.usage.outputTokens, conversation.usage.reasoningTokens]
          )
          assert.isTrue(
            BigDecimal.equals(Option.getOrThrow(done.cost).total, BigDecimal.fromStringUnsafe(conversation.cost))
          )
          assert.deepStrictEqual(done.messages.map((message) => message._tag), [
            "UserMessage",
            "AssistantMessage",
            "ToolResultMessage",
            "AssistantMessage"
          ])
        }).pipe(Effect.scoped))
    }

    it.live(`parallel calls after thoughts: the first call signed, the results grouped (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          LoopWire.scripted("google", {
            reasoning: ["Two lookups", " at once."],
            calls: [
              { id: "c1", name: "lookup", arguments: "{\"q\":\"moria\"}" },
              { id: "c2", name: "lookup", arguments: "{\"q\":\"rohan\"}" }
            ]
          }, "1"),
          LoopWire.scripted("google", { texts: ["Both found."] }, "2")
        ])
        const done = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Find both")], tools: [lookup] })
          .pipe(Effect.provide(gemini3("gemini", "gemini-3-pro-preview", baseUrl, client)))
        assert.strictEqual(done.reason, "stop")
        const sent = body(server.requests(baseUrl)[1]!)
        assert.deepStrictEqual(sent.contents.slice(1), [
          {
            role: "model",
            parts: [
              { text: "Two lookups at once.", thought: true },
              { functionCall: { name: "lookup", args: { q: "moria" }, id: "c1" }, thoughtSignature: "sig-1" },
              { functionCall: { name: "lookup", args: { q: "rohan" }, id: "c2" } }
            ]
          },
          {
            role: "user",
            parts: [
              { functionResponse: { name: "lookup", response: { result: "found moria" }, id: "c1" } },
              { functionResponse: { name: "lookup", response: { result: "found rohan" }, id: "c2" } }
            ]
          }
        ])
      }).pipe(Effect.scoped))

    it.live(`arguments the Schema rejects go back as an error response naming the field (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          LoopWire.scripted("google", {
            calls: [
              { id: "bad", name: "lookup", arguments: "{\"q\":5}" },
              { id: "good", name: "lookup", arguments: "{\"q\":\"c\"}" }
            ]
          }, "1"),
          LoopWire.scripted("google", { texts: ["Fixed."] }, "2")
        ])
        const done = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Look up")], tools: [lookup] })
          .pipe(Effect.provide(LoopWire.modelAt("google", baseUrl, client)))
        assert.strictEqual(done.steps.length, 2)
        const [bad, good] = body(server.requests(baseUrl)[1]!).contents[2].parts.map((p: any) => p.functionResponse)
        assert.deepStrictEqual([bad.id, bad.name, Object.keys(bad.response)], ["bad", "lookup", ["error"]])
        assert.match(bad.response.error, /\bq\b/)
        assert.deepStrictEqual(good, { name: "lookup", response: { result: "found c" }, id: "good" })
      }).pipe(Effect.scoped))

    it.live(`approvals: the call waits, the answer goes back with the other result (${clientName})`, () =>
      Effect.gen(function*() {
        const wipe = Tool.handle(
          Tool.make("wipe", { parameters: Schema.Struct({ path: Schema.String }) }),
          ({ path }) => Effect.succeed(`wiped ${path}`),
          { needsApproval: true }
        )
        const tools = [lookup, wipe]
        const server = yield* ReplayServer.make
        const firstUrl = server.serve(LoopWire.scripted("google", {
          calls: [
            { id: "w1", name: "wipe", arguments: "{\"path\":\"/tmp\"}" },
            { id: "l1", name: "lookup", arguments: "{\"q\":\"tmp\"}" }
          ]
        }, "1"))
        const asked = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Clean up")], tools })
          .pipe(Effect.provide(LoopWire.modelAt("google", firstUrl, client)))
        assert.strictEqual(asked.reason, "approval")
        for (const [approved, expected] of [[true, { result: "wiped /tmp" }], [false, undefined]] as const) {
          const url = server.serve(LoopWire.scripted("google", { texts: ["Done."] }, "2"))
          yield* LanguageModel.runToolsToEnd({
            messages: [...asked.messages, Message.toolApproval({ toolCallId: "w1", approved, reason: "not now" })],
            tools
          }).pipe(Effect.provide(LoopWire.modelAt("google", url, client)))
          const contents = body(server.requests(url)[0]!).contents
          assert.deepStrictEqual(contents[1].parts.map((p: any) => p.functionCall.id), ["w1", "l1"])
          const responses = contents[2].parts.map((p: any) => p.functionResponse)
          assert.deepStrictEqual(responses.map((r: any) => r.id).sort(), ["l1", "w1"])
          const answer = responses.find((r: any) => r.id === "w1").response
          if (expected !== undefined) assert.deepStrictEqual(answer, expected)
          else assert.match(answer.error, /denied.*not now/)
          assert.strictEqual(contents.length, 3)
        }
      }).pipe(Effect.scoped))
  }
})

describe("a Gemini turn sent back", () => {
  it.effect("without empty unsigned text parts (Vertex refuses them), a signed one kept, an empty turn left out", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(recorded("text.sse"))
      const turn = (blocks: ReadonlyArray<unknown>) =>
        Message.assistant("", { content: new Message.ProviderContent({ provider: "google", blocks }) })
      yield* CallStream.accumulate(LanguageModel.stream({
        messages: [
          Message.user("One"),
          turn([{ text: "" }]),
          Message.user("Two"),
          turn([{ text: "Yes" }, { text: "" }, { text: "", thoughtSignature: "sig-end" }]),
          Message.user("Three")
        ]
      })).pipe(Effect.provide(gemini3("gemini", "gemini-3-pro-preview", baseUrl, clients[0]![1])))
      assert.deepStrictEqual(body(server.requests(baseUrl)[0]!).contents, [
        { role: "user", parts: [{ text: "One" }, { text: "Two" }] },
        { role: "model", parts: [{ text: "Yes" }, { text: "", thoughtSignature: "sig-end" }] },
        { role: "user", parts: [{ text: "Three" }] }
      ])
    }).pipe(Effect.scoped))
})
