/**
 * What a call asks for, provider-agnostic: the conversation, settings and tools.
 *
 * @internal
 */
import type * as BigDecimal from "effect/BigDecimal"
import type * as Duration from "effect/Duration"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as Message from "../Message.js"
import type * as Output from "../Output.js"
import * as ProviderError from "../ProviderError.js"
import { isObject } from "../schema/JsonEquals.js"
import type * as Tool from "../Tool.js"

/**
 * Automatic prompt caching: `"auto"`, or `{ ttl: "5m" | "1h" }`.
 *
 * @since 0.3.0
 * @category Models
 */
export type Cache = "auto" | { readonly ttl?: Message.CacheTtl | undefined }

/**
 * A cache breakpoint after the tool definitions.
 *
 * @since 0.3.0
 * @category Models
 */
export interface CacheTools {
  readonly ttl?: Message.CacheTtl | undefined
}

/**
 * How hard a model reasons (each model takes the nearest level its family has; see `docs/reasoning.md`).
 *
 * @since 0.3.0
 * @category Models
 */
export type ReasoningEffort = "none" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max"

/**
 * Reasoning: an effort, a budget of thinking tokens, a summary.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Reasoning {
  readonly effort?: ReasoningEffort | undefined
  /** The most tokens to think with, for the models that take a budget (Claude before adaptive thinking). */
  readonly budgetTokens?: number | undefined
  /** A summary of the reasoning, where the model returns one (the Responses API, Claude's thinking display). */
  readonly summary?: "auto" | "concise" | "detailed" | undefined
}

/**
 * The processing tier a call asks for (the cost follows the tier the provider reports).
 *
 * @since 0.3.0
 * @category Models
 */
export type ServiceTier = "auto" | "default" | "flex" | "priority"

/**
 * Controls that change what a call costs and how it thinks; one the model cannot take fails before it is sent.
 *
 * @example
 * ```ts
 * import { LanguageModel, Message } from "effect-llm-stream"
 *
 * declare const manual: string
 *
 * const request: LanguageModel.Request = {
 *   system: [Message.text(manual), Message.cachePoint({ ttl: "1h" })],
 *   messages: [Message.user("How do I reset the device?")],
 *   cache: "auto",
 *   reasoning: { effort: "low" }
 * }
 * ```
 *
 * @since 0.3.0
 * @category Models
 */
export interface Controls {
  /** Caches the longest stable prefix of the prompt (`docs/caching.md`). */
  readonly cache?: Cache | undefined
  /** A cache breakpoint after the tool definitions, where the provider takes one. */
  readonly cacheTools?: CacheTools | undefined
  readonly reasoning?: Reasoning | undefined
  /** A seed for sampling, where the API has one (OpenAI, Azure, Groq). */
  readonly seed?: number | undefined
  /** Whether the model may call several tools at once. */
  readonly parallelToolCalls?: boolean | undefined
  /** An opaque id of the end user, for the provider's abuse detection (never an email or a name). */
  readonly user?: string | undefined
  readonly serviceTier?: ServiceTier | undefined
}

/**
 * Generation settings shared by every provider, the request controls included (`Controls`).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Settings extends Controls {
  /** The most tokens to generate (`max_completion_tokens` / `max_tokens` / `maxTokens` on the wire). */
  readonly maxTokens?: number | undefined
  readonly temperature?: number | undefined
  readonly topP?: number | undefined
  readonly stopSequences?: ReadonlyArray<string> | undefined
  /** Tools declared as the provider's API declares them, sent after `tools` (`docs/tools.md`). */
  readonly providerTools?: ReadonlyArray<Readonly<Record<string, unknown>>> | undefined
}

/**
 * A request's spend limit: `key`, the most it may spend per `window` in USD, and the `window`.
 *
 * @example
 * ```ts
 * import type { SpendLimit } from "effect-llm-stream"
 *
 * const daily: SpendLimit.Options = { key: "user-42", usd: "1", window: "1 day" }
 * ```
 *
 * @since 0.4.0
 * @category Models
 */
export interface SpendLimit {
  /** Whose spend it is: a user, a team, an API key of yours. */
  readonly key: string
  /** The most it may spend in a window, in USD (a decimal string or `BigDecimal` is exact). */
  readonly usd: number | string | BigDecimal.BigDecimal
  /** The window: `"1 day"` (a UTC day), `"1 hour"`, ... Windows start at the Unix epoch. */
  readonly window: Duration.Input
  /** The fewest output tokens a call is sent with (default 256): with less room, it is refused. */
  readonly minOutputTokens?: number | undefined
  /**
   * What the 429's text calls the limit, completing "The … is reached" (at most 100 characters).
   *
   * @since 0.6.0
   */
  readonly label?: string | undefined
  /**
   * In a tool loop, a fraction of `usd`: once the key spent it, the loop asks before its next step.
   * @since 0.6.0
   */
  readonly askAt?: number | undefined
}

/**
 * A call: the conversation, an optional system prompt, settings and tools.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Request extends Settings {
  readonly messages: ReadonlyArray<Message.Message>
  /** The system prompt: text, or text parts with cache points. */
  readonly system?: string | ReadonlyArray<Message.SystemPart> | undefined
  readonly tools?: ReadonlyArray<Tool.Tool> | undefined
  readonly toolChoice?: Tool.ToolChoice | undefined
  /** Structured output: the answer is a value of this Schema (or `Output`), in JSON mode or through a tool. */
  readonly output?: Output.Input | undefined
  /** Extra JSON fields merged into the request body, over the model layer's and the encoded ones, key by key. */
  readonly extraBody?: Readonly<Record<string, unknown>> | undefined
  /**
   * A limit on what `key` spends per `window`, across instances: each call reserves its worst case, or is refused.
   *
   * @since 0.6.0 several limits
   */
  readonly spendLimit?: SpendLimit | ReadonlyArray<SpendLimit> | undefined
  /**
   * The most output tokens whose cost fits in what a budget has left (`runTools` sets it for each step): the model
   * layer sends the smaller of it and the model's own cap (`maxTokens`), and a call it cut was bound by `budget`.
   *
   * @since 0.7.0
   */
  readonly outputCap?: number | undefined
}

/** `extra` merged into `body`, field by field (plain objects merged the same way, anything else replaced). */
export const mergeBody = (
  body: Record<string, unknown>,
  extra: Readonly<Record<string, unknown>> | undefined
): Record<string, unknown> => {
  if (extra === undefined) return body
  for (const [key, value] of Object.entries(extra)) {
    const current = Object.hasOwn(body, key) ? body[key] : undefined
    const merged = isObject(current) && isObject(value) ? mergeBody({ ...current }, value) : value
    // A key such as `__proto__` (JSON.parse makes it an own key) is set as data, never as the prototype.
    Object.defineProperty(body, key, { value: merged, enumerable: true, writable: true, configurable: true })
  }
  return body
}

/**
 * What `stream` accepts: a request, or a plain string sent as a single user message.
 *
 * @since 0.1.0
 * @category Models
 */
export type Input = Request | string

/** Turns an `Input` into a `Request`. */
export const fromInput = (input: Input): Request =>
  typeof input === "string" ? { messages: [Message.user(input)] } : input

/** The name a provider tool declares, where it has one: `name` (Anthropic's, the Responses API's), `custom.name`. */
const declaredName = (tool: Readonly<Record<string, unknown>>): unknown =>
  tool["name"] ?? (tool["custom"] as { readonly name?: unknown } | undefined)?.name

/** The request's own tools to declare as functions: those no provider tool declares by the same name. */
export const ownTools = (request: Request): ReadonlyArray<Tool.Tool> => {
  const tools = request.tools ?? []
  if (request.providerTools === undefined || request.providerTools.length === 0) return tools
  const declared = new Set(request.providerTools.map(declaredName))
  return tools.filter((tool) => !declared.has(tool.name))
}

/** A provider request: a `Request` for a named model. */
export interface ProviderRequest extends Request {
  readonly model: string
}

/**
 * Why a request cannot be sent as it is, found while encoding (before any byte is sent), and what to do instead;
 * `part`: the message part the API cannot take, when a part is why; `prefill`: the conversation ends with an
 * assistant turn the model cannot continue; `emptyMessage`: a user message has no text or file the API takes;
 * `parameter`: the message refused (`messages[2]`), when the conversation is why and not the request's settings.
 */
export interface Unsupported {
  readonly message: string
  readonly part?: { readonly kind: string; readonly mediaType?: string | undefined } | undefined
  readonly prefill?: true | undefined
  readonly emptyMessage?: typeof ProviderError.RefusedEmptyMessage.Type | undefined
  readonly parameter?: string | undefined
}

/** A request a provider cannot take, with the reason. */
export const unsupported = (message: string): Result.Result<never, Unsupported> => Result.fail({ message })

/** A refusal found in the conversation's message at `at` (`messages[2]`), not in the request's settings. */
export const inMessage = (unsupported: Unsupported, at: string): Result.Result<never, Unsupported> =>
  Result.fail({ ...unsupported, parameter: at })

/**
 * The error a refused request ends with: an `InvalidRequestError` naming the provider, the message refused
 * (`parameter`), an empty user message as such and, for `model`, the part or the prefill it refused.
 */
export const refused = (
  provider: string,
  unsupported: Unsupported,
  model?: string | undefined
): ProviderError.InvalidRequestError => {
  const part = unsupported.part
  return new ProviderError.InvalidRequestError({
    provider,
    message: `${provider}: ${unsupported.message}`,
    ...(unsupported.parameter === undefined ? {} : { parameter: unsupported.parameter }),
    ...(part === undefined || model === undefined
      ? {}
      : {
        refusedPart: part.mediaType === undefined
          ? { kind: part.kind, model }
          : { kind: part.kind, mediaType: part.mediaType, model }
      }),
    ...(unsupported.prefill === true && model !== undefined ? { refusedPrefill: { model } } : {}),
    ...(unsupported.emptyMessage === undefined ? {} : { refusedEmptyMessage: unsupported.emptyMessage })
  })
}

/** The stream of a call to `model` whose body is encoded when the stream runs (a refused one fails with `refused`). */
export const streamEncoded = <Body, A>(
  provider: string,
  encode: () => Result.Result<Body, Unsupported>,
  send: (body: Body) => Stream.Stream<A, ProviderError.ProviderError>,
  model?: string | undefined
): Stream.Stream<A, ProviderError.ProviderError> =>
  Stream.suspend(() => {
    const encoded = encode()
    return Result.isFailure(encoded) ? Stream.fail(refused(provider, encoded.failure, model)) : send(encoded.success)
  })
