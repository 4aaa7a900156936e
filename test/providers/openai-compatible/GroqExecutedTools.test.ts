/**
 * What a Groq compound system's built-in tools did reaches the person: each run of `delta.executed_tools` (groq-sdk
 * 1.6.0 `ChatCompletionChunk.Choice.Delta.ExecutedTool`, named twice under its index: as it starts, then with its
 * output) is one tool call the provider ran, its output the call's result, and the pages a search found are sources.
 * Each stream is a recording of groq-sdk's chunk type served over HTTP to the Groq layer, read by the `ai` package's
 * own client (the UI message stream) and as AG-UI events; the next turn's request is read as Groq receives it: the
 * runs are not sent back (Groq's assistant message, `ChatCompletionAssistantMessageParam`, has no field for them, and
 * the model never made them as function calls). A malformed run never fails the stream.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import { AgUi, CallResponse, CallStream, Groq, LanguageModel, Message, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type { ChatCompletionChunk } from "groq-sdk/resources/chat/completions"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import { recorded } from "../../support/Collect.js"
import * as GroqChunks from "../../support/GroqChunks.js"
import { nextQuestion, readResponse } from "../../support/UIClient.js"

type ExecutedTool = ChatCompletionChunk.Choice.Delta.ExecutedTool

const apiKey = "gsk_test_0123456789abcdef"
const model = "groq/compound"
const chunk = GroqChunks.chunkOf(model, "chatcmpl-compound")
const sse = { "content-type": "text/event-stream" }

const search: ExecutedTool = { index: 0, type: "search", arguments: "{\"query\":\"effect typescript\"}" }
const searched: ExecutedTool = {
  ...search,
  output: "Title: Effect\nURL: https://effect.website\nContent: Effect is a TypeScript library.",
  search_results: {
    results: [
      { title: "Effect", url: "https://effect.website", content: "Effect is a TypeScript library.", score: 0.92 },
      { title: "Effect on GitHub", url: "https://github.com/Effect-TS/effect", content: "Effect", score: 0.81 }
    ]
  }
}
const python: ExecutedTool = { index: 1, type: "python", arguments: "{\"code\":\"print(2 ** 0.5)\"}" }
const ran: ExecutedTool = { ...python, output: "1.4142135623730951", code_results: [{ text: "1.4142135623730951" }] }

const answer = "Effect is a TypeScript library; the square root of 2 is 1.414."

/** A compound answer: each run named as it starts and again with its output, then the answer and the usage. */
const body = (runs: ReadonlyArray<ReadonlyArray<unknown>>) =>
  GroqChunks.sseOf([
    chunk({
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
      x_groq: { id: "req_compound" }
    }),
    chunk({ choices: [{ index: 0, delta: { reasoning: "I will search, then compute." }, finish_reason: null }] }),
    ...runs.map((executed) =>
      chunk({
        choices: [{ index: 0, delta: { executed_tools: executed as Array<ExecutedTool> }, finish_reason: null }]
      })
    ),
    chunk({ choices: [{ index: 0, delta: { content: answer }, finish_reason: null }] }),
    chunk({
      choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
      x_groq: {
        id: "req_compound",
        usage: { prompt_tokens: 900, completion_tokens: 60, total_tokens: 960 }
      }
    })
  ])

const compound = body([[search], [searched], [python], [ran]])

const groqAt = (baseUrl: string) =>
  Groq.model(model).pipe(
    Layer.provide(Groq.layer({ apiKey: Redacted.make(apiKey), baseUrl })),
    Layer.provide(clients[0]![1])
  )

const question = "What is Effect, and what is the square root of 2?"

/** The answer served to the browser as `fromStream` serves it, read by the `ai` client. */
const browserReads = (baseUrl: string) =>
  LanguageModel.stream(question).pipe(
    UIMessageStream.fromStream(),
    UIMessageStream.toResponse(),
    Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
    Effect.provide(groqAt(baseUrl))
  )

describe("Groq compound systems: the built-in tools a person sees", () => {
  it.effect("each run is one call the provider ran, with its arguments once and its output", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: compound })
      const response = yield* CallStream.accumulate(LanguageModel.stream(question)).pipe(
        Effect.provide(groqAt(baseUrl))
      )
      assert.strictEqual(response.content, answer)
      assert.deepStrictEqual(response.serverToolCalls.map((call) => [call.id, call.name, call.type, call.input]), [
        ["chatcmpl-compound-tool-0", "web_search", "search", { query: "effect typescript" }],
        ["chatcmpl-compound-tool-1", "code_interpreter", "python", { code: "print(2 ** 0.5)" }]
      ])
      assert.deepStrictEqual(response.serverToolResults.map((result) => [result.toolUseId, result.content]), [
        ["chatcmpl-compound-tool-0", { output: searched.output, search_results: searched.search_results }],
        ["chatcmpl-compound-tool-1", { output: ran.output, code_results: ran.code_results }]
      ])
      // Each run's fee once (bd65779c's reading of the same runs).
      assert.deepStrictEqual(response.costExtras.toolRuns, { 0: "search", 1: "python" })
    }).pipe(Effect.scoped))

  it.effect("each chunk says what it adds: the call as a run starts, the call again and its result with its output", () =>
    Effect.gen(function*() {
      const { chunks } = yield* recorded("groq", compound, model)
      const [started, finished] = [chunks[2]!, chunks[3]!]
      assert.deepStrictEqual(started.serverToolCallDeltas.map((delta) => [delta.name, delta.arguments, delta.whole]), [
        ["web_search", search.arguments, true]
      ])
      assert.deepStrictEqual(started.serverToolResults, [])
      assert.deepStrictEqual(finished.serverToolCallDeltas.map((delta) => [delta.name, delta.arguments, delta.whole]), [
        ["web_search", search.arguments, true]
      ])
      assert.deepStrictEqual(finished.serverToolResults.map((result) => [result.toolUseId, result.type]), [
        ["chatcmpl-compound-tool-0", "search"]
      ])
    }))

  it.effect("the browser shows a provider-executed tool part with its output, and the pages as sources", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const { chunks, errors, message } = yield* browserReads(server.serve({ headers: sse, body: compound }))
      assert.deepStrictEqual(errors, [])
      const tools = message!.parts.filter((part: any) => part.type.startsWith("tool-")) as Array<any>
      assert.deepStrictEqual(
        tools.map((part) => [part.type, part.toolCallId, part.state, part.providerExecuted, part.input, part.output]),
        [
          ["tool-web_search", "chatcmpl-compound-tool-0", "output-available", true, { query: "effect typescript" }, {
            output: searched.output,
            search_results: searched.search_results
          }],
          ["tool-code_interpreter", "chatcmpl-compound-tool-1", "output-available", true, {
            code: "print(2 ** 0.5)"
          }, { output: ran.output, code_results: ran.code_results }]
        ]
      )
      const sources = message!.parts.filter((part: any) => part.type === "source-url") as Array<any>
      assert.deepStrictEqual(sources.map((part) => [part.url, part.title]), [
        ["https://effect.website", "Effect"],
        ["https://github.com/Effect-TS/effect", "Effect on GitHub"]
      ])
      // The call shows once it ran: its input, then its output, each once.
      assert.deepStrictEqual(
        chunks.filter((chunk: any) => chunk.toolCallId === "chatcmpl-compound-tool-0").map((chunk: any) => chunk.type),
        ["tool-input-available", "tool-output-available"]
      )
      assert.strictEqual(
        message!.parts.filter((part: any) => part.type === "text").map((part: any) => part.text)[0],
        answer
      )
    }).pipe(Effect.scoped))

  it.effect("AG-UI: each run is a tool call marked as the provider's, with its result", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: compound })
      const events = yield* LanguageModel.stream(question).pipe(
        AgUi.fromStream({ threadId: "thread-compound", runId: "run-compound" }),
        Stream.runCollect,
        Effect.provide(groqAt(baseUrl))
      )
      const of = (id: string) => events.filter((event: any) => event.toolCallId === id) as Array<any>
      const searchEvents = of("chatcmpl-compound-tool-0")
      assert.deepStrictEqual(searchEvents.map((event) => event.type), [
        "TOOL_CALL_START",
        "TOOL_CALL_ARGS",
        "TOOL_CALL_END",
        "TOOL_CALL_RESULT"
      ])
      assert.strictEqual(searchEvents[0].toolCallName, "web_search")
      assert.strictEqual(searchEvents[0].metadata[AgUi.providerExecutedKey], true)
      assert.deepStrictEqual(JSON.parse(searchEvents[1].delta), { query: "effect typescript" })
      assert.deepStrictEqual(JSON.parse(searchEvents[3].content).search_results, searched.search_results)
      assert.deepStrictEqual(JSON.parse(of("chatcmpl-compound-tool-1")[3].content).output, ran.output)
      assert.isFalse(events.some((event: any) => event.type === "RUN_ERROR"))
    }).pipe(Effect.scoped))

  it.effect("the next turn sends Groq the answer's text, never the runs as calls the model made", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const next = body([])
      const baseUrl = server.serve([compound, next, compound, next].map((text) => ({ headers: sse, body: text })))
      const asked = Message.user(question)
      const followUp = Message.user("And the square root of 3?")
      // From the response (`CallResponse.toMessage`).
      const first = yield* CallStream.accumulate(LanguageModel.stream({ messages: [asked] })).pipe(
        Effect.provide(groqAt(baseUrl))
      )
      yield* LanguageModel.stream({ messages: [asked, CallResponse.toMessage(first), followUp] }).pipe(
        Stream.runDrain,
        Effect.provide(groqAt(baseUrl))
      )
      // From the browser: the answer as the `ai` client keeps it (its provider-executed tool parts), sent back.
      const { message } = yield* browserReads(baseUrl)
      const request = yield* UIMessageStream.toMessages(nextQuestion(question, message!, "And the square root of 3?"))
      yield* LanguageModel.stream({ messages: request.messages }).pipe(Stream.runDrain, Effect.provide(groqAt(baseUrl)))
      for (const at of [1, 3]) {
        const sent = JSON.parse(server.requests(baseUrl)[at]!.body)
        assert.deepStrictEqual(sent.messages, [
          { role: "user", content: question },
          { role: "assistant", content: answer },
          { role: "user", content: "And the square root of 3?" }
        ])
      }
    }).pipe(Effect.scoped))
  it.live("AG-UI: the client's next run sends Groq the answer's text, the runs and their results left out", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve([compound, body([])].map((text) => ({ headers: sse, body: text })))
      const model = yield* Layer.build(groqAt(baseUrl))
      const url = yield* AgUiClient.serve((input) =>
        AgUi.readRunInput(input).pipe(
          Effect.flatMap((run) =>
            LanguageModel.stream({ messages: run.messages }).pipe(
              AgUi.fromStream({ threadId: run.threadId, runId: run.runId }),
              AgUi.toResponse()
            )
          )
        )
      ).pipe(Effect.provide(model))
      const agent = AgUiClient.agentOf(url)
      agent.addMessage({ id: "u1", role: "user", content: question })
      const first = yield* AgUiClient.run(agent)
      assert.deepStrictEqual(AgUiClient.problems(first.events), [])
      // The client keeps the runs, marked, with their results, and posts them back with its next run.
      const kept = agent.messages.find((message) => message.role === "assistant") as any
      assert.deepStrictEqual(kept.toolCalls.map((call: any) => call.function.name), ["web_search", "code_interpreter"])
      assert.strictEqual(agent.messages.filter((message) => message.role === "tool").length, 2)
      agent.addMessage({ id: "u2", role: "user", content: "And the square root of 3?" })
      yield* AgUiClient.run(agent)
      const sent = JSON.parse(replay.requests(baseUrl)[1]!.body)
      assert.deepStrictEqual(sent.messages, [
        { role: "user", content: question },
        { role: "assistant", content: answer },
        { role: "user", content: "And the square root of 3?" }
      ])
    }).pipe(Effect.scoped))
})

describe("Groq's annotations (groq-sdk 1.6.0 ChatCompletionChunk.Choice.Delta.Annotation)", () => {
  it.effect("a document_citation is a source-document of the document it names; a function_citation shows nothing", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const cited = GroqChunks.sseOf([
        chunk({ choices: [{ index: 0, delta: { role: "assistant", content: "Effect" }, finish_reason: null }] }),
        chunk({
          choices: [{
            index: 0,
            delta: {
              content: " is a library.",
              annotations: [
                {
                  type: "document_citation",
                  document_citation: { document_id: "handbook", start_index: 0, end_index: 6 }
                },
                {
                  type: "document_citation",
                  document_citation: { document_id: "handbook", start_index: 7, end_index: 9 }
                },
                {
                  type: "function_citation",
                  function_citation: { tool_call_id: "call_1", start_index: 0, end_index: 6 }
                },
                // Not of their type's shape, or of a type no row names: ignored.
                { type: "document_citation", document_citation: { document_id: "d".repeat(257) } } as any,
                { type: "document_citation" } as any,
                { type: "__proto__" } as any,
                "not an annotation" as any
              ]
            },
            finish_reason: null
          }]
        }),
        chunk({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })
      ])
      const { chunks, errors, message } = yield* browserReads(server.serve({ headers: sse, body: cited }))
      assert.deepStrictEqual(errors, [])
      assert.deepStrictEqual(
        chunks.filter((chunk: any) => chunk.type.startsWith("source-")).map((chunk: any) => [chunk.type, chunk.title]),
        [["source-document", "handbook"]]
      )
      assert.strictEqual(
        message!.parts.filter((part: any) => part.type === "text").map((part: any) => part.text)[0],
        "Effect is a library."
      )
    }).pipe(Effect.scoped))
})

describe("Groq compound systems: hostile runs", () => {
  it.effect("a malformed run never fails the stream; what can be read is shown, bounded", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const pages = Array.from({ length: 150 }, (_, at) => ({ title: `Page ${at}`, url: `https://example.com/${at}` }))
      const hostile = body([
        "not a list" as unknown as Array<unknown>,
        [null, 7, "run", { index: -1, type: "search" }, { index: 0, type: "x".repeat(65) }, { type: "search" }],
        [{ index: 2, type: "search", arguments: { query: "an object" }, output: 7, search_results: { results: "x" } }],
        [{
          index: 3,
          type: "search",
          arguments: "{\"query\":\"pages\"}",
          search_results: {
            results: [
              { url: "javascript:alert(1)", title: "script" },
              { url: 42 },
              { url: "https://long.example/" + "a".repeat(3000) },
              { url: "https://titled.example", title: "t".repeat(2000) },
              ...pages
            ]
          }
        }],
        [{ index: 4, type: "__proto__", arguments: "{}", output: "ran" }]
      ])
      const { errors, message } = yield* browserReads(server.serve({ headers: sse, body: hostile }))
      assert.deepStrictEqual(errors, [])
      assert.strictEqual(
        message!.parts.filter((part: any) => part.type === "text").map((part: any) => part.text)[0],
        answer
      )
      const tools = message!.parts.filter((part: any) => part.type.startsWith("tool-")) as Array<any>
      // The run without its arguments' text shows none, its output only what is of groq-sdk's type; one of a type no
      // row names shows by its type.
      assert.deepStrictEqual(tools.map((part) => [part.type, part.state, part.input]), [
        ["tool-web_search", "output-available", {}],
        ["tool-web_search", "output-available", { query: "pages" }],
        ["tool-__proto__", "output-available", {}]
      ])
      assert.deepStrictEqual(tools[0].output, { search_results: { results: "x" } })
      const urls = message!.parts.filter((part: any) => part.type === "source-url").map((part: any) => part.url)
      // No script URL, no URL too long, a title too long dropped, at most 100 pages of a run.
      assert.strictEqual(urls[0], "https://titled.example")
      assert.strictEqual(urls.length, 100 - 3)
      assert.isFalse(urls.some((url: string) => !url.startsWith("https://") || url.length > 2048))
      const titled = message!.parts.find((part: any) => part.type === "source-url" && part.url === urls[0]) as any
      assert.isUndefined(titled.title)
    }).pipe(Effect.scoped))

  it.effect("a run's output larger than the stream's largest event is a typed failure, never a hang", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const huge = body([[search], [{ ...search, output: "x".repeat(64 * 1024) }]])
      const baseUrl = server.serve({ headers: sse, body: huge })
      const layer = Groq.model(model).pipe(
        Layer.provide(Groq.layer({ apiKey: Redacted.make(apiKey), baseUrl, maxEventSize: 16 * 1024 })),
        Layer.provide(clients[0]![1])
      )
      const result = yield* CallStream.accumulate(LanguageModel.stream(question)).pipe(
        Effect.provide(layer),
        Effect.flip
      )
      assert.strictEqual(result._tag, "MalformedPayloadError")
    }).pipe(Effect.scoped))
})

describe("a recorded compound answer (test/fixtures/groq/compound-web-search.sse, groq/compound)", () => {
  // Each chunk has an id of its own, and the run's first naming carries `search_results: { results: [] }`: one search,
  // named as it starts and again with its output (pydantic-ai's test of this recording: one call, one result).
  const recording = Fixtures.text("groq", "compound-web-search.sse")

  it.effect("its one search is one call with one result, and the browser shows it with its output", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([recording, recording].map((text) => ({ headers: sse, body: text })))
      const response = yield* CallStream.accumulate(LanguageModel.stream(question)).pipe(
        Effect.provide(groqAt(baseUrl))
      )
      assert.deepStrictEqual(response.serverToolCalls.map((call) => [call.name, call.type, call.input]), [
        ["web_search", "search", { query: "What is the weather in San Francisco today?" }]
      ])
      const [call] = response.serverToolCalls
      assert.deepStrictEqual(response.serverToolResults.map((result) => result.toolUseId), [call!.id])
      const [result] = response.serverToolResults as ReadonlyArray<any>
      assert.include(result.content.output, "Weather in San Francisco")
      assert.strictEqual(result.content.search_results.results.length, 16)
      assert.deepStrictEqual(response.costExtras.toolRuns, { 0: "search" })
      const { errors, message } = yield* browserReads(baseUrl)
      assert.deepStrictEqual(errors, [])
      const tools = message!.parts.filter((part: any) => part.type.startsWith("tool-")) as Array<any>
      assert.deepStrictEqual(tools.map((part) => [part.type, part.state, part.providerExecuted]), [
        ["tool-web_search", "output-available", true]
      ])
      assert.strictEqual(tools[0].output.search_results.results.length, 16)
    }).pipe(Effect.scoped))
})

describe("the answer's id, where a stream's chunk ids differ", () => {
  it.effect("an Azure stream, whose first chunk's id is empty (its prompt's filter results), gives none", () =>
    Effect.gen(function*() {
      const { chunks } = yield* recorded("azure", Fixtures.bytes("azure", "text.sse"), "gpt-4o")
      assert.strictEqual((chunks[0] as any).chunk.id, "")
      assert.isAbove(chunks.length, 2)
      assert.deepStrictEqual(chunks.filter((chunk: any) => chunk.answerId !== undefined), [])
    }))

  it.effect("a compound stream's chunks after its first carry the first chunk's id", () =>
    Effect.gen(function*() {
      const { chunks } = yield* recorded("groq", Fixtures.text("groq", "compound-web-search.sse"), model)
      const first = (chunks[0] as any).chunk.id
      assert.deepStrictEqual(chunks.slice(1).map((chunk: any) => chunk.answerId), chunks.slice(1).map(() => first))
    }))
})
