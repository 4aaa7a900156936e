/**
 * Google's faults and requests: error responses (Google's `google.rpc.Status` JSON, `RetryInfo`), an error
 * event inside a 200 stream, bodies cut before the last candidate event carried a `finishReason` (Gemini sends
 * no end marker; a `STOP` followed by more is not the end), malformed events, and request bodies typed with
 * `@google/genai`'s `GenerateContentParameters` fields.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Content, GenerationConfig, Tool as GenaiTool, ToolConfig } from "@google/genai"
import { FinishReason as GenaiFinishReason } from "@google/genai"
import { Effect, Layer, Redacted, Schema } from "effect"
import { CallResponse, Google, LanguageModel, Message, ProviderError, SpendLimit, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect, failureOf } from "../../support/Collect.js"

const sse = { "content-type": "text/event-stream" }
const key = "AIza-secret-key-0123456789"

const modelAt = (baseUrl: string, name = "gemini-2.5-flash", client = clients[0]![1]) =>
  Google.model(name).pipe(
    Layer.provide(Google.layer({ apiKey: Redacted.make(key), baseUrl })),
    Layer.provide(client)
  )

const run = (baseUrl: string, input: LanguageModel.Input = "hi", name?: string) =>
  collect(LanguageModel.stream(input)).pipe(Effect.provide(modelAt(baseUrl, name)))

const event = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`
const text = (t: string, finishReason?: string) => ({
  candidates: [{
    content: { role: "model", parts: [{ text: t }] },
    index: 0,
    ...(finishReason ? { finishReason } : {})
  }],
  modelVersion: "gemini-2.5-flash",
  responseId: "r1"
})

describe("Google errors", () => {
  for (const [clientName, client] of clients) {
    it.effect(`RESOURCE_EXHAUSTED is a rate limit waiting RetryInfo's delay, even as text/event-stream (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({
          status: 429,
          headers: sse,
          body: Fixtures.bytes("google", "http-429-retry-info.json")
        })
        const { result } = yield* collect(LanguageModel.stream("hi")).pipe(
          Effect.provide(modelAt(baseUrl, undefined, client))
        )
        const error = failureOf(result)
        assert.instanceOf(error, ProviderError.RateLimitError)
        assert.strictEqual(error.errorType, "RESOURCE_EXHAUSTED")
        assert.strictEqual(error.retryAfterMillis, 34_400)
        assert.include(error.message, "You exceeded your current quota")
        assert.notInclude(JSON.stringify(error) + String(error), key)
      }))
  }

  it.effect("an error status whose body is framed as an event is read as Google's error object", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        status: 503,
        headers: sse,
        body: "data: {\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}\n\n"
      })
      const error = failureOf((yield* run(baseUrl)).result)
      assert.instanceOf(error, ProviderError.ProviderUnavailableError)
      assert.strictEqual(error.errorType, "UNAVAILABLE")
      assert.strictEqual(error.status, 503)
      assert.include(error.message, "The model is overloaded.")
    }))

  it.effect("INVALID_ARGUMENT is an invalid request with Google's message", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ status: 400, body: Fixtures.bytes("google", "http-400.json") })
      const error = failureOf((yield* run(baseUrl)).result)
      assert.instanceOf(error, ProviderError.InvalidRequestError)
      assert.strictEqual(error.errorType, "INVALID_ARGUMENT")
      assert.include(error.message, "Penalty is not enabled")
    }))

  it.effect("a key the Gemini API refuses (400, reason API_KEY_INVALID) is an authentication error", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      // As recorded: the 400 came with the stream's content type.
      const baseUrl = server.serve({
        status: 400,
        headers: sse,
        body: Fixtures.bytes("google", "http-400-api-key-invalid.json")
      })
      const error = failureOf((yield* run(baseUrl)).result)
      assert.instanceOf(error, ProviderError.AuthenticationError)
      assert.strictEqual(error.status, 400)
      assert.strictEqual(error.errorType, "INVALID_ARGUMENT")
      assert.include(error.message, "API key not valid. Please pass a valid API key.")
      assert.isFalse(error.retryable)
    }))

  it.effect("an error event inside a 200 stream fails after the chunks before it, with Google's status", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = event(text("Hello")) +
        event({ error: { code: 503, message: "The model is overloaded.", status: "UNAVAILABLE" } })
      const { chunks, result } = yield* run(server.serve({ headers: sse, body }))
      assert.strictEqual(chunks.length, 1)
      assert.strictEqual(chunks[0]!.content, "Hello")
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.ProviderUnavailableError)
      assert.strictEqual(error.errorType, "UNAVAILABLE")
      assert.strictEqual(error.status, 503)
      assert.isTrue(error.retryable)
    }))

  it.effect("malformed JSON and a schema violation are malformed payloads after the chunks before them", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const bad = yield* run(server.serve({ headers: sse, body: event(text("a")) + "data: {\"candidates\": [\n\n" }))
      assert.strictEqual(bad.chunks.length, 1)
      assert.instanceOf(failureOf(bad.result), ProviderError.MalformedPayloadError)
      const wrong = yield* run(server.serve({ headers: sse, body: event(text("a")) + event({ candidates: "no" }) }))
      assert.strictEqual(wrong.chunks.length, 1)
      assert.instanceOf(failureOf(wrong.result), ProviderError.MalformedPayloadError)
    }))
})

describe("the end of a Gemini stream", () => {
  it.effect("a body cut right after a first STOP that more events follow is truncated", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      // A server tool: STOP, then the tool's response, then the answer and STOP again.
      const whole = event(text("Calling the tool.", "STOP")) +
        event({ candidates: [{ content: { role: "model", parts: [{ text: "The answer." }] }, index: 0 }] }) +
        event(text("", "STOP"))
      const complete = yield* run(server.serve({ headers: sse, body: whole }))
      assert.strictEqual(complete.result._tag, "Success")
      assert.strictEqual(
        complete.chunks.reduce(CallResponse.append, CallResponse.empty).content,
        "Calling the tool.The answer."
      )
      const cutAfterFirstStop = yield* run(
        server.serve({
          headers: sse,
          body: whole.slice(0, whole.indexOf("\n\n") + 2) +
            whole.slice(whole.indexOf("\n\n") + 2, whole.lastIndexOf("data:"))
        })
      )
      assert.strictEqual(cutAfterFirstStop.chunks.length, 2)
      assert.instanceOf(failureOf(cutAfterFirstStop.result), ProviderError.TruncatedStreamError)
    }))

  it.effect("a recorded body cut after the STOP that ends the code Gemini runs is truncated", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      // gemini-2.5-pro's code execution: the code with STOP, then its result, the answer, and STOP again.
      const recorded = new TextDecoder().decode(Fixtures.bytes("google", "code-execution-stream.sse"))
      const code = recorded.indexOf("data:", recorded.indexOf("\"finishReason\": \"STOP\""))
      const cut = yield* run(server.serve({ headers: sse, body: recorded.slice(0, code) }), "hi", "gemini-2.5-pro")
      assert.strictEqual(cut.chunks.length, 3)
      assert.instanceOf(failureOf(cut.result), ProviderError.TruncatedStreamError)
      const whole = yield* run(server.serve({ headers: sse, body: recorded }), "hi", "gemini-2.5-pro")
      assert.strictEqual(whole.result._tag, "Success")
      // File search runs as code whose result is not streamed: the answer after it ends the body.
      const search = yield* run(
        server.serve({ headers: sse, body: Fixtures.bytes("google", "file-search.sse") }),
        "hi",
        "gemini-2.5-pro"
      )
      assert.strictEqual(search.result._tag, "Success")
    }))

  it.effect("a SAFETY candidate without content is a content-filter ending", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = event({
        candidates: [{
          finishReason: "SAFETY",
          index: 0,
          safetyRatings: [{ category: "HARM_CATEGORY_HARASSMENT", probability: "HIGH", blocked: true }]
        }],
        usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 }
      })
      const { chunks, result } = yield* run(server.serve({ headers: sse, body }))
      assert.strictEqual(result._tag, "Success")
      const chunk = chunks[0] as Google.GoogleCallResponseChunk
      assert.deepStrictEqual(chunk.commonFinishReasons, ["content_filter"])
      assert.strictEqual((chunk.safetyRatings as any)[0].category, "HARM_CATEGORY_HARASSMENT")
      assert.strictEqual(chunk.inputTokens, 7)
      assert.strictEqual(chunk.outputTokens, undefined)
    }))
})

describe("Google requests", () => {
  it.effect("a request with tools, tool choice, reasoning, structured output and a signed turn sent back", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("google", "tool-call-id.sse") })
      const first = yield* run(baseUrl, "Weather in SF?", "gemini-3.1-pro-preview")
      const answer = first.chunks.reduce(CallResponse.append, CallResponse.empty)
      const weather = Tool.make("get_weather", {
        description: "The weather",
        parameters: Schema.Struct({ city: Schema.String })
      })
      const call = answer.toolCalls[0]!
      yield* run(baseUrl, {
        system: "Be brief",
        messages: [
          Message.user("Weather in SF?"),
          CallResponse.toMessage(answer),
          Message.toolResult({ toolCallId: call.id, name: call.name, content: "sunny" })
        ],
        tools: [weather],
        toolChoice: "required",
        reasoning: { effort: "medium" },
        maxTokens: 500,
        seed: 7
      }, "gemini-3.1-pro-preview")
      const sent = JSON.parse(server.requests(baseUrl)[1]!.body) as {
        contents: Array<Content>
        systemInstruction: Content
        tools: Array<GenaiTool>
        toolConfig: ToolConfig
        generationConfig: GenerationConfig
      }
      assert.deepStrictEqual(sent.systemInstruction, { parts: [{ text: "Be brief" }] })
      assert.deepStrictEqual(sent.contents[0], { role: "user", parts: [{ text: "Weather in SF?" }] })
      const model = sent.contents[1]!
      assert.strictEqual(model.role, "model")
      const signed = model.parts!.find((part) => part.functionCall !== undefined)!
      assert.deepStrictEqual(signed.functionCall, {
        name: "get_weather",
        args: { city: "San Francisco" },
        id: "g1bmv6il"
      })
      assert.isTrue(signed.thoughtSignature!.startsWith("EqsGCqgGARFN"))
      assert.deepStrictEqual(sent.contents[2], {
        role: "user",
        parts: [{ functionResponse: { name: "get_weather", response: { result: "sunny" }, id: "g1bmv6il" } }]
      })
      assert.strictEqual(sent.tools[0]!.functionDeclarations![0]!.name, "get_weather")
      assert.strictEqual((sent.tools[0]!.functionDeclarations![0]!.parametersJsonSchema as any).type, "object")
      assert.deepStrictEqual(sent.toolConfig, { functionCallingConfig: { mode: "ANY" } } as ToolConfig)
      assert.deepStrictEqual(sent.generationConfig, {
        maxOutputTokens: 500,
        seed: 7,
        thinkingConfig: { includeThoughts: true, thinkingLevel: "MEDIUM" }
      } as GenerationConfig)
    }))

  it.effect("reasoning on Gemini 2.5 is a thinking budget; structured output is responseJsonSchema", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("google", "text.sse") })
      yield* run(baseUrl, {
        messages: [Message.user("hi")],
        reasoning: { budgetTokens: 2048 },
        output: Schema.Struct({ answer: Schema.String })
      }, "gemini-2.5-flash")
      const sent = JSON.parse(server.requests(baseUrl)[0]!.body) as { generationConfig: GenerationConfig }
      assert.deepStrictEqual(sent.generationConfig.thinkingConfig, { includeThoughts: true, thinkingBudget: 2048 })
      assert.strictEqual(sent.generationConfig.responseMimeType, "application/json")
      assert.strictEqual((sent.generationConfig.responseJsonSchema as any).type, "object")
      const refused = failureOf(
        (yield* run(baseUrl, { messages: [Message.user("hi")], reasoning: { effort: "none" } }, "gemini-2.5-pro"))
          .result
      )
      assert.instanceOf(refused, ProviderError.InvalidRequestError)
      assert.include(refused.message, "always thinks")
    }))

  it.effect("Gemini 4 Argon thinks at a level of low, medium or high, takes no budget, and signs a turn's calls", () =>
    Effect.gen(function*() {
      // Google's "Gemini 4 Argon" guide: "tunable thinking levels (low, medium, high)", medium by default, and no
      // thinking_budget; `ThinkingLevel` of @google/genai 3.3 for the wire names. Thought signatures as Gemini 3.
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("google", "text.sse") })
      const sentWith = (reasoning: object) =>
        Effect.gen(function*() {
          const { result } = yield* run(baseUrl, { messages: [Message.user("hi")], reasoning }, "gemini-4-argon")
          if (result._tag === "Failure") return failureOf(result).message
          const sent = JSON.parse(server.requests(baseUrl).at(-1)!.body) as { generationConfig: GenerationConfig }
          return sent.generationConfig.thinkingConfig as unknown
        })
      assert.deepStrictEqual(yield* sentWith({ effort: "xhigh" }), { includeThoughts: true, thinkingLevel: "HIGH" })
      assert.deepStrictEqual(yield* sentWith({ effort: "minimal" }), { includeThoughts: true, thinkingLevel: "LOW" })
      assert.deepStrictEqual(yield* sentWith({ effort: "medium" }), { includeThoughts: true, thinkingLevel: "MEDIUM" })
      assert.match(String(yield* sentWith({ budgetTokens: 4096 })), /Gemini 4\) thinks at a level and takes no budget/)
      assert.match(String(yield* sentWith({ effort: "none" })), /always thinks/)
      // A turn whose call another provider wrote goes to Argon with Google's placeholder signature on its call.
      yield* run(baseUrl, {
        messages: [
          Message.user("Weather in SF?"),
          Message.assistant("", {
            toolCalls: [new Tool.ToolCall({ id: "call_1", name: "get_weather", arguments: "{\"city\":\"SF\"}" })]
          }),
          Message.toolResult({ toolCallId: "call_1", name: "get_weather", content: "sunny" })
        ]
      }, "gemini-4-argon")
      const sent = JSON.parse(server.requests(baseUrl).at(-1)!.body) as { contents: Array<Content> }
      const call = sent.contents[1]!.parts!.find((part) => part.functionCall !== undefined)!
      assert.isString(call.thoughtSignature)
    }))
})

describe("Google's finish reasons", () => {
  it("maps every reason of @google/genai's FinishReason, Vertex's MODEL_ARMOR, and unknown ones to other", () => {
    // The content blocks (content_filter) among Google's reasons, as @google/genai 3.3's FinishReason documents
    // them (`ESCALATION`: "filtered by an escalation rule"; Vertex's `MODEL_ARMOR`, in the SDK's enum since 3.3; `PUP_LIMITED_DISABLED`: the account limited for
    // Prohibited Use Policy violations); the token limits (length): `MAX_TOKENS`, and `CONTINUATION` ("reached the
    // per-request token limit, but generation is not yet complete"); every other reason in the SDK's enum is other
    // but STOP.
    const contentBlocks = [
      "SAFETY",
      "RECITATION",
      "BLOCKLIST",
      "PROHIBITED_CONTENT",
      "SPII",
      "IMAGE_SAFETY",
      "IMAGE_PROHIBITED_CONTENT",
      "IMAGE_RECITATION",
      "ESCALATION",
      "PUP_LIMITED_DISABLED",
      "MODEL_ARMOR"
    ]
    const limits = ["MAX_TOKENS", "CONTINUATION"]
    const reasons: ReadonlyArray<string> = Object.values(GenaiFinishReason)
    for (const raw of [...contentBlocks, ...limits]) assert.include(reasons, raw, `${raw} is one of Google's reasons`)
    for (
      const raw of [
        "LANGUAGE",
        "OTHER",
        "MALFORMED_FUNCTION_CALL",
        "UNEXPECTED_TOOL_CALL",
        "TOO_MANY_TOOL_CALLS",
        "MALFORMED_RESPONSE",
        "MISSING_THOUGHT_SIGNATURE"
      ]
    ) {
      assert.include(reasons, raw, `${raw} is one of Google's finish reasons`)
    }
    for (const raw of reasons) {
      const common = raw === "STOP"
        ? "stop"
        : limits.includes(raw)
        ? "length"
        : contentBlocks.includes(raw)
        ? "content_filter"
        : "other"
      assert.strictEqual(Google.toCommonFinishReason(raw), common, raw)
    }
    assert.strictEqual(Google.toCommonFinishReason("MODEL_ARMOR"), "content_filter")
    assert.strictEqual(Google.toCommonFinishReason("SOMETHING_NEW"), "other")
    assert.strictEqual(Google.toCommonFinishReason("constructor"), "other")
  })

  it.effect("a prompt blocked by Model Armor fails after the chunk that carries its billed prompt tokens", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = event({
        promptFeedback: { blockReason: "MODEL_ARMOR", blockReasonMessage: "Blocked by Model Armor floor settings" },
        usageMetadata: { promptTokenCount: 12, totalTokenCount: 12, trafficType: "ON_DEMAND" },
        modelVersion: "gemini-2.5-flash",
        createTime: "2026-05-04T20:01:02.264968Z",
        responseId: "x"
      })
      const { chunks, result } = yield* run(server.serve({ headers: sse, body }))
      assert.strictEqual(chunks.length, 1)
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.strictEqual(response.usage.inputTokens, 12)
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.InvalidRequestError)
      assert.strictEqual(error.errorType, "MODEL_ARMOR")
      assert.include(error.message, "Blocked by Model Armor floor settings")
    }))

  it.effect("an answer ended by MISSING_THOUGHT_SIGNATURE fails with the request's fault, after its chunks", () =>
    Effect.gen(function*() {
      // @google/genai 3.3's FinishReason: "Request has at least one thought signature missing" (Gemini API only).
      const server = yield* ReplayServer.make
      const body = event(text("Let me")) + event(text("", "MISSING_THOUGHT_SIGNATURE"))
      const { chunks, result } = yield* run(server.serve({ headers: sse, body }), "hi", "gemini-3-pro-preview")
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.strictEqual(response.content, "Let me")
      assert.deepStrictEqual(response.finishReasons, ["MISSING_THOUGHT_SIGNATURE"])
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.InvalidRequestError)
      assert.strictEqual(error.errorType, "MISSING_THOUGHT_SIGNATURE")
      assert.include(error.message, "thought signature")
    }))

  describe("an answer Gemini continues (finishReason CONTINUATION, @google/genai 3.3's automatic continuation)", () => {
    // @google/genai 3.3 (`GenerateContentConfig.automaticContinuation`, on by default): "When a response ends with
    // finish reason `CONTINUATION`, the SDK sends the same request again with the response's continuation token
    // until the model finishes"; the token goes at the request's top level (`continuationToken`), and "across hops,
    // the hops' usage is summed, since each hop is a separate request".
    const usage = (prompt: number, output: number) => ({
      promptTokenCount: prompt,
      candidatesTokenCount: output,
      totalTokenCount: prompt + output
    })
    const cut = (t: string, token: string) => ({
      candidates: [{
        content: { role: "model", parts: [{ text: t }] },
        index: 0,
        finishReason: "CONTINUATION",
        continuationToken: token
      }],
      usageMetadata: usage(12, 40),
      modelVersion: "gemini-3-flash-preview",
      responseId: "r1"
    })
    const first = event(text("It goes on")) + event(cut(" and on", "token-1"))
    const second = event(text(" until")) + event({ ...text(" it ends.", "STOP"), usageMetadata: usage(12, 25) })
    const request = { messages: [Message.user("Tell it all")] }
    /**
     * The answer to `request` on Gemini 3 Flash, the replay server answering each of its requests with the next body
     * (or a scenario's fields): the response it streamed, how it ended, and the bodies it sent.
     */
    const answerOver = (
      bodies: ReadonlyArray<string | { readonly body: string; readonly dropAfterBytes?: number }>,
      automaticContinuation?: boolean
    ) =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve(
          bodies.map((body) => (typeof body === "string" ? { headers: sse, body } : { headers: sse, ...body }))
        )
        const { chunks, result } = yield* collect(LanguageModel.stream(request)).pipe(
          Effect.provide(
            Google.model("gemini-3-flash-preview").pipe(
              Layer.provide(Google.layer({ apiKey: Redacted.make(key), baseUrl, automaticContinuation })),
              Layer.provide(clients[0]![1])
            )
          )
        )
        const sent: Array<any> = server.requests(baseUrl).map((recorded) => JSON.parse(recorded.body))
        return { chunks, result, response: chunks.reduce(CallResponse.append, CallResponse.empty), sent }
      })

    it.effect("is one answer over two requests: the second the same with the token, the usage their sum", () =>
      Effect.gen(function*() {
        const { response, result, sent } = yield* answerOver([first, second])
        assert.strictEqual(result._tag, "Success")
        assert.strictEqual(response.content, "It goes on and on until it ends.")
        // One text block across both requests, and one finish: the answer's, not the first request's.
        assert.deepStrictEqual(response.contentBlocks, [{ text: "It goes on and on until it ends." }])
        assert.deepStrictEqual(response.finishReasons, ["STOP"])
        assert.deepStrictEqual(response.commonFinishReasons, ["stop"])
        assert.strictEqual(response.usage.inputTokens, 24)
        assert.strictEqual(response.usage.outputTokens, 65)
        assert.strictEqual(sent.length, 2)
        assert.isUndefined(sent[0].continuationToken)
        assert.strictEqual(sent[1].continuationToken, "token-1")
        assert.deepStrictEqual(sent[1].contents, sent[0].contents)
      }))

    it.effect("with automaticContinuation false, ends at CONTINUATION as length, its token on the raw chunk", () =>
      Effect.gen(function*() {
        const { chunks, response, result, sent } = yield* answerOver([first, second], false)
        assert.strictEqual(result._tag, "Success")
        assert.strictEqual(response.content, "It goes on and on")
        assert.deepStrictEqual(response.commonFinishReasons, ["length"])
        assert.include(JSON.stringify(chunks.at(-1)!.chunk), "token-1")
        assert.strictEqual(sent.length, 1)
      }))

    it.effect("a CONTINUATION without a token of its own ends the answer: an older token is not sent again", () =>
      Effect.gen(function*() {
        // JSON leaves the undefined token out.
        const tokenless = {
          ...cut(" and", "-"),
          candidates: [{ ...cut(" and", "-").candidates[0], continuationToken: undefined }]
        }
        const { response, result, sent } = yield* answerOver([first, event(tokenless), second])
        assert.strictEqual(result._tag, "Success")
        assert.strictEqual(sent.length, 2)
        assert.strictEqual(response.content, "It goes on and on and")
        assert.deepStrictEqual(response.commonFinishReasons, ["length"])
      }))

    it.live("under a spend limit: each request with the same cap (a total), the prompt billed each time, held to the limit", () =>
      Effect.gen(function*() {
        // Google's Gemini 4 guide ("Long decode"): `maxOutputTokens` bounds the whole answer, counted across the
        // requests, so each is sent the same; each request bills its prompt again (the usage is their sum).
        const server = yield* ReplayServer.make
        const flash = { modelVersion: "gemini-3-flash-preview" }
        const long = event({ ...text(" until"), ...flash }) +
          event({ ...text(" it ends.", "STOP"), ...flash, usageMetadata: usage(12, 80) })
        const opening = event({ ...text("It goes on"), ...flash }) + event(cut(" and on", "token-1"))
        const baseUrl = server.serve([{ headers: sse, body: opening }, { headers: sse, body: long }])
        const limited = {
          ...request,
          spendLimit: { key: "g1", usd: "0.0003", window: "1 hour", minOutputTokens: 1 } as const
        }
        const model = modelAt(baseUrl, "gemini-3-flash-preview")
        const { chunks, result } = yield* collect(LanguageModel.stream(limited)).pipe(Effect.provide(model))
        const [one, two] = server.requests(baseUrl).map((sent) => JSON.parse(sent.body))
        assert.strictEqual(one.generationConfig.maxOutputTokens, 97)
        assert.strictEqual(two.generationConfig.maxOutputTokens, 97)
        assert.strictEqual(two.continuationToken, "token-1")
        // Everything that arrived is delivered; then the typed failure: 24 input and 120 output tokens at $0.50 /
        // $3 are $0.000372, past the $0.0003 held.
        const response = chunks.reduce(CallResponse.append, CallResponse.empty)
        assert.strictEqual(response.content, "It goes on and on until it ends.")
        const error = failureOf(result)
        assert.instanceOf(error, ProviderError.SpendLimitExceeded)
        assert.strictEqual(error.spent, "0.000372")
        // The window holds what both requests spent: the next call has no room.
        const next = failureOf((yield* collect(LanguageModel.stream(limited)).pipe(Effect.provide(model))).result)
        assert.instanceOf(next, ProviderError.SpendLimitExceeded)
        assert.strictEqual(next.spent, "0.000372")
        assert.strictEqual(server.requests(baseUrl).length, 2)
      }).pipe(Effect.provide(SpendLimit.layerMemory()), Effect.scoped))

    describe("a request whose stream drops goes on from its last checkpoint (@google/genai 3.3's StreamContinuation)", () => {
      // The SDK: "Other errors (transport drops, network errors) and clean closes without a finishReason are retried":
      // from the latest checkpoint token (a candidate's token without a finish), else, when the request yielded
      // nothing, from the token it started with, at most MAX_STREAM_RECONNECTS_WITHOUT_PROGRESS (3) times in a row.
      const checkpoint = (t: string, token: string) => ({
        ...text(t),
        candidates: [{ ...text(t).candidates[0], continuationToken: token }]
      })
      const opening = event(text("It goes")) + event(checkpoint(" on", "ckpt-1"))
      const rest = event(text(" and on")) + event({ ...text(" until it ends.", "STOP"), usageMetadata: usage(12, 25) })

      it.effect("a body that ends without a finish after a checkpoint: the next request from it, one answer", () =>
        Effect.gen(function*() {
          const { response, result, sent } = yield* answerOver([opening, rest])
          assert.strictEqual(result._tag, "Success")
          assert.strictEqual(response.content, "It goes on and on until it ends.")
          assert.deepStrictEqual(response.contentBlocks, [{ text: "It goes on and on until it ends." }])
          assert.isUndefined(sent[0].continuationToken)
          assert.strictEqual(sent[1].continuationToken, "ckpt-1")
          assert.deepStrictEqual(sent[1].contents, sent[0].contents)
        }))

      it.effect("a connection broken after a checkpoint: the same", () =>
        Effect.gen(function*() {
          const dropAfterBytes = new TextEncoder().encode(opening).length + 10
          const { response, result, sent } = yield* answerOver([
            { body: opening + event(text(" lost")), dropAfterBytes },
            rest
          ])
          assert.strictEqual(result._tag, "Success")
          assert.strictEqual(response.content, "It goes on and on until it ends.")
          assert.strictEqual(sent[1].continuationToken, "ckpt-1")
        }))

      it.effect("without a checkpoint the first request's drop fails the answer, as without continuation", () =>
        Effect.gen(function*() {
          const dropped = yield* answerOver([event(text("It goes")), rest])
          assert.instanceOf(failureOf(dropped.result), ProviderError.TruncatedStreamError)
          assert.strictEqual(dropped.sent.length, 1)
          // With automaticContinuation false, a checkpoint is not resumed from either.
          const unresumed = yield* answerOver([opening, rest], false)
          assert.instanceOf(failureOf(unresumed.result), ProviderError.TruncatedStreamError)
          assert.strictEqual(unresumed.sent.length, 1)
        }))

      it.effect("a continued request that drops with nothing new is sent again from its token three times, then fails", () =>
        Effect.gen(function*() {
          const { response, result, sent } = yield* answerOver([first, ...Array.from({ length: 6 }, () => "")])
          assert.instanceOf(failureOf(result), ProviderError.TruncatedStreamError)
          assert.strictEqual(response.content, "It goes on and on")
          assert.deepStrictEqual(sent.map((body) => body.continuationToken), [
            undefined,
            "token-1",
            "token-1",
            "token-1",
            "token-1"
          ])
        }))
    })

    it.effect("stops after 32 requests, the last CONTINUATION ending it as length", () =>
      Effect.gen(function*() {
        const { response, result, sent } = yield* answerOver(
          Array.from({ length: 40 }, (_, index) => event(cut(`${index} `, `token-${index}`)))
        )
        assert.strictEqual(result._tag, "Success")
        assert.strictEqual(sent.length, 32)
        assert.deepStrictEqual(response.commonFinishReasons, ["length"])
        assert.strictEqual(response.usage.outputTokens, 32 * 40)
      }))
  })

  it.effect("a server tool part sent as null is kept as sent, not a defect", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = event({
        candidates: [{ content: { role: "model", parts: [{ toolCall: null }, { toolResponse: null }] }, index: 0 }],
        modelVersion: "gemini-3-pro-preview",
        responseId: "r1"
      }) + event(text("done", "STOP"))
      const { chunks, result } = yield* run(server.serve({ headers: sse, body }))
      assert.strictEqual(result._tag, "Success")
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.strictEqual(response.content, "done")
    }))
})

describe("Google media parts", () => {
  it.effect("images, PDFs and audio inline; https, YouTube and gs:// URLs as fileData (@google/genai Part)", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("google", "text.sse") })
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])
      yield* run(baseUrl, {
        messages: [Message.user([
          Message.text("Describe these"),
          Message.image(png),
          Message.file("data:application/pdf;base64,JVBERi0xLjQ=", { mediaType: "application/pdf" }),
          Message.audio(new Uint8Array([1, 2, 3]), { mediaType: "audio/wav" }),
          Message.file("https://www.youtube.com/watch?v=9hE5-98ZeCg", { mediaType: "video/mp4" }),
          Message.file("gs://cloud-samples-data/video/animals.mp4", { mediaType: "video/mp4" }),
          Message.image("https://example.com/cat.jpg")
        ])]
      })
      const sent = JSON.parse(server.requests(baseUrl)[0]!.body) as { contents: Array<Content> }
      assert.deepStrictEqual(
        sent.contents[0]!.parts,
        [
          { text: "Describe these" },
          { inlineData: { mimeType: "image/png", data: Buffer.from(png).toString("base64") } },
          { inlineData: { mimeType: "application/pdf", data: "JVBERi0xLjQ=" } },
          { inlineData: { mimeType: "audio/wav", data: "AQID" } },
          { fileData: { mimeType: "video/mp4", fileUri: "https://www.youtube.com/watch?v=9hE5-98ZeCg" } },
          { fileData: { mimeType: "video/mp4", fileUri: "gs://cloud-samples-data/video/animals.mp4" } },
          { fileData: { fileUri: "https://example.com/cat.jpg" } }
        ] as Content["parts"]
      )
    }))

  it.effect("more than 20 MB inline is refused before anything is sent, naming the part", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("google", "text.sse") })
      const big = new Uint8Array(21 * 2 ** 20)
      const { result } = yield* run(baseUrl, {
        messages: [Message.user([Message.file(big, { mediaType: "application/pdf" })])]
      })
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.InvalidRequestError)
      assert.include(error.message, "messages[0].parts[0]")
      assert.include(error.message, "Files API")
      assert.strictEqual(server.requests(baseUrl).length, 0)
    }))

  it.effect("Vertex's error body as a one-element array is read like Google's error object", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        status: 404,
        headers: { "content-type": "application/json" },
        body:
          "[{\"error\":{\"code\":404,\"message\":\"Publisher Model `gemini-9` was not found.\",\"status\":\"NOT_FOUND\"}}]"
      })
      const error = failureOf((yield* run(baseUrl)).result)
      assert.instanceOf(error, ProviderError.InvalidRequestError)
      assert.strictEqual(error.errorType, "NOT_FOUND")
      assert.include(error.message, "gemini-9")
    }))
})

describe("a response Model Armor stopped (Vertex AI, recorded)", () => {
  it.effect("is a content-filter ending with Google's message, no content, and its tokens", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("google", "vertex-model-armor-response.sse") })
      const { chunks, result } = yield* run(baseUrl)
      assert.strictEqual(result._tag, "Success")
      const chunk = chunks[0] as Google.GoogleCallResponseChunk
      assert.deepStrictEqual(chunk.commonFinishReasons, ["content_filter"])
      assert.include(chunk.finishMessage!, "Responsible AI Safety settings")
      assert.strictEqual(chunk.content, "")
      assert.strictEqual(chunk.outputTokens, 6 + 27)
    }))
})
