/**
 * Real streams of OpenAI-compatible hosts (OpenRouter, xAI, Vercel's AI Gateway, Groq, Z.ai, Avian, Hugging Face's
 * router, llama.cpp), recorded
 * by another project's tests (`test/fixtures/hosts/SOURCES.md`), over real HTTP through both clients: the text,
 * reasoning, tool calls, finish reasons, usage and stated cost against what an independent reading of the same bytes
 * gives (`*.expected.json`, `reference/refdecode.py`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Result } from "effect"
import type { FinishReason } from "effect-llm-stream"
import { CallResponse, Cost, LanguageModel, OpenAICompatible } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect } from "../../support/Collect.js"

const folder = "hosts"
const apiKey = "key-test-0123456789abcdef"

interface Expected {
  readonly choices: Record<string, {
    readonly content: string
    readonly refusal: string
    readonly reasoning: string
    readonly finishReason: string | null
    readonly toolCalls: ReadonlyArray<{ index: number; id: string; name: string; arguments: string }>
  }>
  readonly id: string
  readonly model: string
  readonly usage: any
  readonly xGroqUsage: any
  readonly timings: any
  readonly chunkCount: number
  readonly done: boolean
}

/** The host a recording is of, by its file name's first word: a preset, or a host of the user's own. */
const hostOf = (name: string): string => name.split("-")[0]!

/**
 * What a user tells of a host of their own: Avian states its charge as OpenRouter does (`usage.cost`, USD; the
 * recordings' usage carries it). Vercel's AI Gateway and llama.cpp are presets, whose rows say it.
 */
const ownHosts: Record<string, Partial<OpenAICompatible.Options>> = {
  avian: { statedCost: "usage.cost" }
}

const commonOf: Record<string, FinishReason.FinishReason> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  content_filter: "content_filter"
}

/**
 * The usage computed here from the raw object, independently of the library: xAI counts reasoning apart from
 * `completion_tokens` (its `total_tokens` is prompt + completion + reasoning, docs.x.ai "Reasoning"), and so does
 * Vercel's AI Gateway, whose total leaves it out too (its stated `cost` bills prompt + completion + reasoning at the
 * model's prices: gpt-5's 63 × $1.25 + (112 + 64) × $10 per million is its $0.00183875); the others count it inside.
 * A llama.cpp server of before `prompt_tokens_details` names its cached prompt tokens in the chunk's `timings.cache_n`
 * (`prompt_tokens` = `cache_n` + `prompt_n`).
 */
const usageOf = (host: string, usage: any, timings: any) => {
  const reasoning = usage.completion_tokens_details?.reasoning_tokens as number | undefined
  const apart = reasoning !== undefined && reasoning > 0 &&
    (host === "vercel" || usage.total_tokens === usage.prompt_tokens + usage.completion_tokens + reasoning)
  return {
    inputTokens: usage.prompt_tokens,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens ??
      (host === "llamacpp" && timings.cache_n + timings.prompt_n === usage.prompt_tokens ? timings.cache_n : undefined),
    outputTokens: usage.completion_tokens + (apart ? reasoning : 0),
    reasoningTokens: reasoning
  }
}

/** The charge a host states in its usage, in USD: `cost` (OpenRouter, Avian), or xAI's ticks (10^10 to the USD). */
const statedCost = (usage: any): number | undefined =>
  typeof usage.cost === "number"
    ? usage.cost
    : typeof usage.cost_in_usd_ticks === "number"
    ? usage.cost_in_usd_ticks / 1e10
    : undefined

describe("OpenAI-compatible hosts over HTTP, recorded streams", () => {
  for (const [clientName, client] of clients) {
    for (const name of Fixtures.streams(folder)) {
      it.effect(`${name} via ${clientName}`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const body = Fixtures.bytes(folder, `${name}.sse`)
          const expected = Fixtures.json<Expected>(folder, `${name}.expected.json`)
          const baseUrl = server.serve({
            headers: { "content-type": "text/event-stream" },
            body,
            cuts: ReplayServer.randomCuts(body.length, name.length * 7919 + 5, 97)
          })
          const host = hostOf(name)
          const { chunks, result } = yield* collect(LanguageModel.stream("What's the weather in Florence?")).pipe(
            Effect.provide(
              OpenAICompatible.model(expected.model).pipe(
                Layer.provide(
                  OpenAICompatible.layer({ ...ownHosts[host], name: host, baseUrl, apiKey: Redacted.make(apiKey) })
                ),
                Layer.provide(client)
              )
            )
          )
          assert.isTrue(result._tag === "Success", `stream failed: ${JSON.stringify(result)}`)
          assert.isTrue(expected.done)
          assert.strictEqual(chunks.length, expected.chunkCount)
          const response = chunks.reduce(CallResponse.append, CallResponse.empty)
          const first = expected.choices["0"]!
          assert.strictEqual(response.provider, host)
          assert.strictEqual(response.content, first.content)
          assert.strictEqual(response.refusal, first.refusal)
          assert.strictEqual(response.reasoning, first.reasoning)
          assert.strictEqual(response.id, expected.id)
          assert.strictEqual(response.model, expected.model)
          assert.deepStrictEqual(
            response.toolCalls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments })),
            first.toolCalls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments }))
          )
          assert.deepStrictEqual(response.finishReasons, [first.finishReason!])
          assert.deepStrictEqual(response.commonFinishReasons, [commonOf[first.finishReason!]])
          const raw = expected.usage ?? expected.xGroqUsage
          const usage = usageOf(host, raw, expected.timings)
          assert.deepStrictEqual(
            {
              inputTokens: response.usage.inputTokens,
              cachedTokens: response.usage.cachedTokens,
              outputTokens: response.usage.outputTokens,
              reasoningTokens: response.usage.reasoningTokens
            },
            usage
          )
          const stated = statedCost(raw)
          if (stated !== undefined) {
            // A host that states its charge: that is the cost, to the last digit it gave.
            const total = Result.map(response.costResult, Cost.totalText)
            assert.isTrue(Result.isSuccess(total), `no cost: ${JSON.stringify(response.costResult)}`)
            assert.strictEqual(Number(Result.getOrThrow(total)), stated)
          }
        }))
    }
  }
})
