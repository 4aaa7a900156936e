/**
 * The request controls on Converse (`@aws-sdk/client-bedrock-runtime` `ConverseStreamRequest`), by the model's family
 * (`BedrockModels`): reasoning, `serviceTier: { type }`, the end user's id as `requestMetadata.user` (key-value pairs
 * for filtering invocation logs). Converse has no seed and no setting for parallel tool calls.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as CallRequest from "../../core/request/CallRequest.js"
import * as ReasoningLevels from "../../core/request/ReasoningLevels.js"
import * as AnthropicThinking from "../anthropic/AnthropicThinking.js"
import * as BedrockBlocks from "./BedrockBlocks.js"
import * as BedrockModels from "./BedrockModels.js"

/** The controls of a request, as Converse fields. */
export interface Encoded {
  /** Top-level fields (`outputConfig`, `serviceTier`, `requestMetadata`). */
  readonly fields: Record<string, unknown>
  /** Fields of `additionalModelRequestFields`. */
  readonly additional: Record<string, unknown>
  /** The `maxTokens` the request needs when it set none (Claude's thinking budget and room for the answer). */
  readonly maxTokens: number | undefined
  /** Sampling settings left out, being the model's own. */
  readonly omitted: ReadonlyArray<"temperature" | "topP">
}

/** The reasoning of a family whose reasoning is one field. */
const effortField = (
  model: string,
  reasoning: BedrockModels.EffortField,
  wanted: ReasoningLevels.Wanted
): Result.Result<Record<string, unknown>, string> => {
  if (wanted.summary !== undefined && reasoning.noSummary !== undefined) {
    return Result.fail(`${reasoning.noSummary}; leave reasoning.summary out`)
  }
  if (wanted.effort === undefined && wanted.budgetTokens !== undefined) {
    return Result.fail(`${model} takes a reasoning effort, not a budget of tokens; set reasoning.effort`)
  }
  if (!wanted.on && reasoning.canStop) return Result.succeed({})
  const level = ReasoningLevels.nearest(reasoning.efforts.map(([level]) => level), wanted.effort ?? "medium")
  return Result.succeed(reasoning.fields(reasoning.efforts.find(([name]) => name === level)![1]))
}

/** The Converse fields of a request's controls, or the first one its model cannot take. */
export const encode = (
  request: CallRequest.ProviderRequest,
  family: BedrockModels.Family
): Result.Result<Encoded, CallRequest.Unsupported> => {
  if (request.seed !== undefined) return CallRequest.unsupported("seed: Converse takes no seed; leave it out")
  if (request.parallelToolCalls === false) {
    return CallRequest.unsupported(
      "parallelToolCalls: Converse has no setting for parallel tool calls; leave parallelToolCalls out"
    )
  }
  const fields: Record<string, unknown> = {}
  if (request.user !== undefined) fields["requestMetadata"] = { user: request.user }
  if (request.serviceTier !== undefined && request.serviceTier !== "auto") {
    fields["serviceTier"] = { type: request.serviceTier }
  }
  const reasoning = family.reasoning
  if (reasoning.kind === "claude") {
    return Result.map(
      AnthropicThinking.planRequest(request, reasoning.family, BedrockBlocks.turn),
      ({ omitted, plan }) => {
        if (plan.effort !== undefined) fields["outputConfig"] = { effort: plan.effort }
        const additional = plan.thinking === undefined ? {} : { thinking: plan.thinking }
        return { fields, additional, maxTokens: plan.maxTokens, omitted }
      }
    )
  }
  const wanted = request.reasoning === undefined ? undefined : ReasoningLevels.read(request.reasoning)
  if (wanted !== undefined && Result.isFailure(wanted)) return Result.fail(wanted.failure)
  const additional = wanted === undefined || (reasoning.kind === "none" && !wanted.success.on)
    ? Result.succeed({})
    : reasoning.kind === "none"
    ? Result.fail(
      `${request.model} has no reasoning setting on Converse; leave reasoning out` +
        (BedrockModels.namesNoModel(request.model) ? ", or name the model behind the ARN with baseModel" : "")
    )
    : effortField(request.model, reasoning, wanted.success)
  if (Result.isFailure(additional)) return CallRequest.unsupported(`reasoning: ${additional.failure}`)
  return Result.succeed({ fields, additional: additional.success, maxTokens: undefined, omitted: [] })
}
