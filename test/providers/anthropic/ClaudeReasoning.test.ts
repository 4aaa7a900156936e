/**
 * Claude's reasoning on the wire, per family, on Anthropic's Messages API and on Bedrock's Converse: the
 * request pydantic-ai recorded against the live API for Claude Opus 5 (`fixtures/controls/`), goldens typed
 * with `@anthropic-ai/sdk` 1.12 `MessageCreateParamsStreaming` (`thinking: ThinkingConfigParam`,
 * `output_config.effort`), Converse bodies serialized by `@aws-sdk/client-bedrock-runtime` (`outputConfig.
 * effort`, `additionalModelRequestFields`), and the constraints the APIs enforce, checked before sending
 * (a budget of at least 1024 tokens and below `max_tokens`; `temperature` 1 and `top_p` ≥ 0.95 with
 * thinking; no forced tool choice with a budget of thinking; the families that take no sampling settings or
 * no forced tool choice at all). The families are `AnthropicModels`' and `BedrockModels`' tables.
 */
import type { MessageCreateParamsStreaming } from "@anthropic-ai/sdk/resources/messages"
import type { ConverseStreamCommandInput } from "@aws-sdk/client-bedrock-runtime"
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as AnthropicLimits from "../../../src/providers/anthropic/AnthropicLimits.js"
import * as AnthropicModels from "../../../src/providers/anthropic/AnthropicModels.js"
import * as AnthropicRequest from "../../../src/providers/anthropic/AnthropicRequest.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { serializedBySdk } from "../../support/BedrockSdk.js"
import * as C from "../../support/Controls.js"

const messages = [Message.user("What is 2+2?")]
const lookup = Tool.make("lookup", { parameters: Schema.Struct({}) })

describe("Anthropic: adaptive thinking and effort, or a budget, by family", () => {
  it("Claude Opus 5, effort xhigh with a summary: the recorded request", () => {
    const recorded = Fixtures.json("controls", "anthropic-adaptive-thinking.request.json")
    const body = C.body("anthropic", {
      model: "claude-opus-5",
      messages: [Message.user([Message.text("What is 2+2?")])],
      reasoning: { effort: "xhigh", summary: "auto" }
    })
    assert.deepStrictEqual(body, { ...recorded, stream: true })
  })

  it("Claude Opus 4.6 at its default effort: thinking adaptive (pydantic-ai's recorded opus_46 adaptive-thinking request)", () => {
    const golden: MessageCreateParamsStreaming = {
      model: "claude-opus-4-6",
      max_tokens: 4096,
      messages: [{ role: "user", content: [{ type: "text", text: "What is 2+2?" }] }],
      thinking: { type: "adaptive" },
      stream: true
    }
    assert.deepStrictEqual(C.body("anthropic", { model: "claude-opus-4-6", messages, reasoning: {} }), golden)
    // Effort xhigh is not a 4.6 level: the nearest, max, is sent (ties go up).
    assert.deepStrictEqual(
      C.body("anthropic", { model: "claude-opus-4-6", messages, reasoning: { effort: "xhigh" } })["output_config"],
      { effort: "max" }
    )
    // A budget alone is still taken by 4.6, as extended thinking.
    assert.deepStrictEqual(
      C.body("anthropic", { model: "claude-sonnet-4-6", messages, maxTokens: 9000, reasoning: { budgetTokens: 4000 } })[
        "thinking"
      ],
      { type: "enabled", budget_tokens: 4000 }
    )
  })

  it("Claude Sonnet 4, a budget of 6400 within max_tokens 16000: the recorded request (Mirascope's cassette)", () => {
    const recorded = Fixtures.json("controls", "anthropic-budget-thinking.request.json")
    const body = C.body("anthropic", {
      model: "claude-sonnet-4-0",
      maxTokens: 16000,
      messages: [Message.user(recorded.messages[0].content)],
      reasoning: { budgetTokens: 6400 }
    })
    // The recording sends its text message as a string, which the API reads as one text block.
    const [message] = recorded.messages
    assert.deepStrictEqual(body, {
      ...recorded,
      messages: [{ role: "user", content: [{ type: "text", text: message.content }] }]
    })
  })

  it("a budget family: the effort's budget, max_tokens raised to hold it, or clamped below the one given", () => {
    const golden: MessageCreateParamsStreaming = {
      model: "claude-sonnet-4-5",
      max_tokens: 16384 + 4096,
      messages: [{ role: "user", content: [{ type: "text", text: "What is 2+2?" }] }],
      thinking: { type: "enabled", budget_tokens: 16384 },
      stream: true
    }
    assert.deepStrictEqual(
      C.body("anthropic", { model: "claude-sonnet-4-5", messages, reasoning: { effort: "high" } }),
      golden
    )
    const clamped = C.body("anthropic", {
      model: "claude-sonnet-4-5",
      messages,
      maxTokens: 8000,
      reasoning: { effort: "high" }
    })
    assert.deepStrictEqual([clamped["max_tokens"], clamped["thinking"]], [8000, {
      type: "enabled",
      budget_tokens: 7999
    }])
    // Opus 4.5 also takes an effort (low to high): xhigh is high there.
    const opus45 = C.body("anthropic", { model: "claude-opus-4-5-20251101", messages, reasoning: { effort: "xhigh" } })
    assert.deepStrictEqual([opus45["thinking"], opus45["output_config"]], [
      { type: "enabled", budget_tokens: 32768 },
      { effort: "high" }
    ])
  })

  it("refuses a budget below 1024 or not below max_tokens, and max_tokens with no room for one", () => {
    const model = "claude-3-7-sonnet-20250219"
    assert.match(
      C.refusal("anthropic", { model, messages, reasoning: { budgetTokens: 500 } }),
      /^reasoning: budgetTokens is 500: Claude thinks with a budget of at least 1024 tokens/
    )
    assert.match(
      C.refusal("anthropic", { model, messages, maxTokens: 9000, reasoning: { budgetTokens: 9000 } }),
      /budgetTokens \(9000\) must be below maxTokens \(9000\)/
    )
    assert.match(
      C.refusal("anthropic", { model, messages, maxTokens: 1024, reasoning: { effort: "low" } }),
      /maxTokens \(1024\) leaves no room for thinking/
    )
    assert.match(
      C.refusal("anthropic", { model: "claude-opus-4-7", messages, reasoning: { budgetTokens: 4000 } }),
      /claude-opus-4-7 thinks adaptively and takes no budget of tokens; set reasoning\.effort instead/
    )
    assert.match(
      C.refusal("anthropic", { model: "claude-3-5-haiku-latest", messages, reasoning: { effort: "low" } }),
      /claude-3-5-haiku-latest has no extended thinking/
    )
  })

  it("effort none: left out, thinking disabled (Opus 5), or the lowest effort where thinking never stops", () => {
    const none = { effort: "none" } as const
    const fields = (model: string) => {
      const body = C.body("anthropic", { model, messages, reasoning: none })
      return { thinking: body["thinking"], output_config: body["output_config"] }
    }
    assert.deepStrictEqual(fields("claude-sonnet-4-5"), { thinking: undefined, output_config: undefined })
    assert.deepStrictEqual(fields("claude-opus-4-7"), { thinking: undefined, output_config: undefined })
    assert.deepStrictEqual(fields("claude-opus-5"), { thinking: { type: "disabled" }, output_config: undefined })
    assert.deepStrictEqual(fields("claude-fable-5"), { thinking: undefined, output_config: { effort: "low" } })
    assert.deepStrictEqual(fields("claude-mythos-preview"), { thinking: undefined, output_config: { effort: "low" } })
  })

  it("Claude Sonnet 5.5 turns down to between_tools, Haiku 5.5 to disabled (the 5.5 models' What's new pages)", () => {
    // "What's new in Claude Sonnet 5.5": `disabled` is a 400 there; `{ type: "between_tools" }` (@anthropic-ai/sdk
    // 1.14 `ThinkingConfigBetweenTools`) is "the lowest thinking setting on this model". "What's new in Claude
    // Haiku 5.5": thinking is on by default and `disabled` is taken at low to high effort.
    const none = (model: string) => C.body("anthropic", { model, messages, reasoning: { effort: "none" } })
    const sonnet: MessageCreateParamsStreaming = {
      model: "claude-sonnet-5-5",
      max_tokens: 4096,
      messages: [{ role: "user", content: [{ type: "text", text: "What is 2+2?" }] }],
      thinking: { type: "between_tools" },
      stream: true
    }
    assert.deepStrictEqual(none("claude-sonnet-5-5"), sonnet)
    assert.deepStrictEqual(none("claude-haiku-5-5")["thinking"], { type: "disabled" })
    // Asked to think, both think adaptively at the effort asked (xhigh and max only adaptively, which this is).
    const xhigh = C.body("anthropic", { model: "claude-sonnet-5-5", messages, reasoning: { effort: "xhigh" } })
    assert.deepStrictEqual([xhigh["thinking"], xhigh["output_config"]], [{ type: "adaptive" }, { effort: "xhigh" }])
    // Bedrock sends the same thinking object.
    const converse = C.body("bedrock", {
      model: "us.anthropic.claude-sonnet-5-5",
      messages,
      reasoning: { effort: "none" }
    })
    assert.deepStrictEqual(converse["additionalModelRequestFields"], { thinking: { type: "between_tools" } })
    // Sonnet 5.5 refuses a forced tool choice ("Forced tool use returns an error"); Haiku 5.5's page lists no such change.
    const forced = { messages, tools: [lookup], toolChoice: "required" } as const
    assert.match(C.refusal("anthropic", { model: "claude-sonnet-5-5", ...forced }), /takes no forced tool choice/)
    assert.deepStrictEqual(C.body("anthropic", { model: "claude-haiku-5-5", ...forced })["tool_choice"], {
      type: "any"
    })
  })

  it("the most output a model writes: 128K from Claude 5 (each model page's \"Max output\"), what a spend cap is bounded by", () => {
    const max = AnthropicLimits.maxOutputTokens
    assert.deepStrictEqual(
      ["claude-sonnet-4-5", "claude-opus-4-1", "us.anthropic.claude-sonnet-5-5", "claude-haiku-5-5", "claude-fable-5-1"]
        .map(max),
      [64_000, 32_000, 128_000, 128_000, 128_000]
    )
  })

  it("sampling settings: 1 with thinking, none at all on Opus 4.7 and later (1 is left out)", () => {
    assert.match(
      C.refusal("anthropic", { model: "claude-sonnet-4-6", messages, temperature: 0.7, reasoning: { effort: "low" } }),
      /Claude takes no temperature but 1 while it thinks \(this request has 0\.7\)/
    )
    assert.match(
      C.refusal("anthropic", { model: "claude-sonnet-4-6", messages, topP: 0.9, reasoning: { effort: "low" } }),
      /Claude takes a top_p of 0\.95 to 1 while it thinks/
    )
    assert.strictEqual(
      C.body("anthropic", { model: "claude-sonnet-4-6", messages, topP: 0.95, reasoning: { effort: "low" } })["top_p"],
      0.95
    )
    assert.strictEqual(
      C.body("anthropic", { model: "claude-sonnet-4-6", messages, temperature: 0.7 })["temperature"],
      0.7
    )
    assert.match(
      C.refusal("anthropic", { model: "claude-opus-4-7", messages, temperature: 0.2 }),
      /claude-opus-4-7 takes no temperature \(its sampling is its own\)/
    )
    assert.notProperty(C.body("anthropic", { model: "claude-opus-4-7", messages, temperature: 1 }), "temperature")
  })

  it("a forced tool choice: refused with a budget of thinking, and on the families that take none", () => {
    const forced = { messages, tools: [lookup], toolChoice: "required" } as const
    assert.match(
      C.refusal("anthropic", { model: "claude-sonnet-4-5", ...forced, reasoning: { effort: "low" } }),
      /no forced tool choice .* with extended thinking on a budget/
    )
    assert.deepStrictEqual(
      C.body("anthropic", { model: "claude-opus-4-6", ...forced, reasoning: { effort: "low" } })["tool_choice"],
      { type: "any" }
    )
    assert.match(
      C.refusal("anthropic", { model: "claude-fable-5", ...forced }),
      /claude-fable-5 takes no forced tool choice/
    )
  })
})

describe("Bedrock: Claude's thinking in additionalModelRequestFields, Converse's outputConfig.effort, other families' fields", () => {
  const bedrock = (model: string, request: Partial<C.Request>) => C.body("bedrock", { model, messages, ...request })

  it("Claude Opus 4.6 (adaptive, effort) and Sonnet 4.5 (a budget), serialized by the AWS SDK", async () => {
    const adaptive: ConverseStreamCommandInput = {
      modelId: "us.anthropic.claude-opus-4-6-v1",
      messages: [{ role: "user", content: [{ text: "What is 2+2?" }] }],
      outputConfig: { effort: "medium" },
      additionalModelRequestFields: { thinking: { type: "adaptive" } }
    }
    assert.deepStrictEqual(
      bedrock("us.anthropic.claude-opus-4-6-v1", { reasoning: { effort: "medium" } }),
      await serializedBySdk(adaptive) as object
    )
    const budget: ConverseStreamCommandInput = {
      modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      messages: [{ role: "user", content: [{ text: "What is 2+2?" }] }],
      inferenceConfig: { maxTokens: 4096 },
      additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 2048 } }
    }
    assert.deepStrictEqual(
      bedrock("us.anthropic.claude-sonnet-4-5-20250929-v1:0", { maxTokens: 4096, reasoning: { effort: "low" } }),
      await serializedBySdk(budget) as object
    )
  })

  it("Nova 2's reasoningConfig, gpt-oss's reasoning_effort, Qwen3's reasoning_config", () => {
    assert.deepStrictEqual(
      bedrock("us.amazon.nova-2-lite-v1:0", { reasoning: { effort: "xhigh" } })["additionalModelRequestFields"],
      {
        reasoningConfig: { type: "enabled", maxReasoningEffort: "high" }
      }
    )
    assert.notProperty(
      bedrock("us.amazon.nova-2-lite-v1:0", { reasoning: { effort: "none" } }),
      "additionalModelRequestFields"
    )
    assert.deepStrictEqual(
      bedrock("openai.gpt-oss-120b-1:0", { reasoning: { effort: "none" } })["additionalModelRequestFields"],
      {
        reasoning_effort: "low"
      }
    )
    assert.deepStrictEqual(
      bedrock("qwen.qwen3-32b-v1:0", { reasoning: { effort: "medium" } })["additionalModelRequestFields"],
      {
        reasoning_config: "high"
      }
    )
  })

  it("refuses what the family cannot take", () => {
    assert.match(
      C.refusal("bedrock", {
        model: "us.amazon.nova-2-lite-v1:0",
        messages,
        reasoning: { effort: "low", summary: "auto" }
      }),
      /Nova 2 returns its reasoning redacted/
    )
    assert.match(
      C.refusal("bedrock", { model: "us.meta.llama3-3-70b-instruct-v1:0", messages, reasoning: { effort: "low" } }),
      /has no reasoning setting on Converse/
    )
    assert.match(
      C.refusal("bedrock", { model: "us.anthropic.claude-opus-4-7-v1:0", messages, temperature: 0.5 }),
      /takes no temperature/
    )
  })
})

describe("reasoning beside structured output", () => {
  const Answer = Schema.Struct({ answer: Schema.String })
  const planned = (model: string, reasoning: C.Request["reasoning"]) =>
    Result.flatMap(AnthropicModels.plan({ model, messages, output: Answer, reasoning }), AnthropicRequest.encodeRequest)

  it("Claude's JSON outputs and its effort share output_config", () => {
    const body: Record<string, any> = Result.getOrThrow(planned("claude-opus-4-7", { effort: "high" }))
    assert.deepStrictEqual(Object.keys(body["output_config"]).sort(), ["effort", "format"])
    assert.strictEqual(body["output_config"].effort, "high")
    assert.deepStrictEqual(body["thinking"], { type: "adaptive" })
  })

  it("a model without JSON outputs answers through a forced tool, which reasoning refuses", () => {
    const refused = planned("claude-sonnet-4-20250514", { effort: "low" })
    assert.isTrue(Result.isFailure(refused))
    assert.include(
      Result.isFailure(refused) ? refused.failure.message : "",
      "cannot be combined with extended thinking"
    )
    assert.isTrue(Result.isSuccess(planned("claude-sonnet-4-20250514", { effort: "none" })))
  })
})
