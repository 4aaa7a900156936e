/**
 * A request's reasoning as Claude takes it, by family (`AnthropicModels`): adaptive thinking with an effort
 * where the family has it, a budget of thinking tokens where it has only that, and the constraints the API
 * enforces checked first (a budget of at least 1024 tokens and below `max_tokens`; no `temperature` but 1
 * and no `top_p` below 0.95 while thinking, none at all on the families that take no sampling settings; no
 * forced tool choice with a budget of thinking, which adaptive thinking takes; none at all on the families
 * that refuse one). Shared by the Messages API and Bedrock's Converse, which sends the same `thinking` object in
 * `additionalModelRequestFields`.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../../core/Message.js"
import type * as AssistantTurn from "../../core/provider/AssistantTurn.js"
import * as CallRequest from "../../core/request/CallRequest.js"
import * as ReasoningLevels from "../../core/request/ReasoningLevels.js"
import type * as Tool from "../../core/Tool.js"
import * as AnthropicLimits from "./AnthropicLimits.js"
import type * as AnthropicModels from "./AnthropicModels.js"

/** What a request's reasoning is sent as. */
export interface Plan {
  /** The `thinking` object, when one is sent. */
  readonly thinking: Record<string, unknown> | undefined
  /** The effort level, when one is sent (`output_config.effort`). */
  readonly effort: CallRequest.ReasoningEffort | undefined
  /** The `max_tokens` the request needs when it set none: the budget and room for the answer. */
  readonly maxTokens: number | undefined
  /** Whether the model thinks on this request (what the sampling and tool-choice rules depend on). */
  readonly thinks: boolean
}

/** No reasoning asked for: nothing is sent. */
const none: Plan = { thinking: undefined, effort: undefined, maxTokens: undefined, thinks: false }

/** A budget of thinking tokens, checked against `max_tokens` (or making room for itself when none is set). */
const budgetPlan = (
  request: CallRequest.Settings,
  wanted: ReasoningLevels.Wanted
): Result.Result<{ readonly budget: number; readonly maxTokens: number | undefined }, string> => {
  const max = request.maxTokens
  if (wanted.budgetTokens !== undefined) {
    if (wanted.budgetTokens < 1024) {
      return Result.fail(
        `budgetTokens is ${wanted.budgetTokens}: Claude thinks with a budget of at least 1024 tokens`
      )
    }
    if (max !== undefined && wanted.budgetTokens >= max) {
      return Result.fail(
        `budgetTokens (${wanted.budgetTokens}) must be below maxTokens (${max}), which counts the thinking too; raise maxTokens or lower the budget`
      )
    }
  }
  const derived = ReasoningLevels.budgetOf(wanted)
  const budget = wanted.budgetTokens ?? (max === undefined ? derived : Math.min(derived, max - 1))
  if (budget < 1024) {
    return Result.fail(
      `maxTokens (${max}) leaves no room for thinking: Claude's thinking budget is at least 1024 tokens and below max_tokens; raise maxTokens`
    )
  }
  const maxTokens = max === undefined ? budget + AnthropicLimits.defaultMaxTokens : undefined
  return Result.succeed({ budget, maxTokens })
}

/** The plan of a request's reasoning on a family (an unknown model gets what was asked, unchecked). */
const plan = (
  model: string,
  family: AnthropicModels.Family | undefined,
  request: CallRequest.Settings,
  wanted: ReasoningLevels.Wanted
): Result.Result<Plan, string> => {
  const efforts = family?.efforts ?? ReasoningLevels.levels.filter((level) => level !== "none")
  const effortOf = (effort: CallRequest.ReasoningEffort | undefined) =>
    effort === undefined || effort === "none" ? undefined : ReasoningLevels.nearest(efforts, effort)
  if (!wanted.on) {
    switch (family?.off ?? "omit") {
      case "omit":
        return Result.succeed(none)
      case "disabled":
        return Result.succeed({ ...none, thinking: { type: "disabled" } })
      case "between-tools":
        return Result.succeed({ ...none, thinking: { type: "between_tools" } })
      case "never":
        // It always thinks: the nearest it comes to not thinking is its lowest effort.
        return Result.succeed({ ...none, effort: efforts[0], thinks: true })
    }
  }
  const thinking = family?.thinking ?? "adaptive-or-budget"
  if (thinking === "none") {
    return Result.fail(`${model} has no extended thinking; use Claude 3.7 Sonnet or a later model`)
  }
  const budgetOnly = wanted.effort === undefined && wanted.budgetTokens !== undefined
  if (thinking === "adaptive" && budgetOnly) {
    return Result.fail(`${model} thinks adaptively and takes no budget of tokens; set reasoning.effort instead`)
  }
  if (thinking === "budget" || (thinking === "adaptive-or-budget" && budgetOnly)) {
    return Result.map(budgetPlan(request, wanted), ({ budget, maxTokens }) => ({
      thinking: { type: "enabled", budget_tokens: budget },
      effort: family === undefined || family.efforts.length === 0 ? undefined : effortOf(wanted.effort),
      maxTokens,
      thinks: true
    }))
  }
  const display = wanted.summary !== undefined && family?.omitsThinking === true ? { display: "summarized" } : {}
  return Result.succeed({
    thinking: { type: "adaptive", ...display },
    effort: effortOf(wanted.effort),
    maxTokens: undefined,
    thinks: true
  })
}

/**
 * Whether the request goes on with an assistant turn under way (its calls' results follow it) that did not start by
 * thinking, read from the turn's own blocks (`blocks`): a turn another provider made has none, and a turn whose
 * thinking did not come back (the browser's with `sendReasoning: false`) starts with its text or its calls. The turn
 * starts at its first assistant message after the last user message: a tool loop's later steps have no thinking of
 * their own on a budget ("Claude will not output another thinking block until after the next non-tool_result user
 * turn": Anthropic's cookbook, "Extended Thinking with Tool Use").
 */
const unthoughtTurn = (messages: ReadonlyArray<Message.Message>, blocks: AssistantTurn.TurnBlocks): boolean => {
  let index = messages.length - 1
  while (index >= 0 && messages[index]!._tag !== "AssistantMessage") index--
  const last = messages[index]
  if (last?._tag !== "AssistantMessage" || last.toolCalls.length === 0) return false
  if (!messages.slice(index + 1).some((message) => message._tag === "ToolResultMessage")) return false
  let start = index
  for (let at = index - 1; at >= 0 && messages[at]!._tag !== "UserMessage"; at--) {
    if (messages[at]!._tag === "AssistantMessage") start = at
  }
  const content = (messages[start] as Message.AssistantMessage).content
  return content?.provider !== blocks.format || blocks.read(content.blocks[0])?._tag !== "Reasoning"
}

/**
 * The plan of a request that goes on with a turn under way: without thinking when the turn did not start by thinking
 * and the plan thinks on a budget. A tool loop is one assistant turn, with one thinking configuration
 * (platform.claude.com, "Thinking in tool and multi-turn workflows"), and Claude's extended thinking on a budget
 * refuses such a request ("When `thinking` is enabled, a final `assistant` message must start with a thinking
 * block", a 400). The next question starts a turn that thinks again.
 */
const forTurn = (plan: Plan, messages: ReadonlyArray<Message.Message>, blocks: AssistantTurn.TurnBlocks): Plan =>
  plan.thinking?.["type"] === "enabled" && unthoughtTurn(messages, blocks)
    ? { ...plan, thinking: undefined, maxTokens: undefined, thinks: false }
    : plan

const forced = (choice: Tool.ToolChoice | undefined): boolean =>
  choice !== undefined && choice !== "auto" && choice !== "none"

/**
 * Why a request cannot be sent to the family with its settings, or `undefined`; and which sampling
 * settings are left out because they are the model's own (a `temperature` or `top_p` of 1 on a family that
 * takes none).
 */
const settingsConflict = (
  model: string,
  family: AnthropicModels.Family | undefined,
  request: CallRequest.Settings & { readonly toolChoice?: Tool.ToolChoice | undefined },
  plan: Plan
): Result.Result<ReadonlyArray<"temperature" | "topP">, string> => {
  if (family === undefined) return Result.succeed([])
  if (forced(request.toolChoice) && !family.forcedToolChoice) {
    return Result.fail(`${model} takes no forced tool choice ("required" or a tool's name); use toolChoice "auto"`)
  }
  if (forced(request.toolChoice) && plan.thinking?.["type"] === "enabled") {
    return Result.fail(
      "Claude takes no forced tool choice (\"required\" or a tool's name) with extended thinking on a budget; use toolChoice \"auto\", or a model with adaptive thinking"
    )
  }
  const thinks = plan.thinks
  const omitted: Array<"temperature" | "topP"> = []
  for (const [setting, value] of [["temperature", request.temperature], ["topP", request.topP]] as const) {
    if (value === undefined) continue
    if (!family.sampling) {
      if (value !== 1) return Result.fail(`${model} takes no ${setting} (its sampling is its own); leave it out`)
      omitted.push(setting)
    } else if (thinks && (setting === "temperature" ? value !== 1 : value < 0.95)) {
      return Result.fail(
        setting === "temperature"
          ? `Claude takes no temperature but 1 while it thinks (this request has ${value}); leave it out, or turn reasoning off`
          : `Claude takes a top_p of 0.95 to 1 while it thinks (this request has ${value}); raise it, leave it out, or turn reasoning off`
      )
    }
  }
  return Result.succeed(omitted)
}

/**
 * What a request's `reasoning` is sent as on a family, for the turn it goes on (`forTurn`; `blocks` reads its own
 * turns), and the sampling settings left out; or the first setting the model cannot take.
 */
export const planRequest = (
  request: CallRequest.ProviderRequest,
  family: AnthropicModels.Family | undefined,
  blocks: AssistantTurn.TurnBlocks
): Result.Result<
  { readonly plan: Plan; readonly omitted: ReadonlyArray<"temperature" | "topP"> },
  CallRequest.Unsupported
> => {
  const wanted = request.reasoning === undefined ? undefined : ReasoningLevels.read(request.reasoning)
  if (wanted !== undefined && Result.isFailure(wanted)) return Result.fail(wanted.failure)
  const planned = wanted === undefined ? Result.succeed(none) : plan(request.model, family, request, wanted.success)
  if (Result.isFailure(planned)) return CallRequest.unsupported(`reasoning: ${planned.failure}`)
  const turnPlan = forTurn(planned.success, request.messages, blocks)
  const omitted = settingsConflict(request.model, family, request, turnPlan)
  if (Result.isFailure(omitted)) return CallRequest.unsupported(omitted.failure)
  return Result.succeed({ plan: turnPlan, omitted: omitted.success })
}
