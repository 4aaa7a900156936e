/**
 * What Groq's model families take, as data: a new family is a row.
 *
 * Reasoning. Source: `groq-sdk` 1.6's `CompletionCreateParams` (read in 2026-09): `reasoning_effort` is
 * `none | default | low | medium | high`, "qwen3 models support `none` to disable reasoning and `default` or
 * null to use the model default; qwen/qwen3.8-27b additionally supports `low`, `medium`, and `high`";
 * "openai/gpt-oss-20b and openai/gpt-oss-120b support 'low', 'medium', or 'high'"; `reasoning_format`
 * (`hidden | raw | parsed`, exclusive with `include_reasoning`) says where the reasoning goes, and `parsed` is
 * what streams it as `delta.reasoning` (GroqDocs, "Reasoning"). Groq caches prompts by itself where it does,
 * and takes no cache field; `service_tier` is `auto | on_demand | flex | performance`.
 *
 * Structured output (GroqDocs, "Structured Outputs", supported models): `json_schema` with `strict: true`
 * (constrained decoding) on the GPT-OSS models; `json_schema` best-effort (`strict` false) on Kimi K2 and
 * Llama 4; no `json_schema` on the others, which answer through a forced tool. Groq refuses `json_schema`
 * together with tools, so a request with tools of its own answers through the tool as well.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as ReasoningLevels from "../../core/request/ReasoningLevels.js"
import type * as ChatControls from "../openai-compatible/ChatControls.js"
import type * as ChatOutput from "../openai-compatible/ChatOutput.js"

const strictJsonSchema: ReadonlyArray<RegExp> = [/^openai\/gpt-oss-/]

const bestEffortJsonSchema: ReadonlyArray<RegExp> = [
  /^moonshotai\/kimi-k2-instruct/,
  /^meta-llama\/llama-4-maverick-/,
  /^meta-llama\/llama-4-scout-/
]

/** Groq's table. */
export const support = (request: CallRequest.ProviderRequest): ChatOutput.Support => {
  const strict = strictJsonSchema.some((pattern) => pattern.test(request.model))
  const native = strict || bestEffortJsonSchema.some((pattern) => pattern.test(request.model))
  const hasTools = (request.tools?.length ?? 0) > 0 || (request.providerTools?.length ?? 0) > 0
  return { strategy: native && !hasTools ? "native" : "tool", nativeStrict: strict, toolStrict: false }
}

/** A family: its `reasoning_effort` values by our levels, and whether it takes `reasoning_format`. */
export interface Family {
  readonly prefix: string
  /** Each level the family takes, with its wire value (Qwen3's `default` stands for every level that reasons). */
  readonly efforts: ReadonlyArray<readonly [CallRequest.ReasoningEffort, string]>
  /** Whether the reasoning is asked for as `reasoning_format: "parsed"` (else it streams as `reasoning` by itself). */
  readonly parsed: boolean
}

/** Groq's reasoning families, most specific prefix first; other models do not reason. */
export const families: ReadonlyArray<Family> = [
  {
    prefix: "openai/gpt-oss",
    efforts: [["low", "low"], ["medium", "medium"], ["high", "high"]],
    parsed: false
  },
  {
    prefix: "qwen/qwen3.8",
    efforts: [["none", "none"], ["low", "low"], ["medium", "medium"], ["high", "high"]],
    parsed: true
  },
  { prefix: "qwen/qwen3", efforts: [["none", "none"], ["medium", "default"]], parsed: true }
]

/** The reasoning family of a Groq model id, or `undefined` for a model that does not reason. */
const familyOf = (model: string): Family | undefined => families.find((family) => model.startsWith(family.prefix))

/**
 * Where a request that says nothing of reasoning gets its model's reasoning: a family that takes `reasoning_format`
 * is asked for it `parsed` (as `delta.reasoning`), for Groq's default is `raw`, the reasoning inside `<think>` tags in
 * the answer's text (GroqDocs, "Reasoning": "The format defaults to raw or parsed when JSON mode or tool use are
 * enabled"). Not beside an `include_reasoning` of the request's raw body, which Groq takes only without it.
 */
const reasoningUnasked = (request: CallRequest.ProviderRequest): Record<string, unknown> =>
  familyOf(request.model)?.parsed === true && request.extraBody?.["include_reasoning"] === undefined
    ? { reasoning_format: "parsed" }
    : {}

/** What Groq takes of the request controls, by the model's family. */
export const host: ChatControls.Host = {
  api: "Groq",
  userField: "user",
  serviceTiers: { auto: "auto", default: "on_demand", flex: "flex" },
  seed: true,
  cache: () => ({ fields: {}, breakpoints: undefined }),
  reasoningUnasked,
  reasoning: (request, wanted) => {
    const family = familyOf(request.model)
    if (family === undefined) {
      return wanted.on
        ? Result.fail(
          `${request.model} does not reason on Groq; use a reasoning model (openai/gpt-oss-*, qwen/qwen3-*)`
        )
        : Result.succeed({})
    }
    if (wanted.effort === undefined && wanted.budgetTokens !== undefined) {
      return Result.fail("Groq's models take a reasoning effort, not a budget of tokens; set reasoning.effort")
    }
    const level = wanted.effort === undefined
      ? undefined
      : ReasoningLevels.nearest(family.efforts.map(([level]) => level), wanted.effort)
    const effort = family.efforts.find(([name]) => name === level)?.[1]
    return Result.succeed({
      ...(effort === undefined ? {} : { reasoning_effort: effort }),
      ...(family.parsed && level !== "none" ? { reasoning_format: "parsed" } : {})
    })
  }
}
