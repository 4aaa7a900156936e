/**
 * Every provider served as `effect/ai`'s `LanguageModel` (`AiLanguageModel.layer`), exercised only through
 * `effect/ai`'s own API (`LanguageModel.streamText`, `generateText`, `generateObject`, `Chat`, `Toolkit`)
 * over real HTTP: the replay server serves recorded provider bodies, cut into random pieces. What the parts
 * say is checked against the recordings' independent `*.expected.json` and against this library's own
 * `CallStream.accumulate` over the same bytes.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Duration, Effect, Exit, Layer, Option, Ref, Schema, Stream } from "effect"
import { CallStream, Cost, LanguageModel, PriceTable, ProviderError } from "effect-llm-stream"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import { AiError, Chat, LanguageModel as AiModel, Tool as AiTool, Toolkit } from "effect/ai"
import type { Response } from "effect/ai"
import type * as HttpClient from "effect/http/HttpClient"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as Recordings from "../../support/AiRecordings.js"
import { collect, failureOf } from "../../support/Collect.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"

type Part = Response.AnyPart
type ProviderName = Recordings.ProviderName

const providers: ReadonlyArray<ProviderName> = ["openai", "anthropic", "groq", "azure", "bedrock", "google"]
const [fetchClient, undiciClient] = [clients[0]![1], clients[1]![1]]

const ofType = <T extends Part["type"]>(parts: ReadonlyArray<Part>, type: T): Array<Extract<Part, { type: T }>> =>
  parts.filter((part): part is Extract<Part, { type: T }> => part.type === type)

const joined = (parts: ReadonlyArray<Part>, type: "text-delta" | "reasoning-delta"): string =>
  ofType(parts, type).map((part) => part.delta).join("")

/** The one finish part (the last part of a stream; `generateText` appends the tool results after it). */
const finishOf = (parts: ReadonlyArray<Part>) => {
  const finish = ofType(parts, "finish")
  assert.strictEqual(finish.length, 1, "one finish part")
  assert.isTrue(parts.slice(parts.indexOf(finish[0]!) + 1).every((part) => part.type === "tool-result"))
  return finish[0]!
}

const bodies = (server: ReplayServer.ReplayServer, baseUrl: string): Array<any> =>
  server.requests(baseUrl).map((request) => JSON.parse(request.body))

/**
 * Text and reasoning come in blocks: every delta's id was started before it and is ended after it, and
 * every started block ends.
 */
const assertBlocks = (parts: ReadonlyArray<Part>) => {
  const open = new Set<string>()
  const ended = new Set<string>()
  for (const part of parts) {
    const kind = part.type.startsWith("text-") ? "text" : part.type.startsWith("reasoning-") ? "reasoning" : undefined
    if (kind === undefined) continue
    const key = `${kind}:${(part as { readonly id: string }).id}`
    if (part.type.endsWith("-start")) {
      assert.isFalse(open.has(key) || ended.has(key), `${key} starts once`)
      open.add(key)
    } else if (part.type.endsWith("-delta")) {
      assert.isTrue(open.has(key), `${key} delta inside its block`)
    } else {
      assert.isTrue(open.delete(key), `${key} ends after its start`)
      ended.add(key)
    }
  }
  assert.deepStrictEqual([...open], [], "every block ends")
}

/** The `effect/ai` finish reason of each common finish reason: the mapping the adapter promises. */
const aiFinishReason: Record<string, Response.FinishReason> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool-calls",
  content_filter: "content-filter"
}

/** Streams `"Hello"` through effect/ai and through this library, each over its own copy of the recording. */
const bothWays = (provider: ProviderName, name: string, client: Layer.Layer<HttpClient.HttpClient>, seed = 7) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const aiUrl = server.serve(Recordings.scenario(provider, name, seed))
    const ourUrl = server.serve(Recordings.scenario(provider, name, seed + 1))
    const parts = yield* AiModel.streamText({ prompt: "Hello" }).pipe(
      Stream.runCollect,
      Effect.provide(Recordings.aiModel(provider, aiUrl, client))
    )
    const ours = yield* CallStream.accumulate(LanguageModel.stream("Hello")).pipe(
      Effect.provide(Recordings.ourModel(provider)(ourUrl).pipe(Layer.provide(client)))
    )
    return { parts: parts as ReadonlyArray<Part>, ours, server, aiUrl, ourUrl }
  })

describe("streamText: every provider's text recording, through both HTTP clients", () => {
  for (const provider of providers) {
    for (const [clientName, client] of clients) {
      it.effect(`${provider} (${clientName}): metadata, one text block, finish with usage and the exact cost`, () =>
        Effect.gen(function*() {
          const name = Recordings.textRecordings[provider]
          const { ours, ourUrl, parts, server, aiUrl } = yield* bothWays(provider, name, client)

          // The request is the one this library sends for the same prompt.
          assert.deepStrictEqual(bodies(server, aiUrl), bodies(server, ourUrl))

          const metadata = parts[0]!
          assert.strictEqual(metadata.type, "response-metadata")
          if (metadata.type !== "response-metadata") return
          assert.strictEqual(metadata.id, ours.id)
          assert.strictEqual(metadata.modelId, ours.model)
          assert.isDefined(metadata.timestamp)

          assertBlocks(parts)
          assert.strictEqual(ofType(parts, "text-start").length, 1)
          assert.strictEqual(joined(parts, "text-delta"), Recordings.expectedText(provider, name))
          assert.strictEqual(joined(parts, "text-delta"), ours.content)

          const finish = finishOf(parts)
          assert.strictEqual(finish.reason, aiFinishReason[ours.commonFinishReasons[0]!])
          assert.strictEqual(finish.usage.inputTokens.total, ours.usage.inputTokens)
          assert.strictEqual(finish.usage.outputTokens.total, ours.usage.outputTokens)
          assert.isDefined(finish.usage.inputTokens.total)
          assert.strictEqual(
            finish.usage.inputTokens.uncached,
            ours.usage.inputTokens! - (ours.usage.cachedTokens ?? 0) - (ours.usage.cacheWriteTokens ?? 0)
          )
          assert.strictEqual(finish.usage.inputTokens.cacheRead, ours.usage.cachedTokens)
          assert.strictEqual(finish.usage.outputTokens.reasoning, ours.usage.reasoningTokens)

          const cost = Option.getOrThrow(ours.cost)
          const recorded = Option.getOrThrow(AiLanguageModel.finishMetadata(parts))
          assert.strictEqual(recorded, finish.metadata["effect-llm-stream"])
          assert.isTrue(BigDecimal.equals(Option.getOrThrow(AiLanguageModel.cost(parts)), cost.total))
          assert.strictEqual(`$${recorded.cost}`, Cost.format(cost))
          assert.strictEqual(recorded.costUsd, cost.usd)
          assert.isNull(recorded.costUnavailable)
          assert.strictEqual(recorded.provider, provider)
          assert.deepStrictEqual(recorded.finishReasons, ours.finishReasons)
          assert.strictEqual(recorded.usage.outputTokens, ours.usage.outputTokens)
        }))
    }
  }
})

describe("usage with prompt caching", () => {
  it.effect("Anthropic cache reads and writes: uncached, cache read, cache write and total as effect/ai has them", () =>
    Effect.gen(function*() {
      // Hand-made from the text recording: no public streaming recording has non-zero cache counts at the end.
      const body = Fixtures.text("anthropic", "text.sse")
        .replaceAll("\"cache_creation_input_tokens\":0", "\"cache_creation_input_tokens\":300")
        .replaceAll("\"cache_read_input_tokens\":0", "\"cache_read_input_tokens\":1200")
        .replace("\"ephemeral_5m_input_tokens\":0", "\"ephemeral_5m_input_tokens\":300")
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.bodyScenario("anthropic", body))
      const ourUrl = server.serve(Recordings.bodyScenario("anthropic", body))
      const response = yield* AiModel.generateText({ prompt: "Hello" }).pipe(
        Effect.provide(Recordings.aiModel("anthropic", baseUrl, fetchClient))
      )
      const ours = yield* CallStream.accumulate(LanguageModel.stream("Hello")).pipe(
        Effect.provide(Recordings.ourModel("anthropic")(ourUrl).pipe(Layer.provide(fetchClient)))
      )
      assert.deepStrictEqual(response.usage.inputTokens, {
        uncached: 17,
        cacheRead: 1200,
        cacheWrite: 300,
        total: 1517
      })
      assert.deepStrictEqual(response.usage.outputTokens, { total: 15, text: 15 })
      const metadata = Option.getOrThrow(AiLanguageModel.finishMetadata(response))
      assert.strictEqual(metadata.usage.cachedTokens, 1200)
      assert.strictEqual(metadata.usage.cacheWriteTokens, 300)
      assert.strictEqual(`$${metadata.cost}`, Cost.format(Option.getOrThrow(ours.cost)))
    }))
})

/** The `data:` payloads of a recorded SSE body, parsed on their own (no library code). */
const ssePayloads = (provider: ProviderName, file: string): Array<any> =>
  Fixtures.text(provider, file).split("\n").filter((line) => line.startsWith("data: ") && line !== "data: [DONE]")
    .map((line) => JSON.parse(line.slice("data: ".length)))

describe("streamText: reasoning", () => {
  it.effect("Anthropic thinking: a reasoning block, then text; the signature rides on reasoning-end", () =>
    Effect.gen(function*() {
      const { parts } = yield* bothWays("anthropic", "thinking", undiciClient)
      const expected = Fixtures.json("anthropic", "thinking.expected.json")
      assertBlocks(parts)
      assert.deepStrictEqual(
        parts.map((part) => part.type).filter((type) => type.endsWith("-start") || type.endsWith("-end")),
        ["reasoning-start", "reasoning-end", "text-start", "text-end"]
      )
      assert.strictEqual(joined(parts, "reasoning-delta"), expected.thinking)
      assert.strictEqual(joined(parts, "text-delta"), expected.text)
      const end = ofType(parts, "reasoning-end")[0]!
      assert.deepStrictEqual(end.metadata["effect-llm-stream"], {
        format: "anthropic",
        signature: expected.signature,
        encrypted: null,
        itemId: null,
        itemType: null
      })
    }))

  it.effect("Anthropic redacted thinking: each redacted block is a reasoning block keeping its data", () =>
    Effect.gen(function*() {
      const { parts } = yield* bothWays("anthropic", "redacted-thinking", fetchClient)
      const recorded = ssePayloads("anthropic", "redacted-thinking.sse")
        .filter((event) => event.type === "content_block_start" && event.content_block.type === "redacted_thinking")
        .map((event) => event.content_block.data)
      assert.isAbove(recorded.length, 0)
      assertBlocks(parts)
      assert.deepStrictEqual(
        ofType(parts, "reasoning-end").map((part) => part.metadata["effect-llm-stream"]?.encrypted),
        recorded
      )
      assert.strictEqual(
        joined(parts, "text-delta"),
        Fixtures.json("anthropic", "redacted-thinking.expected.json").text
      )
    }))

  it.effect("Bedrock reasoning content: reasoning text and its signature", () =>
    Effect.gen(function*() {
      const { parts } = yield* bothWays("bedrock", "reasoning", undiciClient)
      const expected = Fixtures.json("bedrock", "reasoning.expected.json")
      assertBlocks(parts)
      assert.strictEqual(joined(parts, "reasoning-delta"), expected.reasoningText)
      assert.strictEqual(joined(parts, "text-delta"), expected.text)
      assert.strictEqual(
        ofType(parts, "reasoning-end")[0]!.metadata["effect-llm-stream"]?.signature,
        expected.signature
      )
    }))

  it.effect("Bedrock redacted reasoning: one reasoning block per redacted block, data kept", () =>
    Effect.gen(function*() {
      const { parts } = yield* bothWays("bedrock", "redacted-reasoning", fetchClient)
      const expected = Fixtures.json("bedrock", "redacted-reasoning.expected.json")
      assertBlocks(parts)
      assert.deepStrictEqual(
        ofType(parts, "reasoning-end").map((part) => part.metadata["effect-llm-stream"]?.encrypted),
        expected.redactedContent
      )
      assert.strictEqual(joined(parts, "text-delta"), expected.text)
    }))

  it.effect("Groq (OpenAI-compatible `reasoning`): the reasoning block ends before the text starts", () =>
    Effect.gen(function*() {
      const { ours, parts } = yield* bothWays("groq", "reasoning", undiciClient)
      const expected = Fixtures.json("groq", "reasoning.expected.json").choices["0"]
      assertBlocks(parts)
      const types = parts.map((part) => part.type)
      assert.isBelow(types.indexOf("reasoning-end"), types.indexOf("text-start"))
      assert.strictEqual(joined(parts, "reasoning-delta"), expected.reasoning)
      assert.strictEqual(joined(parts, "text-delta"), expected.content)
      // No signature to keep: the reasoning-end carries nothing of ours.
      assert.isUndefined(ofType(parts, "reasoning-end")[0]!.metadata["effect-llm-stream"])
      assert.strictEqual(finishOf(parts).usage.outputTokens.reasoning, ours.usage.reasoningTokens)
      assert.strictEqual(
        finishOf(parts).usage.outputTokens.text,
        ours.usage.outputTokens! - ours.usage.reasoningTokens!
      )
    }))
})

// The tools of the recorded tool-call turns, with handlers whose results the next request must carry.
const SecretRetrieval = AiTool.make("secret_retrieval_tool", {
  description: "A tool that requires a password to retrieve a secret.",
  parameters: Schema.Struct({ password: Schema.String }),
  success: Schema.String
})
const GetSomethingByName = AiTool.make("get_something_by_name", {
  parameters: Schema.Struct({ name: Schema.String }),
  success: Schema.String
})
const GetTemperature = AiTool.make("get_temperature", {
  parameters: Schema.Struct({ city: Schema.String }),
  success: Schema.Struct({ celsius: Schema.Number })
})
const LoopKit = Toolkit.make(SecretRetrieval, GetSomethingByName, GetTemperature)
const LoopKitLive = LoopKit.toLayer({
  secret_retrieval_tool: ({ password }) => Effect.succeed(`the secret behind ${password}`),
  get_something_by_name: ({ name }) => Effect.succeed(`something named ${name}`),
  get_temperature: ({ city }) => Effect.succeed({ celsius: city.length })
})

/** What the handlers answer, as the second request must carry it (a string as is, anything else as JSON). */
const handlerResult = (name: string, params: any): string =>
  name === "secret_retrieval_tool"
    ? `the secret behind ${params.password}`
    : name === "get_something_by_name"
    ? `something named ${params.name}`
    : JSON.stringify({ celsius: params.city.length })

/** The tool calls a recording makes, as its `.expected.json` has them: id, name, parsed input. */
const recordedCalls = (provider: ProviderName, name: string) => {
  const expected = Fixtures.json(provider, `${name}.expected.json`)
  if (provider === "anthropic") {
    return expected.toolUses.map((call: any) => ({ id: call.id, name: call.name, input: JSON.parse(call.input) }))
  }
  if (provider === "bedrock") {
    return expected.toolUses.map((call: any) => ({
      id: call.toolUseId,
      name: call.name,
      input: JSON.parse(call.input)
    }))
  }
  return expected.choices["0"].toolCalls.map((call: any) => ({
    id: call.id,
    name: call.name,
    input: JSON.parse(call.arguments)
  }))
}

const toolLoops: ReadonlyArray<{
  readonly provider: ProviderName
  readonly calls: string
  readonly answer: string
  readonly mode: "generateText" | "streamText"
}> = [
  { provider: "openai", calls: "tool-calls-parallel", answer: "text", mode: "generateText" },
  { provider: "anthropic", calls: "tool-use", answer: "tool-loop-answer", mode: "streamText" },
  { provider: "groq", calls: "tool-call", answer: "reasoning", mode: "generateText" },
  { provider: "azure", calls: "tool-call", answer: "text", mode: "streamText" },
  { provider: "bedrock", calls: "tool-use", answer: "converse-text", mode: "generateText" }
]

/** The second request's conversation as each provider's wire format must carry the calls and their results. */
const expectedSecondTurn = (
  provider: ProviderName,
  calls: ReadonlyArray<{ readonly id: string; readonly name: string; readonly input: unknown }>,
  assistantText: string
): Array<unknown> => {
  switch (provider) {
    case "anthropic":
      return [
        { role: "user", content: [{ type: "text", text: "Go" }] },
        {
          role: "assistant",
          content: [
            ...(assistantText === "" ? [] : [{ type: "text", text: assistantText }]),
            ...calls.map((call) => ({ type: "tool_use", id: call.id, name: call.name, input: call.input }))
          ]
        },
        {
          role: "user",
          content: calls.map((call) => ({
            type: "tool_result",
            tool_use_id: call.id,
            content: handlerResult(call.name, call.input)
          }))
        }
      ]
    case "bedrock":
      return [
        { role: "user", content: [{ text: "Go" }] },
        {
          role: "assistant",
          content: [
            ...(assistantText === "" ? [] : [{ text: assistantText }]),
            ...calls.map((call) => ({ toolUse: { toolUseId: call.id, name: call.name, input: call.input } }))
          ]
        },
        {
          role: "user",
          content: calls.map((call) => ({
            toolResult: { toolUseId: call.id, content: [{ text: handlerResult(call.name, call.input) }] }
          }))
        }
      ]
    default:
      return [
        { role: "user", content: "Go" },
        {
          role: "assistant",
          content: assistantText === "" ? null : assistantText,
          tool_calls: calls.map((call) => ({
            id: call.id,
            type: "function",
            // Arguments are re-serialised from the parsed params: compared as JSON below.
            function: { name: call.name, arguments: JSON.stringify(call.input) }
          }))
        },
        ...calls.map((call) => ({
          role: "tool",
          tool_call_id: call.id,
          content: handlerResult(call.name, call.input)
        }))
      ]
  }
}

/** The JSON Schema every provider receives for `secret_retrieval_tool`'s parameters. */
const passwordSchema = {
  type: "object",
  properties: { password: { type: "string" } },
  required: ["password"],
  additionalProperties: false
}

describe("Chat with a Toolkit: a two-step tool loop on every provider's recording", () => {
  for (const [index, loop] of toolLoops.entries()) {
    it.effect(`${loop.provider}: ${loop.calls} → ${loop.answer} (Chat.${loop.mode})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          Recordings.scenario(loop.provider, loop.calls, 11),
          Recordings.scenario(loop.provider, loop.answer, 12)
        ])
        const calls = recordedCalls(loop.provider, loop.calls)
        const assistantText = loop.provider === "anthropic" || loop.provider === "bedrock"
          ? Fixtures.json(loop.provider, `${loop.calls}.expected.json`).text
          : Fixtures.json(loop.provider, `${loop.calls}.expected.json`).choices["0"].content

        const model = Recordings.aiModel(loop.provider, baseUrl, index % 2 === 0 ? fetchClient : undiciClient)
        const chat = yield* Chat.empty
        const turns: Array<ReadonlyArray<Part>> = []
        const generate = (prompt: string | []) =>
          Effect.map(
            chat.generateText({ prompt, toolkit: LoopKit }),
            (response): ReadonlyArray<Part> => response.content
          )
        const stream = (prompt: string | []) =>
          Effect.map(
            Stream.runCollect(chat.streamText({ prompt, toolkit: LoopKit })),
            (streamed): ReadonlyArray<Part> => streamed
          )
        const turn = (prompt: string | []) =>
          Effect.provide(loop.mode === "generateText" ? generate(prompt) : stream(prompt), model)
        let parts = yield* turn("Go")
        turns.push(parts)
        while (ofType(parts, "tool-call").length > 0 && turns.length < 4) {
          parts = yield* turn([])
          turns.push(parts)
        }

        assert.strictEqual(turns.length, 2, "one turn with tool calls, one with the answer")
        const [first, second] = turns as [ReadonlyArray<Part>, ReadonlyArray<Part>]
        // The first turn: the recorded calls as tool-call parts, answered by the handlers, finish tool-calls.
        assert.deepStrictEqual(
          ofType(first, "tool-call").map((call) => ({ id: call.id, name: call.name, input: call.params })),
          calls
        )
        assert.deepStrictEqual(
          ofType(first, "tool-result").map((result) => [result.id, result.encodedResult]),
          calls.map((call: any) => [
            call.id,
            call.name === "get_temperature"
              ? JSON.parse(handlerResult(call.name, call.input))
              : handlerResult(call.name, call.input)
          ])
        )
        assert.strictEqual(finishOf(first).reason, "tool-calls")
        if (loop.mode === "streamText") {
          assert.deepStrictEqual(
            ofType(first, "tool-params-start").map((part) => [part.id, part.name]),
            calls.map((call: any) => [call.id, call.name])
          )
          assert.deepStrictEqual(
            ofType(first, "tool-params-end").map((part) => part.id),
            calls.map((call: any) => call.id)
          )
          if (loop.provider === "anthropic") {
            // Content blocks end when the provider stops them: the text before the first call starts.
            const types = first.map((part) => part.type)
            assert.isBelow(types.indexOf("text-end"), types.indexOf("tool-params-start"))
          }
          for (const call of calls) {
            const fragments = ofType(first, "tool-params-delta").filter((part) => part.id === call.id)
            assert.deepStrictEqual(JSON.parse(fragments.map((part) => part.delta).join("")), call.input)
          }
        }

        // The second turn answers with the recorded text.
        assert.strictEqual(
          ofType(second, "text").map((part) => part.text).join("") + joined(second, "text-delta"),
          Recordings.expectedText(loop.provider, loop.answer)
        )
        assert.strictEqual(finishOf(second).reason, "stop")

        // What the server received: the tools on the first request, the results on the second.
        const [firstBody, secondBody] = bodies(server, baseUrl)
        assert.strictEqual(server.requests(baseUrl).length, 2)
        const tools: ReadonlyArray<any> = loop.provider === "bedrock" ? firstBody.toolConfig.tools : firstBody.tools
        assert.deepStrictEqual(
          tools.map((tool) =>
            loop.provider === "bedrock"
              ? tool.toolSpec.name
              : loop.provider === "anthropic"
              ? tool.name
              : tool.function.name
          ),
          ["secret_retrieval_tool", "get_something_by_name", "get_temperature"]
        )
        const passwordTool = tools[0]
        assert.deepStrictEqual(
          loop.provider === "bedrock"
            ? passwordTool.toolSpec.inputSchema.json
            : loop.provider === "anthropic"
            ? passwordTool.input_schema
            : passwordTool.function.parameters,
          passwordSchema
        )
        const expected = expectedSecondTurn(loop.provider, calls, assistantText) as Array<any>
        if (loop.provider === "anthropic" || loop.provider === "bedrock") {
          assert.deepStrictEqual(secondBody.messages, expected)
        } else {
          const normalise = (messages: ReadonlyArray<any>) =>
            messages.map((message) =>
              message.tool_calls === undefined ? message : {
                ...message,
                tool_calls: message.tool_calls.map((call: any) => ({
                  ...call,
                  function: { ...call.function, arguments: JSON.parse(call.function.arguments) }
                }))
              }
            )
          assert.deepStrictEqual(normalise(secondBody.messages), normalise(expected))
        }

        const history = yield* Ref.get(chat.history)
        assert.deepStrictEqual(history.content.map((message) => message.role), [
          "user",
          "assistant",
          "tool",
          "assistant"
        ])
      }).pipe(Effect.provide(LoopKitLive)))
  }
})

describe("reasoning goes back to the provider on the next turn of a Chat", () => {
  const cases: ReadonlyArray<{
    readonly provider: "anthropic" | "bedrock"
    readonly recording: string
    /** The assistant turn the second request must carry, from the recording's `.expected.json`. */
    readonly expected: (expected: any) => ReadonlyArray<unknown>
  }> = [
    {
      provider: "anthropic",
      recording: "thinking",
      expected: (expected) => [
        { type: "thinking", thinking: expected.thinking, signature: expected.signature },
        { type: "text", text: expected.text }
      ]
    },
    {
      provider: "anthropic",
      recording: "redacted-thinking",
      expected: (expected) => [
        ...ssePayloads("anthropic", "redacted-thinking.sse")
          .filter((event) => event.type === "content_block_start" && event.content_block.type === "redacted_thinking")
          .map((event) => ({ type: "redacted_thinking", data: event.content_block.data })),
        { type: "text", text: expected.text }
      ]
    },
    {
      provider: "bedrock",
      recording: "reasoning",
      expected: (expected) => [
        { reasoningContent: { reasoningText: { text: expected.reasoningText, signature: expected.signature } } },
        { text: expected.text }
      ]
    },
    {
      provider: "bedrock",
      recording: "redacted-reasoning",
      expected: (expected) => [
        ...expected.redactedContent.map((data: string) => ({ reasoningContent: { redactedContent: data } })),
        { text: expected.text }
      ]
    }
  ]
  for (const { expected, provider, recording } of cases) {
    it.effect(`${provider} ${recording}: the second request carries the signed (or redacted) reasoning`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          Recordings.scenario(provider, recording, 21),
          Recordings.scenario(provider, Recordings.textRecordings[provider], 22)
        ])
        const model = Recordings.aiModel(provider, baseUrl, undiciClient)
        const chat = yield* Chat.empty
        yield* chat.generateText({ prompt: "Think" }).pipe(Effect.provide(model))
        yield* chat.generateText({ prompt: "And then?" }).pipe(Effect.provide(model))
        const [, second] = bodies(server, baseUrl)
        assert.deepStrictEqual(second.messages[1], {
          role: "assistant",
          content: expected(Fixtures.json(provider, `${recording}.expected.json`))
        })
        assert.deepStrictEqual(second.messages.map((message: any) => message.role), ["user", "assistant", "user"])
      }))
  }
})

/** The `AiError` reason each `ProviderError` must become: the mapping the adapter promises. */
const expectedReason = (error: ProviderError.ProviderError): AiError.AiErrorReason["_tag"] => {
  switch (error._tag) {
    case "RateLimitError":
      return error.errorType === "insufficient_quota" ? "QuotaExhaustedError" : "RateLimitError"
    case "AuthenticationError":
      return "AuthenticationError"
    case "InvalidRequestError":
      return error.errorType === "content_filter" ? "ContentPolicyError" : "InvalidRequestError"
    case "ProviderUnavailableError":
      return "InternalProviderError"
    case "TransportError":
    case "TruncatedStreamError":
      return "NetworkError"
    case "MalformedPayloadError":
      return "InvalidResponseError"
    case "SpendLimitExceeded":
      return "QuotaExhaustedError"
    case "SpendLimitStoreError":
    case "ConfigurationError":
      return "UnknownError"
  }
}

/**
 * Serves `scenario` to `effect/ai`'s streamText and to this library's stream; both must fail, the former
 * with the `AiError` of the latter's `ProviderError`, after the same text.
 */
const failBothWays = (
  provider: ProviderName,
  scenario: ReplayServer.Scenario,
  client: Layer.Layer<HttpClient.HttpClient> = fetchClient
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const aiUrl = server.serve(scenario)
    const ourUrl = server.serve(scenario)
    const ai = yield* collect(AiModel.streamText({ prompt: "Hello" })).pipe(
      Effect.provide(Recordings.aiModel(provider, aiUrl, client))
    )
    const ours = yield* collect(LanguageModel.stream("Hello")).pipe(
      Effect.provide(Recordings.ourModel(provider)(ourUrl).pipe(Layer.provide(client)))
    )
    const error = failureOf(ai.result)
    const original = failureOf(ours.result)
    assert.isTrue(AiError.isAiError(error))
    assert.strictEqual(error.reason._tag, expectedReason(original))
    assert.strictEqual(error.module, "AiLanguageModel")
    assert.strictEqual(error.isRetryable, original.retryable)
    // Every reason but a rate limit's has a description: the provider's words, in the AiError's message.
    if (error.reason._tag !== "RateLimitError") assert.include(error.message, original.message)
    const kept = Option.getOrThrow(AiLanguageModel.providerError(error))
    assert.strictEqual(kept._tag, original._tag)
    assert.strictEqual(kept.message, original.message)
    assert.strictEqual(kept.status, original.status)
    assert.strictEqual(kept.requestId, original.requestId)
    if (error.reason._tag !== "NetworkError") {
      const facts = (error.reason as { readonly metadata: Record<string, any> }).metadata["effect-llm-stream"]
      assert.strictEqual(facts?.error, original._tag)
      assert.strictEqual(facts?.message, original.message)
      assert.strictEqual(facts?.status, original.status ?? null)
      assert.strictEqual(facts?.requestId, original.requestId ?? null)
    }
    // The parts before the failure carry the text this library streamed before it.
    const parts = ai.chunks as ReadonlyArray<Part>
    assert.strictEqual(joined(parts, "text-delta"), ours.chunks.map((chunk) => chunk.content).join(""))
    assert.strictEqual(ofType(parts, "finish").length, 0, "no finish part after a failure")
    return { error, original, parts }
  })

describe("errors: each ProviderError becomes the matching AiError reason, the original kept as its cause", () => {
  const json = (provider: ProviderName, file: string, status: number, headers: Record<string, string> = {}) => ({
    status,
    headers: { "content-type": "application/json", ...headers },
    body: Fixtures.bytes(provider, file)
  })
  const bedrock429 = Fixtures.json("bedrock", "http-429.json")
  const httpCases: ReadonlyArray<
    readonly [ProviderName, string, ReplayServer.Scenario, AiError.AiErrorReason["_tag"]]
  > = [
    ["openai", "429 with retry-after", json("openai", "http-429.json", 429, { "retry-after": "7" }), "RateLimitError"],
    ["openai", "401", json("openai", "http-401.json", 401), "AuthenticationError"],
    ["anthropic", "404 (unknown model)", json("anthropic", "http-404.json", 404), "InvalidRequestError"],
    ["anthropic", "529 (overloaded)", json("anthropic", "http-529.json", 529), "InternalProviderError"],
    ["groq", "401", json("groq", "http-401.json", 401), "AuthenticationError"],
    ["azure", "400 content filter", json("azure", "http-400-content-filter.json", 400), "ContentPolicyError"],
    ["bedrock", "429 ThrottlingException", {
      status: bedrock429.status,
      headers: bedrock429.headers,
      body: bedrock429.body
    }, "RateLimitError"]
  ]
  for (const [provider, label, scenario, reason] of httpCases) {
    it.effect(`${provider} HTTP ${label} → ${reason}`, () =>
      Effect.gen(function*() {
        const { error, original, parts } = yield* failBothWays(provider, scenario)
        assert.strictEqual(error.reason._tag, reason)
        assert.strictEqual(parts.length, 0)
        if (error.reason._tag === "RateLimitError" && original._tag === "RateLimitError") {
          assert.strictEqual(
            error.retryAfter === undefined ? undefined : Duration.toMillis(error.retryAfter),
            original.retryAfterMillis
          )
        }
        if (provider === "openai" && original._tag === "RateLimitError") {
          assert.strictEqual(original.retryAfterMillis, 7000)
        }
        if (error.reason._tag === "AuthenticationError") {
          assert.strictEqual(error.reason.kind, "InvalidKey")
        }
      }))
  }

  it.effect("Anthropic in-stream overloaded error: the text before it, then InternalProviderError", () =>
    Effect.gen(function*() {
      const { error, parts } = yield* failBothWays("anthropic", Recordings.scenario("anthropic", "error"), undiciClient)
      assert.strictEqual(error.reason._tag, "InternalProviderError")
      assert.isTrue(error.isRetryable)
      assert.isAbove(joined(parts, "text-delta").length, 0)
      assert.strictEqual(parts[0]!.type, "response-metadata")
    }))

  it.effect("Groq in-stream error event: the reasoning and text before it, then the error", () =>
    Effect.gen(function*() {
      const { error, original, parts } = yield* failBothWays("groq", Recordings.scenario("groq", "error"))
      assert.strictEqual(original.errorType, "tool_use_failed")
      assert.strictEqual(error.reason._tag, "InvalidRequestError")
      assert.strictEqual(joined(parts, "text-delta"), Fixtures.json("groq", "error.expected.json").choices["0"].content)
      assert.isAbove(joined(parts, "reasoning-delta").length, 0)
    }))

  it.effect("OpenAI in-stream {\"error\"} event (hand-made: no recording has one)", () =>
    Effect.gen(function*() {
      const recorded = Fixtures.text("openai", "text.sse")
      const events = recorded.split("\n\n")
      const body = [
        ...events.slice(0, 3),
        "data: {\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\"}}",
        ""
      ].join("\n\n")
      const { error } = yield* failBothWays("openai", Recordings.bodyScenario("openai", body))
      assert.strictEqual(error.reason._tag, "InternalProviderError")
    }))

  it.effect("Bedrock exception frames: throttling → RateLimitError, internal server → InternalProviderError", () =>
    Effect.gen(function*() {
      const frames = (type: string) =>
        TestKit.concatBytes([
          TestKit.bedrockEventFrame("messageStart", { role: "assistant" }),
          TestKit.bedrockEventFrame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Hello" } }),
          TestKit.eventStreamFrame(
            { ":exception-type": type, ":content-type": "application/json", ":message-type": "exception" },
            { message: `the ${type} message` }
          )
        ])
      const throttled = yield* failBothWays(
        "bedrock",
        Recordings.bodyScenario("bedrock", frames("throttlingException"))
      )
      assert.strictEqual(throttled.error.reason._tag, "RateLimitError")
      assert.strictEqual(joined(throttled.parts, "text-delta"), "Hello")
      const internal = yield* failBothWays(
        "bedrock",
        Recordings.bodyScenario("bedrock", frames("internalServerException"))
      )
      assert.strictEqual(internal.error.reason._tag, "InternalProviderError")
    }))

  it.effect("a connection dropped mid-body is a retryable NetworkError", () =>
    Effect.gen(function*() {
      const { error } = yield* failBothWays("openai", { ...Recordings.scenario("openai", "text"), dropAfterBytes: 700 })
      assert.strictEqual(error.reason._tag, "NetworkError")
      assert.isTrue(error.isRetryable)
    }))

  it.effect("a payload that is not JSON is an InvalidResponseError", () =>
    Effect.gen(function*() {
      const events = Fixtures.text("openai", "text.sse").split("\n\n")
      const body = [...events.slice(0, 2), "data: {\"id\": oops", ...events.slice(2)].join("\n\n")
      const { error, original } = yield* failBothWays("openai", Recordings.bodyScenario("openai", body))
      assert.strictEqual(error.reason._tag, "InvalidResponseError")
      assert.isFalse(error.isRetryable)
      assert.strictEqual(original._tag, "MalformedPayloadError")
    }))
})

/** A recorded body cut before its end-of-stream marker. */
const truncated = (provider: ProviderName): Uint8Array => {
  const name = Recordings.textRecordings[provider]
  if (provider === "bedrock") {
    // Every frame but the last (`metadata`): frames start with their total length (big-endian u32).
    const bytes = Recordings.body(provider, name)
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    let offset = 0
    let last = 0
    while (offset < bytes.length) {
      last = offset
      offset += view.getUint32(offset)
    }
    return bytes.subarray(0, last)
  }
  const text = Fixtures.text(provider, `${name}.sse`)
  // Gemini has no end marker: its last event (the one with the finish reason) is cut.
  const marker = provider === "anthropic" ? "event: message_stop" : provider === "google" ? "data: " : "data: [DONE]"
  assert.include(text, marker)
  return new TextEncoder().encode(text.slice(0, text.lastIndexOf(marker)))
}

describe("truncation: a body cut before its end-of-stream marker is an AiError, never a success", () => {
  for (const provider of providers) {
    it.effect(`${provider}: streamText fails after the text; generateText fails`, () =>
      Effect.gen(function*() {
        const scenario = Recordings.bodyScenario(provider, truncated(provider))
        const { error, original, parts } = yield* failBothWays(provider, scenario, undiciClient)
        assert.strictEqual(original._tag, "TruncatedStreamError")
        assert.strictEqual(error.reason._tag, "NetworkError")
        assert.isAbove(joined(parts, "text-delta").length, 0)
        // Every part before the failure reaches the consumer: the text block Anthropic ended (`content_block_stop`)
        // ends, though the adapter holds a batch's last part for the turn it may carry.
        if (provider === "anthropic") assert.isTrue(parts.some((part: any) => part.type === "text-end"))

        const server = yield* ReplayServer.make
        const baseUrl = server.serve(scenario)
        const exit = yield* AiModel.generateText({ prompt: "Hello" }).pipe(
          Effect.provide(Recordings.aiModel(provider, baseUrl, fetchClient)),
          Effect.exit
        )
        assert.isTrue(Exit.isFailure(exit))
        const failure = Exit.isFailure(exit) ? Option.getOrThrow(Exit.findErrorOption(exit)) : undefined
        assert.strictEqual(Option.getOrThrow(AiLanguageModel.providerError(failure!))._tag, "TruncatedStreamError")
      }))
  }
})

describe("toolChoice: each effect/ai choice as the provider's wire format has it", () => {
  const choices: ReadonlyArray<
    AiModel.ToolChoice<"secret_retrieval_tool" | "get_temperature" | "get_something_by_name">
  > = ["auto", "none", "required", { tool: "get_temperature" }, { oneOf: ["get_temperature"], mode: "required" }]
  const expected: Record<"openai" | "anthropic" | "bedrock", ReadonlyArray<unknown>> = {
    openai: ["auto", "none", "required", { type: "function", function: { name: "get_temperature" } }, "required"],
    anthropic: [{ type: "auto" }, { type: "none" }, { type: "any" }, { type: "tool", name: "get_temperature" }, {
      type: "any"
    }],
    // Converse has no "none": no tools are sent at all (sending them without a choice lets the model call them).
    bedrock: [{ auto: {} }, "no toolConfig", { any: {} }, { tool: { name: "get_temperature" } }, { any: {} }]
  }
  for (const provider of ["openai", "anthropic", "bedrock"] as const) {
    it.effect(`${provider}: auto, none, required, one tool, oneOf`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve(Recordings.scenario(provider, Recordings.textRecordings[provider]))
        for (const toolChoice of choices) {
          yield* AiModel.generateText({ prompt: "Hello", toolkit: LoopKit, toolChoice }).pipe(
            Effect.provide(Recordings.aiModel(provider, baseUrl, fetchClient))
          )
        }
        const sent = bodies(server, baseUrl)
        assert.deepStrictEqual(
          sent.map((body) =>
            provider === "bedrock"
              ? body.toolConfig === undefined ? "no toolConfig" : body.toolConfig.toolChoice
              : body.tool_choice
          ),
          expected[provider]
        )
        const toolNames = (body: any): Array<string> =>
          provider === "bedrock"
            ? body.toolConfig.tools.map((tool: any) => tool.toolSpec.name)
            : body.tools.map((tool: any) => provider === "anthropic" ? tool.name : tool.function.name)
        assert.deepStrictEqual(toolNames(sent[0]), [
          "secret_retrieval_tool",
          "get_something_by_name",
          "get_temperature"
        ])
        assert.deepStrictEqual(toolNames(sent[4]), ["get_temperature"], "oneOf sends only the allowed tools")
      }).pipe(Effect.provide(LoopKitLive)))
  }

  it.effect("a strict tool gets OpenAI's strict-mode schema, and its null arguments decode", () =>
    Effect.gen(function*() {
      // Strict mode makes every key required: the model sends null for an absent optional one.
      const Search = AiTool.make("secret_retrieval_tool", {
        parameters: Schema.Struct({ password: Schema.String, hint: Schema.optional(Schema.String) }),
        success: Schema.String
      }).annotate(AiTool.Strict, true)
      const kit = Toolkit.make(Search)
      const events = Fixtures.text("openai", "tool-calls-parallel.sse")
        .replace("\"arguments\":\"n\\\"}\"", "\"arguments\":\"n\\\", \\\"hint\\\": null}\"")
      assert.include(events, "\\\"hint\\\": null}", "the first call's last fragment now sends a null hint")
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.bodyScenario("openai", events))
      const response = yield* AiModel.generateText({ prompt: "Go", toolkit: kit }).pipe(
        Effect.provide(Recordings.aiModel("openai", baseUrl, undiciClient)),
        Effect.provide(kit.toLayer({ secret_retrieval_tool: ({ password }) => Effect.succeed(password) }))
      )
      assert.deepStrictEqual(response.toolCalls.map((call) => call.params), [{ password: "mellon" }, {
        password: "radiance"
      }])
      const [body] = bodies(server, baseUrl)
      assert.strictEqual(body.tools[0].function.strict, true)
      assert.deepStrictEqual(body.tools[0].function.parameters.required, ["password", "hint"])
      assert.isFalse(body.tools[0].function.parameters.additionalProperties)
    }))
})

describe("generateObject: structured output", () => {
  const Location = Schema.Struct({
    city: Schema.String,
    temperature: Schema.Finite,
    units: Schema.Literals(["c", "f"])
  })

  it.effect("OpenAI: response_format json_schema (strict), the first choice's JSON decoded", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("openai", "multi-choice"))
      const response = yield* AiModel.generateObject({ prompt: "Weather?", schema: Location, objectName: "Location" })
        .pipe(Effect.provide(Recordings.aiModel("openai", baseUrl, fetchClient)))
      assert.deepStrictEqual(
        response.value,
        JSON.parse(Fixtures.json("openai", "multi-choice.expected.json").choices["0"].content)
      )
      const [body] = bodies(server, baseUrl)
      assert.strictEqual(body.response_format.type, "json_schema")
      assert.strictEqual(body.response_format.json_schema.name, "Location")
      assert.strictEqual(body.response_format.json_schema.strict, true)
      assert.deepStrictEqual(body.response_format.json_schema.schema.required, ["city", "temperature", "units"])
      assert.isUndefined(body.tools)
    }))

  it.effect("Bedrock: one forced tool; its input is the object, the model's own text is reasoning", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("bedrock", "tool-use"))
      const City = Schema.Struct({ city: Schema.String })
      const response = yield* AiModel.generateObject({ prompt: "Where?", schema: City, objectName: "get_temperature" })
        .pipe(Effect.provide(Recordings.aiModel("bedrock", baseUrl, undiciClient)))
      const expected = Fixtures.json("bedrock", "tool-use.expected.json")
      assert.deepStrictEqual(response.value, JSON.parse(expected.toolUses[0].input))
      assert.strictEqual(response.reasoningText, expected.text)
      assert.strictEqual(response.finishReason, "stop")
      const [body] = bodies(server, baseUrl)
      assert.deepStrictEqual(body.toolConfig.toolChoice, { tool: { name: "get_temperature" } })
      assert.deepStrictEqual(body.toolConfig.tools.map((tool: any) => tool.toolSpec.name), ["get_temperature"])
      assert.strictEqual(body.toolConfig.tools[0].toolSpec.inputSchema.json.type, "object")
    }))
})

describe("generateText is the folded stream", () => {
  it.effect("Anthropic thinking: reasoning (with its signature), text, metadata and finish as streamText has them", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("anthropic", "thinking", 31))
      const model = Recordings.aiModel("anthropic", baseUrl, undiciClient)
      const response = yield* AiModel.generateText({ prompt: "Hello" }).pipe(Effect.provide(model))
      const streamed = (yield* Stream.runCollect(AiModel.streamText({ prompt: "Hello" })).pipe(
        Effect.provide(model)
      )) as ReadonlyArray<Part>
      const expected = Fixtures.json("anthropic", "thinking.expected.json")
      assert.deepStrictEqual(response.content.map((part) => part.type), [
        "response-metadata",
        "reasoning",
        "text",
        "finish"
      ])
      assert.strictEqual(response.reasoningText, expected.thinking)
      assert.strictEqual(response.text, expected.text)
      const reasoning = ofType(response.content as ReadonlyArray<Part>, "reasoning")[0]!
      assert.strictEqual(reasoning.metadata["effect-llm-stream"]?.signature, expected.signature)
      const finish = finishOf(streamed)
      assert.strictEqual(response.finishReason, finish.reason)
      assert.deepStrictEqual(response.usage, finish.usage)
      assert.deepStrictEqual(AiLanguageModel.finishMetadata(response), AiLanguageModel.finishMetadata(streamed))
    }))
})

describe("what the adapter cannot send", () => {
  it.effect("a file in an assistant turn fails with an InvalidRequestError naming the part, before any request", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("openai", "text"))
      const error = yield* AiModel.generateText({
        prompt: [{ role: "user", content: "Draw a cat" }, {
          role: "assistant",
          content: [{ type: "text", text: "Here" }, {
            type: "file",
            mediaType: "image/png",
            fileName: "cat.png",
            data: new Uint8Array([137, 80, 78, 71])
          }]
        }]
      }).pipe(Effect.provide(Recordings.aiModel("openai", baseUrl, fetchClient)), Effect.flip)
      assert.strictEqual(error.reason._tag, "InvalidRequestError")
      if (error.reason._tag !== "InvalidRequestError") return
      assert.strictEqual(error.reason.parameter, "prompt.content[1].content[1]")
      assert.include(error.message, "image/png")
      assert.include(error.message, "cat.png")
      assert.strictEqual(server.requests(baseUrl).length, 0)
    }))

  it.effect("a model without a price: no cost, and the reason why, on the finish part", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("groq", "text"))
      const response = yield* AiModel.generateText({ prompt: "Hello" }).pipe(
        Effect.provide(Recordings.aiModel("groq", baseUrl, fetchClient)),
        Effect.provide(PriceTable.layerReplace({ version: 1, generatedAt: "2026-01-01", entries: [] }))
      )
      const metadata = Option.getOrThrow(AiLanguageModel.finishMetadata(response))
      assert.isTrue(Option.isNone(AiLanguageModel.cost(response)))
      assert.isNull(metadata.cost)
      assert.isNull(metadata.costUsd)
      assert.strictEqual(metadata.costUnavailable?.reason, "unknown-model")
      assert.isNotNull(metadata.usage.inputTokens)
    }))
})

describe("telemetry", () => {
  it.effect("the call's own span is a child of effect/ai's LanguageModel.streamText span", () =>
    Effect.gen(function*() {
      const recorder = yield* RecordingTracer.make
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("openai", "text"))
      yield* Stream.runDrain(AiModel.streamText({ prompt: "Hello" })).pipe(
        Effect.provide(Recordings.aiModel("openai", baseUrl, fetchClient)),
        Effect.withTracer(recorder.tracer)
      )
      const outer = recorder.spans.find((span) => span.name === "LanguageModel.streamText")
      const call = recorder.spans.find((span) => span.name === "chat gpt-4o")
      assert.isDefined(outer)
      assert.isDefined(call)
      assert.strictEqual(call!.parentId, outer!.spanId)
    }))
})
