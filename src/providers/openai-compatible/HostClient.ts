/**
 * The client of an OpenAI-compatible host, made from its row (`CompatibleHosts`): how the row's rules become the
 * request controls, the structured output, the content parts and the profile the Chat Completions core takes.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Secrets from "../../core/http/Secrets.js"
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as ReasoningLevels from "../../core/request/ReasoningLevels.js"
import type * as ChatChunk from "./ChatChunk.js"
import type * as ChatControls from "./ChatControls.js"
import type * as ChatOutput from "./ChatOutput.js"
import * as ChatParts from "./ChatParts.js"
import * as ChatService from "./ChatService.js"
import * as CompatibleHosts from "./CompatibleHosts.js"

type Host = CompatibleHosts.Host
type Family = CompatibleHosts.Family

/** The reasoning levels `reasoning_effort` takes on the hosts that take it (OpenAI's three). */
const effortLevels: ReadonlyArray<CallRequest.ReasoningEffort> = ["low", "medium", "high"]

/** The levels OpenRouter's `reasoning.effort` takes (its "Reasoning Tokens" guide). */
const openRouterLevels: ReadonlyArray<CallRequest.ReasoningEffort> = ["minimal", "low", "medium", "high", "xhigh"]

/** OpenRouter's `reasoning` object: an effort, a budget of tokens, or just on. */
const openRouterReasoning = (wanted: ReasoningLevels.Wanted): Record<string, unknown> => ({
  reasoning: !wanted.on
    ? { enabled: false }
    : wanted.effort !== undefined
    ? { effort: ReasoningLevels.nearest(openRouterLevels, wanted.effort) }
    : wanted.budgetTokens !== undefined
    ? { max_tokens: wanted.budgetTokens }
    : { enabled: true }
})

/** The reasoning family of `model`: the first whose prefix starts its name (none: the model does not reason). */
const familyOf = (families: ReadonlyArray<Family>, model: string): Family | undefined =>
  families.find((family) => model.startsWith(family.prefix))

/** The body fields of a request's reasoning on a host whose models reason by family, or why the model cannot. */
const familyReasoning = (
  host: Host,
  families: ReadonlyArray<Family>,
  request: CallRequest.ProviderRequest,
  wanted: ReasoningLevels.Wanted
): Result.Result<Record<string, unknown>, string> => {
  const family = familyOf(families, request.model)
  if (family === undefined) {
    if (!wanted.on) return Result.succeed({})
    const reasoners = families.map((family) => `${family.prefix}*`).join(", ")
    return Result.fail(
      `${request.model} does not reason on ${CompatibleHosts.apiOf(host)}; use a reasoning model (${reasoners})`
    )
  }
  if (wanted.effort === undefined && wanted.budgetTokens !== undefined) {
    return Result.fail(
      `${CompatibleHosts.apiOf(host)}'s models take a reasoning effort, not a budget of tokens; set reasoning.effort`
    )
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

/** The body fields of a request's reasoning on `host`, or why the host cannot take it. */
const reasoningOf = (host: Host) =>
(
  request: CallRequest.ProviderRequest,
  wanted: ReasoningLevels.Wanted
): Result.Result<Record<string, unknown>, string> => {
  const field = host.reasoning ?? "effort"
  if (typeof field === "object") return familyReasoning(host, field, request, wanted)
  if (field === "openrouter") return Result.succeed(openRouterReasoning(wanted))
  if (!wanted.on) return Result.succeed({})
  if (field === "none") {
    return Result.fail(
      `${host.name} takes no reasoning setting: its model decides (choose a reasoning model, or leave reasoning out)`
    )
  }
  if (wanted.effort === undefined && wanted.budgetTokens !== undefined) {
    return Result.fail(`${host.name} takes a reasoning effort (reasoning_effort), not a budget of tokens`)
  }
  return Result.succeed({ reasoning_effort: ReasoningLevels.nearest(effortLevels, wanted.effort ?? "medium") })
}

/**
 * A request that says nothing of reasoning, on a family that takes `reasoning_format`, asks for it `parsed`: else the
 * reasoning comes inside `<think>` tags in the text (GroqDocs, "Reasoning"). Not beside the raw body's
 * `include_reasoning`, which Groq takes only alone.
 */
const reasoningUnasked = (host: Host) => (request: CallRequest.ProviderRequest): Record<string, unknown> =>
  typeof host.reasoning === "object" && familyOf(host.reasoning, request.model)?.parsed === true &&
    request.extraBody?.["include_reasoning"] === undefined
    ? { reasoning_format: "parsed" }
    : {}

/**
 * What `host` takes of the request controls: its row's table, else its reasoning field, a seed, the end user's id and
 * no cache fields.
 */
export const controlsOf = (host: Host): ChatControls.Host =>
  host.controls ?? {
    api: CompatibleHosts.apiOf(host),
    userField: "user",
    serviceTiers: host.serviceTiers,
    seed: true,
    cache: () => ({ fields: {}, breakpoints: undefined }),
    reasoning: reasoningOf(host),
    reasoningUnasked: typeof host.reasoning === "object" ? reasoningUnasked(host) : undefined
  }

/** How `host` takes structured output: natively (`json_schema`), through a tool, or by the model. */
export const outputOf = (host: Host): ChatOutput.Policy => {
  const output = host.output ?? "native"
  if (typeof output === "function") return output
  if (typeof output === "string") {
    const support: ChatOutput.Support = { strategy: output, nativeStrict: false, toolStrict: false }
    return () => support
  }
  return (request) => {
    const strict = output.strict.some((pattern) => pattern.test(request.model))
    const native = strict || output.bestEffort.some((pattern) => pattern.test(request.model))
    const hasTools = (request.tools?.length ?? 0) > 0 || (request.providerTools?.length ?? 0) > 0
    return { strategy: native && !hasTools ? "native" : "tool", nativeStrict: strict, toolStrict: false }
  }
}

/** The content parts `host` takes: its own rules, else OpenAI's with tool call ids of any length. */
export const partsOf = (host: Host): ChatParts.Policy =>
  host.parts ?? { ...ChatParts.openaiPolicy, api: CompatibleHosts.apiOf(host), maxCallIdLength: undefined }

/** How a client reaches a host: its key (or an Entra ID token: Azure's), headers of its own, and the common options. */
export interface Reach extends ChatService.ClientOptions {
  readonly apiKey?: Redacted.Redacted | undefined
  readonly bearerToken?: Redacted.Redacted | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/** A host's client: its name (and its row's `telemetryName`), its profile, and its stream of chunks. */
export interface Client<C, R extends CallRequest.ProviderRequest = CallRequest.ProviderRequest> {
  readonly name: string
  readonly telemetryName: string | undefined
  readonly profile: ProviderProfile.Profile
  readonly stream: (request: R) => Stream.Stream<C, ProviderError.ProviderError>
}

/** The key in the row's header (`authorization: Bearer` by default), a bearer token, and the reach's own headers. */
export const authorize = (host: Host, reach: Reach) => (request: HttpClientRequest.HttpClientRequest) => {
  const { apiKey, bearerToken, headers } = reach
  const keyed = apiKey === undefined || host.keyHeader === undefined
    ? ChatService.withBearer(apiKey)(request)
    : HttpClientRequest.setHeader(request, host.keyHeader, Redacted.value(apiKey))
  return HttpClientRequest.setHeaders(ChatService.withBearer(bearerToken)(keyed), headers ?? {})
}

/** A call's request before its body: the row's URL, its `api-version`, the key and the headers. */
const prepared = (host: Host, reach: Reach) => (url: string): HttpClientRequest.HttpClientRequest =>
  HttpClientRequest.post(url).pipe(
    ChatService.acceptEventStream,
    host.apiVersion === undefined ? identity : HttpClientRequest.setUrlParam("api-version", host.apiVersion),
    authorize(host, reach)
  )

/**
 * The client of `host`, decoding each event into the chunk `decodeChunk` makes (a compatible host's, or Groq's and
 * Azure's own classes): its row's URL, key and headers on every request, its row's rules on every body.
 */
export const serve = <
  C extends ChatChunk.ChatCompletionsChunk,
  R extends CallRequest.ProviderRequest = CallRequest.ProviderRequest
>(
  host: Host,
  reach: Reach,
  decodeChunk: (json: unknown, request: R) => Result.Result<C, Schema.SchemaError>
): Effect.Effect<Client<C, R>, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => {
    const prepare = prepared(host, reach)
    // Without a URL of its own, every call's request before its body is the same: built once.
    const fixed = host.url === undefined ? prepare(ChatService.joinUrl(host.baseUrl, "chat/completions")) : undefined
    return {
      name: host.name,
      telemetryName: host.telemetryName,
      profile: CompatibleHosts.profileOf(host),
      stream: ChatService.streamChunks(ChatService.transformed(client, reach), {
        provider: host.name,
        maxTokensField: host.maxTokensField ?? "max_tokens",
        sendsReasoningDetails: host.sendsReasoningDetails,
        includeModel: host.includeModel ?? true,
        parts: partsOf(host),
        output: outputOf(host),
        controls: controlsOf(host),
        maxEventSize: reach.maxEventSize,
        timeouts: reach.timeouts,
        secrets: new Secrets.Secrets([reach.apiKey, reach.bearerToken]),
        request: (request) => fixed ?? prepare(host.url!(host.baseUrl, request))
      }, decodeChunk)
    }
  })
