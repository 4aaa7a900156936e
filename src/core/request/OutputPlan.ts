/**
 * A request's structured output as its provider sends it: a native JSON mode's fields, or a tool the model must call.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as Output from "../Output.js"
import { isObject } from "../schema/JsonEquals.js"
import type * as Tool from "../Tool.js"
import * as CallRequest from "./CallRequest.js"

/** How a provider sends an output on a model. */
export interface Choice {
  readonly strategy: Output.Strategy
  /** The JSON Schema sent (the provider's dialect of the output's). */
  readonly schema: Tool.JsonSchema
  /** Whether it is sent with strict adherence (`strict: true`). */
  readonly strict: boolean
}

/** The body fields of a native JSON mode, from the output and its choice. */
export type NativeFields = (output: Output.Output, choice: Choice) => Readonly<Record<string, unknown>>

/** What a provider tells the planner. */
export interface Provider<R extends CallRequest.ProviderRequest> {
  /** The strategy the provider picks for the request's model, when the output names none. */
  readonly strategy: (request: R) => Output.Strategy
  /** The JSON Schema sent with a strategy, and its strictness, or why the output cannot be sent that way. */
  readonly encode: (output: Output.Output, strategy: Output.Strategy, request: R) => Result.Result<Choice, string>
  readonly native: NativeFields
}

/** The request's `extraBody` over `fields`, one level deep for objects (`output_config.effort` beside `format`). */
const under = (
  fields: Readonly<Record<string, unknown>>,
  extraBody: Readonly<Record<string, unknown>> | undefined
): Readonly<Record<string, unknown>> => {
  const merged: Record<string, unknown> = { ...fields, ...extraBody }
  for (const [key, value] of Object.entries(fields)) {
    const given = extraBody?.[key]
    if (isObject(value) && isObject(given)) merged[key] = { ...value, ...given }
  }
  return merged
}

/** The request as the provider sends it with its output, or why it cannot be sent. */
export const plan = <R extends CallRequest.ProviderRequest>(
  request: R,
  provider: Provider<R>
): Result.Result<R, CallRequest.Unsupported> => {
  if (request.output === undefined) return Result.succeed(request)
  let output: Output.Output
  try {
    output = Output.fromInput(request.output)
  } catch (error) {
    return CallRequest.unsupported(
      `the output cannot be sent: ${error instanceof Error ? error.message : String(error)}`
    )
  }
  const strategy = output.strategy ?? provider.strategy(request)
  const choice = provider.encode(output, strategy, request)
  if (Result.isFailure(choice)) {
    return CallRequest.unsupported(`the output ${output.name} cannot be sent: ${choice.failure}`)
  }
  if (choice.success.strategy === "native") {
    return Result.succeed({ ...request, extraBody: under(provider.native(output, choice.success), request.extraBody) })
  }
  const tools = request.tools ?? []
  if (tools.some((tool) => tool.name === output.name)) {
    return CallRequest.unsupported(
      `a tool of the request is named ${output.name}, as the output is: rename one of them`
    )
  }
  if (request.toolChoice === "none") {
    return CallRequest.unsupported(
      `the output ${output.name} is answered through a tool on this model: toolChoice "none" forbids it`
    )
  }
  const tool: Tool.Tool = {
    name: output.name,
    description: output.description ?? `Answer with the ${output.name}: its value is this tool's input.`,
    parameters: output.schema,
    jsonSchema: choice.success.schema,
    strict: choice.success.strict ? true : undefined
  }
  return Result.succeed({
    ...request,
    tools: [...tools, tool],
    // Alone, the output's tool is forced; beside the request's tools, the model must call one of them.
    toolChoice: request.toolChoice ?? (tools.length === 0 ? { name: output.name } : "required")
  })
}
