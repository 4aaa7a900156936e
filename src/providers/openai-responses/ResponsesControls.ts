/**
 * The request controls on the Responses API (OpenAI and Azure OpenAI), by OpenAI's model families
 * (`OpenAIModels`): `reasoning: { effort, summary }`, `parallel_tool_calls`, the end user's id,
 * `service_tier`, and prompt caching (`prompt_cache_key`, `prompt_cache_retention`, `prompt_cache_options`,
 * and `prompt_cache_breakpoint` on input content parts). The Responses API has no `seed`. Fields from the
 * `openai` SDK's `ResponseCreateParams` (6.49); what a streamed request may not set, from 7.59 (`unstreamedOnly`).
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as CachePoints from "../../core/request/CachePoints.js"
import * as CallRequest from "../../core/request/CallRequest.js"
import type * as MessageParts from "../../core/request/MessageParts.js"
import * as ReasoningLevels from "../../core/request/ReasoningLevels.js"
import * as JsonEquals from "../../core/schema/JsonEquals.js"
import * as ChatControls from "../openai-compatible/ChatControls.js"
import * as OpenAIModels from "../openai/OpenAIModels.js"

/** How a Responses API host differs: OpenAI's or an Azure OpenAI resource's. */
export interface Host {
  readonly api: string
  /** Whose items a turn this host made is (`Message.ProviderContent.provider`): the turns it takes back as its own. */
  readonly format: "openai-responses" | "azure-responses"
  /** The name its file ids are under in a `Message.ProviderReference` (`input_file.file_id`, `input_image.file_id`). */
  readonly fileIds: string
  /** Whether `cache` sends a `prompt_cache_key`. */
  readonly key: boolean
  readonly userField: string
  readonly serviceTiers: boolean
}

export const openai: Host = {
  api: "OpenAI",
  format: "openai-responses",
  fileIds: "openai",
  key: true,
  userField: "safety_identifier",
  serviceTiers: true
}

export const azure: Host = {
  api: "Azure OpenAI",
  format: "azure-responses",
  fileIds: "azure",
  key: false,
  userField: "user",
  serviceTiers: false
}

/** The controls of a request as body fields, and how its cache points are marked (when they are). */
export interface Encoded {
  readonly fields: Record<string, unknown>
  readonly mark: MessageParts.Marker<unknown> | undefined
}

const reasoningOf = (
  model: string,
  request: CallRequest.ProviderRequest,
  reasoning: CallRequest.Reasoning
): Result.Result<Record<string, unknown>, CallRequest.Unsupported> => {
  const wanted = ReasoningLevels.read(reasoning)
  if (Result.isFailure(wanted)) return Result.fail(wanted.failure)
  const effort = OpenAIModels.effortFor(model, wanted.success)
  if (Result.isFailure(effort)) return CallRequest.unsupported(`reasoning: ${effort.failure}`)
  const conflict = OpenAIModels.samplingConflict(model, request, effort.success)
  if (conflict !== undefined) return CallRequest.unsupported(`reasoning: ${conflict}`)
  const summary = wanted.success.summary
  const fields = {
    ...(effort.success === undefined ? {} : { effort: effort.success }),
    ...(summary === undefined ? {} : { summary: OpenAIModels.summaryFor(model, summary) })
  }
  return Result.succeed(Object.keys(fields).length === 0 ? {} : { reasoning: fields })
}

/** The body fields of a request's controls, or the first control its model cannot take. */
export const encode = (
  request: CallRequest.ProviderRequest & { readonly baseModel?: string | undefined },
  host: Host
): Result.Result<Encoded, CallRequest.Unsupported> => {
  const model = request.baseModel ?? request.model
  const breakpoints = OpenAIModels.takesBreakpoints(model)
  const checked = breakpoints ? CachePoints.check(request, OpenAIModels.cachePolicy) : CachePoints.breakpoints(request)
  if (Result.isFailure(checked)) return Result.fail(checked.failure)
  if (request.seed !== undefined) return CallRequest.unsupported("seed: the Responses API takes no seed; leave it out")
  if (request.serviceTier !== undefined && !host.serviceTiers) {
    return CallRequest.unsupported(
      `serviceTier: ${host.api} takes no service tier on a request (a deployment's type decides it); leave it out`
    )
  }
  const reasoning = request.reasoning === undefined
    ? Result.succeed({})
    : reasoningOf(model, request, request.reasoning)
  if (Result.isFailure(reasoning)) return Result.fail(reasoning.failure)
  return Result.succeed({
    fields: {
      ...OpenAIModels.promptCacheFields(request, model, { key: host.key, breakpoints }),
      ...reasoning.success,
      ...(request.parallelToolCalls === undefined ? {} : { parallel_tool_calls: request.parallelToolCalls }),
      ...(request.user === undefined ? {} : { [host.userField]: request.user }),
      ...(request.serviceTier === undefined ? {} : { service_tier: request.serviceTier })
    },
    mark: breakpoints ? ChatControls.markBreakpoint : undefined
  })
}

/** A body value the Responses API takes only on a request it does not stream: a row of `unstreamedOnly`. */
export interface UnstreamedValue {
  /** Where the value sits in the body. */
  readonly path: ReadonlyArray<string>
  readonly values: ReadonlyArray<string>
  /** What a streamed request sends in its place. */
  readonly instead: string
  /** What the API says of it, and where. */
  readonly rule: string
  readonly source: string
}

/**
 * The values the Responses API takes only unstreamed (`stream: false`): set through `extraBody` on a request that
 * this library streams, each is refused before the request is sent rather than by the API.
 */
export const unstreamedOnly: ReadonlyArray<UnstreamedValue> = [{
  path: ["background_options", "completion_window"],
  values: ["2h", "8h"],
  instead: "set \"soonest\" or leave it out",
  rule: "The `2h` and `8h` completion windows require `background: true`, Standard processing, and `stream: false` " +
    "or omitted",
  source: "openai-node v7.59.0, src/resources/responses/responses.ts: ResponseCreateParams.BackgroundOptions"
}]

/** The body of a streamed request, or why it cannot be sent: the first value in it that `unstreamedOnly` holds. */
export const streamable = (
  body: Record<string, unknown>
): Result.Result<Record<string, unknown>, CallRequest.Unsupported> => {
  for (const row of unstreamedOnly) {
    const value = row.path.reduce<unknown>((at, key) => JsonEquals.isObject(at) ? at[key] : undefined, body)
    if (typeof value === "string" && row.values.includes(value)) {
      return CallRequest.unsupported(
        `${row.path.join(".")}: the Responses API takes "${value}" only on a request it does not stream, and ` +
          `every request here streams; ${row.instead}`
      )
    }
  }
  return Result.succeed(body)
}
