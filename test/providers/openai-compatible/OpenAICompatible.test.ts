import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Option, Redacted, Result, Schema, Stream } from "effect"
import {
  CallResponse,
  CallStream,
  Cost,
  LanguageModel,
  Message,
  OpenAI,
  OpenAICompatible,
  ProviderError,
  Tool,
  UIMessageStream
} from "effect-llm-stream"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer } from "effect-llm-stream/testing"
import { LanguageModel as AiModel } from "effect/ai"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { answered, body, served, user } from "../../support/BrowserTurns.js"
import { collect, failureOf } from "../../support/Collect.js"

const apiKey = "key-test-0123456789abcdef"

/** A model of the host `name` at `baseUrl`, through the first of the test's HTTP clients. */
const hostModel = (options: OpenAICompatible.Options, model: string) =>
  OpenAICompatible.model(model).pipe(
    Layer.provide(OpenAICompatible.layer({ apiKey: Redacted.make(apiKey), ...options })),
    Layer.provide(clients[0]![1])
  )

/** The chunks and the folded response of one recording served by a compatible host named `name`. */
const replay = (fixture: string, name: string, model: string, input: LanguageModel.Input = "hi") =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ body: Fixtures.bytes("openai-compatible", fixture) })
    const { chunks, result } = yield* collect(LanguageModel.stream(input)).pipe(
      Effect.provide(hostModel({ name, baseUrl }, model))
    )
    const response = chunks.reduce(CallResponse.append, CallResponse.empty)
    return { chunks, result, response, requests: server.requests(baseUrl) }
  })

/** The cost of a response as an exact decimal, or why it has none. */
const costOf = (response: CallResponse.CallResponse): string =>
  Result.match(response.costResult, { onSuccess: Cost.totalText, onFailure: (why) => `none: ${why.reason}` })

describe("OpenAICompatible", () => {
  it.effect("DeepSeek (API reference, Create Chat Completion): reasoning_content is reasoning, prompt_cache_hit_tokens is cached input", () =>
    Effect.gen(function*() {
      const { chunks, response, result } = yield* replay("deepseek-reasoning.sse", "deepseek", "deepseek-reasoner")
      assert.strictEqual(result._tag, "Success")
      assert.strictEqual(response.provider, "deepseek")
      assert.isTrue(chunks.every((chunk) => chunk.provider === "deepseek"))
      assert.strictEqual(response.reasoning, "The user's question: 9.11 vs 9.9.  9.9 = 9.90 > 9.11.")
      assert.strictEqual(response.content, "9.9 is larger.")
      assert.deepStrictEqual(response.commonFinishReasons, ["stop"])
      assert.deepStrictEqual(
        [response.usage.inputTokens, response.usage.cachedTokens, response.usage.outputTokens],
        [64, 48, 120]
      )
      assert.strictEqual(response.usage.reasoningTokens, 98)
      // genai-prices 0.1.8 prices deepseek-reasoner by the time of day, which the table cannot hold: no cost.
      assert.strictEqual(costOf(response), "none: unknown-model")
    }))

  it.effect("DeepSeek (Thinking Mode guide): the turn goes back with a reasoning_content, the cap is max_tokens", () =>
    Effect.gen(function*() {
      const first = yield* replay("deepseek-reasoning.sse", "deepseek", "deepseek-reasoner")
      const { requests } = yield* replay("deepseek-reasoning.sse", "deepseek", "deepseek-reasoner", {
        messages: [Message.user("9.11 or 9.9?"), CallResponse.toMessage(first.response), Message.user("Why?")],
        maxTokens: 200
      })
      const body = JSON.parse(requests[0]!.body)
      // Thinking mode refuses a turn that called tools without the field: the turn's reasoning, as it streamed.
      assert.isAbove(first.response.reasoning.length, 0)
      assert.deepStrictEqual(body.messages[1], {
        role: "assistant",
        content: "9.9 is larger.",
        reasoning_content: first.response.reasoning
      })
      assert.strictEqual(body.max_tokens, 200)
      assert.notProperty(body, "max_completion_tokens")
      assert.isTrue(requests[0]!.path.endsWith("/chat/completions"))
      assert.strictEqual(requests[0]!.headers.authorization, `Bearer ${apiKey}`)
    }))

  it.effect("OpenRouter (Reasoning Tokens, Usage Accounting): reasoning once from reasoning + reasoning_details, its stated cost the cost", () =>
    Effect.gen(function*() {
      const { chunks, response } = yield* replay(
        "openrouter-reasoning.sse",
        "openrouter",
        "anthropic/claude-sonnet-4.5"
      )
      assert.strictEqual(response.provider, "openrouter")
      assert.strictEqual(response.reasoning, "Two primes that sum to 10: 3+7, 5+5.")
      assert.strictEqual(response.content, "3 + 7 and 5 + 5.")
      assert.deepStrictEqual(response.commonFinishReasons, ["stop"])
      assert.deepStrictEqual([response.usage.inputTokens, response.usage.outputTokens], [42, 57])
      assert.strictEqual(response.costMetadata.cost, 0.000981)
      // The router states what it charged: that is the cost, never another provider's price.
      assert.strictEqual(costOf(response), "0.000981")
      const details = chunks.flatMap((chunk) =>
        (chunk as OpenAICompatible.OpenAICompatibleCallResponseChunk).reasoningDetails
      )
      assert.deepStrictEqual(details.map((detail) => detail.signature ?? detail.text), [
        "Two primes",
        " that sum to 10: 3+7, 5+5.",
        "EqQBCkgIBxABGAIiQL2sig"
      ])
    }))

  it.effect("OpenRouter (Reasoning Tokens, Preserving reasoning blocks): reasoning_details go back on the turn, to OpenRouter only", () =>
    Effect.gen(function*() {
      const first = yield* replay("openrouter-reasoning.sse", "openrouter", "anthropic/claude-sonnet-4.5")
      const turn = CallResponse.toMessage(first.response) as Message.AssistantMessage
      const detail = {
        type: "reasoning.text",
        format: "anthropic-claude-v1",
        text: "Two primes that sum to 10: 3+7, 5+5.",
        signature: "EqQBCkgIBxABGAIiQL2sig"
      }
      assert.strictEqual(turn.content?.provider, "openrouter")
      assert.deepStrictEqual(turn.content?.blocks, [detail])
      const messages = [Message.user("Two primes that sum to 10?"), turn, Message.user("And to 12?")]
      const toRouter = yield* replay("openrouter-reasoning.sse", "openrouter", "anthropic/claude-sonnet-4.5", {
        messages
      })
      assert.deepStrictEqual(JSON.parse(toRouter.requests[0]!.body).messages[1], {
        role: "assistant",
        content: "3 + 7 and 5 + 5.",
        reasoning_details: [detail]
      })
      const toDeepSeek = yield* replay("deepseek-reasoning.sse", "deepseek", "deepseek-chat", { messages })
      // Claude's signed reasoning is not DeepSeek's: its turn goes with the placeholder thinking mode takes.
      assert.deepStrictEqual(JSON.parse(toDeepSeek.requests[0]!.body).messages[1], {
        role: "assistant",
        content: "3 + 7 and 5 + 5.",
        reasoning_content: " "
      })
    }))

  it.effect("a host of the user's that declares sendsReasoningDetails gets its own turn's details back", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const recording = Fixtures.bytes("openai-compatible", "openrouter-reasoning.sse")
      const baseUrl = server.serve([{ body: recording }, { body: recording }])
      const model = hostModel(
        { name: "my-router", baseUrl, sendsReasoningDetails: true },
        "anthropic/claude-sonnet-4.5"
      )
      const first = yield* collect(LanguageModel.stream("q")).pipe(Effect.provide(model))
      const turn = CallResponse.toMessage(first.chunks.reduce(CallResponse.append, CallResponse.empty))
      // The blocks are in OpenRouter's format (`reasoning_details`), whichever host sent them.
      assert.strictEqual((turn as Message.AssistantMessage).content?.provider, "openrouter")
      yield* collect(LanguageModel.stream({ messages: [Message.user("q"), turn, Message.user("f")] })).pipe(
        Effect.provide(model)
      )
      const sent = JSON.parse(server.requests(baseUrl)[1]!.body).messages[1]
      assert.strictEqual(sent.reasoning_details[0].signature, "EqQBCkgIBxABGAIiQL2sig")
    }))

  it.live("OpenRouter's reasoning details go back the same through the browser (the UI message stream, toMessages)", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const recording = Fixtures.bytes("openai-compatible", "openrouter-reasoning.sse")
      const baseUrl = server.serve([recording, recording, recording, recording].map((body) => ({ body })))
      const model = hostModel({ name: "openrouter", baseUrl }, "anthropic/claude-sonnet-4.5").pipe(Layer.orDie)
      const direct = yield* answered([Message.user("q")], model)
      yield* answered([Message.user("q"), CallResponse.toMessage(direct), Message.user("f")], model)
      const first = yield* served([Message.user("q")], model)
      const taken = yield* UIMessageStream.toMessages(body([user("u1", "q"), first, user("u2", "f")]))
      yield* answered(taken.messages, model)
      const [, fromLoop, , fromBrowser] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.deepStrictEqual(fromBrowser.messages, fromLoop.messages)
      assert.strictEqual(fromBrowser.messages[1].reasoning_details[0].signature, "EqQBCkgIBxABGAIiQL2sig")
      // The browser's metadata names the host, and its cost is the charge the host stated (usage.cost).
      assert.strictEqual((first.metadata as { readonly provider?: string }).provider, "openrouter")
      assert.strictEqual((first.metadata as { readonly cost?: string }).cost, "0.000981")
    }).pipe(Effect.scoped))

  it.effect("xAI (vercel/ai convertXaiChatUsage): completion_tokens leave the reasoning out, the output billed is both", () =>
    Effect.gen(function*() {
      const { response } = yield* replay("xai-usage.sse", "xai", "grok-3-mini")
      assert.strictEqual(response.provider, "xai")
      assert.strictEqual(response.reasoning, "Life, the universe: 42.")
      assert.strictEqual(response.content, "Forty-two.")
      // total_tokens 847 = 21 + 563 + 263.
      assert.deepStrictEqual([response.usage.inputTokens, response.usage.outputTokens], [21, 826])
      assert.strictEqual(response.usage.reasoningTokens, 263)
      // xAI's grok-3-mini in genai-prices: $0.30 in, $0.50 out per million: 21 × 0.3 + 826 × 0.5 = 419.3 µ$.
      assert.strictEqual(costOf(response), "0.0004193")
    }))

  it.effect("a host as effect/ai's LanguageModel: its text, reasoning and usage as the stream's", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("openai-compatible", "xai-usage.sse") })
      const parts = yield* AiModel.streamText({ prompt: "Hello" }).pipe(
        Stream.runCollect,
        Effect.provide(AiLanguageModel.layer.pipe(Layer.provide(hostModel({ name: "xai", baseUrl }, "grok-3-mini"))))
      )
      const all = Array.from(parts) as ReadonlyArray<any>
      const text = (type: string) => all.filter((part) => part.type === type).map((part) => part.delta).join("")
      assert.strictEqual(text("text-delta"), "Forty-two.")
      assert.strictEqual(text("reasoning-delta"), "Life, the universe: 42.")
      const finish = all.find((part) => part.type === "finish")
      assert.strictEqual(finish.usage.outputTokens.total, 826)
    }))

  it.effect("OpenRouter (Errors guide, mid-stream errors): an error chunk after text fails the stream, text kept", () =>
    Effect.gen(function*() {
      const { response, result } = yield* replay(
        "openrouter-error.sse",
        "openrouter",
        "meta-llama/llama-3.3-70b-instruct"
      )
      const error = failureOf(result)
      assert.strictEqual(error.provider, "openrouter")
      assert.include(error.message, "upstream connection reset")
      assert.isTrue(ProviderError.isProviderError(error))
      assert.strictEqual(response.content, "Once upon a time")
    }))

  it.effect("OpenRouter, recorded: the chunk carrying a mid-stream error is delivered with its usage, then it fails", () =>
    Effect.gen(function*() {
      const { chunks, response, result } = yield* replay(
        "openrouter-stream-error.sse",
        "openrouter",
        "minimax/minimax-m2:free"
      )
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.InvalidRequestError)
      assert.include(error.message, "Token limit reached")
      // Every chunk arrived, the error's too: the reasoning, the `length` finish before the error, and the usage and
      // charge only the error's chunk carries (prompt 43, completion 10, `cost: 0`).
      assert.strictEqual(chunks.length, 4)
      assert.strictEqual(response.reasoning, "We need to respond to a greeting. The user")
      assert.deepStrictEqual(response.finishReasons, ["length"])
      assert.deepStrictEqual(
        [response.usage.inputTokens, response.usage.cachedTokens, response.usage.outputTokens],
        [43, 0, 10]
      )
      assert.strictEqual(costOf(response), "0")
    }))

  it.effect("Together (Chat Completions reference): a length finish, priced at Together's own price", () =>
    Effect.gen(function*() {
      const { response } = yield* replay("together-length.sse", "together", "meta-llama/Llama-3.3-70B-Instruct-Turbo")
      assert.strictEqual(response.content, "The history of Rome")
      assert.deepStrictEqual(response.finishReasons, ["length"])
      assert.deepStrictEqual(response.commonFinishReasons, ["length"])
      // $0.88 per million in and out: 41 × 0.88.
      assert.strictEqual(costOf(response), "0.00003608")
    }))

  it.effect("vLLM (OpenAI-compatible server): parallel tool calls by index, usage on a chunk without choices", () =>
    Effect.gen(function*() {
      const { response } = yield* replay("vllm-parallel-tools.sse", "vllm", "Qwen/Qwen3-8B")
      assert.strictEqual(response.provider, "vllm")
      assert.deepStrictEqual(
        response.toolCalls.map((call) => [call.id, call.name, call.arguments]),
        [
          ["chatcmpl-tool-0a1b2c3d", "get_weather", "{\"city\": \"Paris\"}"],
          ["chatcmpl-tool-4e5f6a7b", "get_weather", "{\"city\": \"Tokyo\"}"]
        ]
      )
      assert.deepStrictEqual(response.commonFinishReasons, ["tool_calls"])
      assert.deepStrictEqual([response.usage.inputTokens, response.usage.outputTokens], [180, 46])
      assert.strictEqual(costOf(response), "none: unknown-model")
    }))

  it.effect("Perplexity (Chat Completions reference): citations on the chunk, its tokens and its fee per request priced", () =>
    Effect.gen(function*() {
      const { chunks, response } = yield* replay("perplexity-citations.sse", "perplexity", "sonar")
      assert.strictEqual(response.content, "Ada Lovelace wrote the first program [1] in 1843 [2].")
      const chunk = chunks[0] as OpenAICompatible.OpenAICompatibleCallResponseChunk
      assert.deepStrictEqual(chunk.citations, [
        "https://en.wikipedia.org/wiki/Ada_Lovelace",
        "https://www.britannica.com/biography/Ada-Lovelace"
      ])
      assert.deepStrictEqual([response.usage.inputTokens, response.usage.outputTokens], [9, 14])
      assert.isUndefined(response.costMetadata.cost)
      // genai-prices' `sonar`: $1 per million tokens each way, and $12 per 1,000 requests (its highest, as it says).
      const cost = Result.getOrThrow(response.costResult)
      assert.strictEqual(Cost.totalText(cost), "0.012023")
      assert.deepStrictEqual(cost.toJSON().breakdown, { input: "0.000009", output: "0.000014", requests: "0.012" })
    }))

  it.effect("a host's model named like one of OpenAI's is not priced as OpenAI's", () =>
    Effect.gen(function*() {
      const body = new TextEncoder().encode(
        [
          { id: "c1", model: "gpt-4o-mini", choices: [{ index: 0, delta: { content: "Hi" }, finish_reason: "stop" }] },
          { id: "c1", model: "gpt-4o-mini", choices: [], usage: { prompt_tokens: 10, completion_tokens: 2 } }
        ].map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("") + "data: [DONE]\n\n"
      )
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body })
      const asHost = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(hostModel({ name: "my-vllm", baseUrl }, "gpt-4o-mini"))
      )
      assert.strictEqual(asHost.provider, "my-vllm")
      assert.strictEqual(costOf(asHost), "none: unknown-model")
      const asOpenAI = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(
          OpenAI.model("gpt-4o-mini").pipe(
            Layer.provide(OpenAI.layer({ apiKey: Redacted.make(apiKey), baseUrl })),
            Layer.provide(clients[0]![1])
          )
        )
      )
      assert.strictEqual(asOpenAI.provider, "openai")
      assert.isTrue(Result.isSuccess(asOpenAI.costResult))
    }))

  it.effect("a local server's <think> text is reasoning through withReasoningTags, under the host's name", () =>
    Effect.gen(function*() {
      const body = new TextEncoder().encode(
        [
          { id: "c1", model: "deepseek-r1:8b", choices: [{ index: 0, delta: { content: "<think>9.9 > 9.11" } }] },
          { id: "c1", model: "deepseek-r1:8b", choices: [{ index: 0, delta: { content: "</think>9.9" } }] },
          { id: "c1", model: "deepseek-r1:8b", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }
        ].map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("") + "data: [DONE]\n\n"
      )
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body })
      const response = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(hostModel({ name: "ollama", baseUrl }, "deepseek-r1:8b").pipe(LanguageModel.withReasoningTags()))
      )
      assert.strictEqual(response.provider, "ollama")
      assert.strictEqual(response.reasoning, "9.9 > 9.11")
      assert.strictEqual(response.content, "9.9")
    }))

  it.effect("a preset's URL, the host's own headers, and a local server without a key", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("openai-compatible", "vllm-parallel-tools.sse") })
      yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(
          OpenAICompatible.model("qwen3:8b").pipe(
            Layer.provide(
              OpenAICompatible.layer({
                name: "ollama",
                baseUrl: `${baseUrl}/v1`,
                headers: { "HTTP-Referer": "https://example.com" }
              })
            ),
            Layer.provide(clients[0]![1])
          )
        )
      )
      const [request] = server.requests(baseUrl)
      assert.isTrue(request!.path.endsWith("/v1/chat/completions"))
      assert.isUndefined(request!.headers.authorization)
      assert.strictEqual(request!.headers["http-referer"], "https://example.com")
      assert.strictEqual(OpenAICompatible.presets.deepseek.baseUrl, "https://api.deepseek.com/v1")
    }))

  it.effect("a name that is none, or a host without a URL, is a ConfigurationError before any request", () =>
    Effect.gen(function*() {
      const layerError = (options: OpenAICompatible.Options) =>
        Effect.flip(Layer.build(OpenAICompatible.layer(options)).pipe(Effect.scoped, Effect.provide(clients[0]![1])))
      const badName = yield* layerError({ name: "my host\n", baseUrl: "http://localhost:1/v1" })
      assert.instanceOf(badName, ProviderError.ConfigurationError)
      assert.include(badName.message, "is not a name")
      const noUrl = yield* layerError({ name: "my-host" })
      assert.instanceOf(noUrl, ProviderError.ConfigurationError)
      assert.include(noUrl.message, "no baseUrl")
    }))

  it.effect("layerConfig: a preset's key from its variable, another host's URL and key from <NAME>_BASE_URL and _API_KEY", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: Fixtures.bytes("openai-compatible", "vllm-parallel-tools.sse") })
      const configured = (name: string, env: ReadonlyArray<readonly [string, string]>) =>
        CallStream.accumulate(LanguageModel.stream("hi")).pipe(
          Effect.provide(
            OpenAICompatible.model("m").pipe(
              Layer.provide(OpenAICompatible.layerConfig({ name })),
              Layer.provide(clients[0]![1]),
              Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: Object.fromEntries(env) })))
            )
          )
        )
      const missing = yield* Effect.flip(configured("deepseek", []))
      assert.instanceOf(missing, ProviderError.ConfigurationError)
      assert.include(missing.message, "DEEPSEEK_API_KEY is not set")
      yield* configured("deepseek", [["DEEPSEEK_API_KEY", "from-env"], ["DEEPSEEK_BASE_URL", baseUrl]])
      yield* configured("my-vllm", [["MY_VLLM_BASE_URL", baseUrl], ["MY_VLLM_API_KEY", "local-key"]])
      const [toDeepSeek, toVllm] = server.requests(baseUrl)
      assert.strictEqual(toDeepSeek!.headers.authorization, "Bearer from-env")
      assert.strictEqual(toVllm!.headers.authorization, "Bearer local-key")
      const noUrl = yield* Effect.flip(configured("my-vllm", []))
      assert.include(noUrl.message, "no baseUrl")
    }))

  it.effect("runTools on a host: its budget caps the step's output, each step priced at the host's price", () =>
    Effect.gen(function*() {
      const model = "meta-llama/Llama-3.3-70B-Instruct-Turbo"
      const call = new TextEncoder().encode(
        [
          {
            id: "t1",
            model,
            choices: [{
              index: 0,
              delta: {
                tool_calls: [{
                  index: 0,
                  id: "call_1",
                  type: "function",
                  function: { name: "touch", arguments: "{\"path\":\"/tmp/a\"}" }
                }]
              }
            }]
          },
          {
            id: "t1",
            model,
            choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }],
            usage: { prompt_tokens: 50, completion_tokens: 10 }
          }
        ].map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("") + "data: [DONE]\n\n"
      )
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        { body: call },
        { body: Fixtures.bytes("openai-compatible", "together-length.sse") }
      ])
      const touch = Tool.handle(
        Tool.make("touch", { parameters: Schema.Struct({ path: Schema.String }) }),
        () => Effect.succeed("done")
      )
      const done = yield* LanguageModel.runToolsToEnd({
        messages: [Message.user("Touch /tmp/a")],
        tools: [touch],
        budget: { usd: "0.001" }
      }).pipe(Effect.provide(hostModel({ name: "together", baseUrl }, model)))
      const [first, second] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      // A thousandth of a dollar at $0.88 per million output tokens is 1,136 tokens, less the input's share.
      assert.isNumber(first.max_tokens)
      assert.isBelow(first.max_tokens, 1_137)
      assert.isBelow(second.max_tokens, first.max_tokens)
      assert.strictEqual(second.messages.at(-1).content, "done")
      // 60 tokens, then 41, at $0.88 per million.
      assert.strictEqual(Option.map(done.cost, Cost.totalText).pipe(Option.getOrUndefined), "0.00008888")
    }))

  it("decodes a payload with the host's name (the chunk class has the seed's attributes)", () => {
    const chunk = Schema.decodeUnknownSync(OpenAICompatible.OpenAICompatibleCallResponseChunkFromPayload("deepseek"))({
      id: "c1",
      model: "deepseek-chat",
      choices: [{ index: 0, delta: { reasoning_content: "hm", content: "Hi" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 10, completion_tokens: 2, prompt_cache_hit_tokens: 8, prompt_cache_miss_tokens: 2 }
    })
    assert.strictEqual(chunk.provider, "deepseek")
    assert.strictEqual(chunk.content, "Hi")
    assert.strictEqual(chunk.reasoning, "hm")
    assert.deepStrictEqual([chunk.inputTokens, chunk.cachedTokens, chunk.outputTokens], [10, 8, 2])
    assert.deepStrictEqual(chunk.commonFinishReasons, ["stop"])
    assert.strictEqual(chunk.model, "deepseek-chat")
  })
})
