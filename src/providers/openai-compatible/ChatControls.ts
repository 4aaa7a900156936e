/**
 * The request controls on a Chat Completions host (OpenAI, Azure, Groq): `reasoning_effort` and what a
 * host adds to it, `seed`, `parallel_tool_calls`, the end user's id, `service_tier`, and prompt caching
 * (cache fields, and `prompt_cache_breakpoint` on content parts where the model takes breakpoints). What a
 * host's models take is the host's `Host`, from the table in its own folder. Field names and values from the
 * `openai` SDK's `ChatCompletionCreateParams` and `groq-sdk`'s `CompletionCreateParams`.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as CachePoints from "../../core/request/CachePoints.js"
import * as CallRequest from "../../core/request/CallRequest.js"
import * as MessageParts from "../../core/request/MessageParts.js"
import * as ReasoningLevels from "../../core/request/ReasoningLevels.js"

/** What a host takes of the controls, on the request's model. */
export interface Host {
  /** How errors name the host: `OpenAI`, `Azure OpenAI`, `Groq`. */
  readonly api: string
  /** The body fields of the request's reasoning, or why its model cannot take it. */
  readonly reasoning: (
    request: CallRequest.ProviderRequest,
    wanted: ReasoningLevels.Wanted
  ) => Result.Result<Record<string, unknown>, string>
  /**
   * The body fields of a request that says nothing of reasoning, on its model: for a model whose reasoning would
   * otherwise come inside its text (Groq's Qwen 3, `<think>` tags in `content`). None when undefined.
   */
  readonly reasoningUnasked?: ((request: CallRequest.ProviderRequest) => Record<string, unknown>) | undefined
  /** Prompt-cache body fields, and the rules of breakpoints where the model takes them (else they are left out). */
  readonly cache: (request: CallRequest.ProviderRequest) => {
    readonly fields: Record<string, unknown>
    readonly breakpoints: CachePoints.Policy | undefined
  }
  /** The body field of the end user's id (`safety_identifier`, `user`). */
  readonly userField: string
  /** The service tiers the host takes, by their wire names; undefined: the host takes none. */
  readonly serviceTiers: Readonly<Partial<Record<CallRequest.ServiceTier, string>>> | undefined
  /** Whether the host takes a `seed`. */
  readonly seed: boolean
}

/** The controls of a request as body fields, and how its cache points are marked. */
export interface Encoded {
  readonly fields: Record<string, unknown>
  readonly mark: MessageParts.Marker<unknown>
}

/**
 * Marks the content part a cache point follows with `prompt_cache_breakpoint` (the openai SDK's type, on
 * Chat Completions' and the Responses API's content parts alike).
 */
export const markBreakpoint: MessageParts.Marker<unknown> = (blocks) => {
  const last = blocks.length - 1
  blocks[last] = { ...(blocks[last] as object), prompt_cache_breakpoint: { mode: "explicit" } }
  return Result.void
}

/** The body fields of a request's controls on a host, or the first control its model cannot take. */
export const encode = (
  request: CallRequest.ProviderRequest,
  host: Host
): Result.Result<Encoded, CallRequest.Unsupported> => {
  const fields: Record<string, unknown> = {}
  const cache = host.cache(request)
  const checked = cache.breakpoints === undefined
    ? CachePoints.breakpoints(request)
    : CachePoints.check(request, cache.breakpoints)
  if (Result.isFailure(checked)) return Result.fail(checked.failure)
  Object.assign(fields, cache.fields)
  if (request.reasoning !== undefined) {
    const wanted = ReasoningLevels.read(request.reasoning)
    if (Result.isFailure(wanted)) return Result.fail(wanted.failure)
    const reasoning = host.reasoning(request, wanted.success)
    if (Result.isFailure(reasoning)) return CallRequest.unsupported(`reasoning: ${reasoning.failure}`)
    Object.assign(fields, reasoning.success)
  } else if (host.reasoningUnasked !== undefined) {
    Object.assign(fields, host.reasoningUnasked(request))
  }
  if (request.seed !== undefined) {
    if (!host.seed) return CallRequest.unsupported(`seed: ${host.api} takes no seed; leave it out`)
    fields["seed"] = request.seed
  }
  if (request.parallelToolCalls !== undefined) fields["parallel_tool_calls"] = request.parallelToolCalls
  if (request.user !== undefined) fields[host.userField] = request.user
  if (request.serviceTier !== undefined) {
    const tier = host.serviceTiers?.[request.serviceTier]
    if (tier === undefined) return CallRequest.unsupported(serviceTierRefusal(host.api, request.serviceTier, host))
    fields["service_tier"] = tier
  }
  return Result.succeed({ fields, mark: cache.breakpoints === undefined ? MessageParts.unmarked : markBreakpoint })
}

const serviceTierRefusal = (api: string, tier: CallRequest.ServiceTier, host: Host): string => {
  const taken = Object.keys(host.serviceTiers ?? {})
  return taken.length === 0
    ? `serviceTier: ${api} takes no service tier on a request (a deployment's type decides it); leave it out`
    : `serviceTier: ${api} has no "${tier}" tier; it takes ${taken.map((name) => `"${name}"`).join(", ")}`
}
