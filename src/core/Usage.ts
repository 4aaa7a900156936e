/**
 * Normalised token usage. Providers disagree on what "input tokens" means (OpenAI-style APIs count cached tokens
 * inside `prompt_tokens`, Anthropic reports them beside `input_tokens`); a `Usage` always counts every input token
 * in `inputTokens` and every output token in `outputTokens`, their parts beside them. A field the provider did not
 * report is `undefined`, never a made-up `0`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const TokenCount = Schema.optionalKey(Schema.Natural)

/**
 * The counts of a `Usage`, its fields but `byModel`.
 *
 * @since 0.6.0
 * @category Models
 */
export const counts = {
  /** All input tokens, cache reads and writes included. */
  inputTokens: TokenCount,
  /** Input tokens read from the provider's prompt cache (part of `inputTokens`). */
  cachedTokens: TokenCount,
  /**
   * Audio read from the provider's cache (part of `cachedTokens`: Gemini's `cacheTokensDetails` of modality `AUDIO`),
   * billed at the model's cached-audio rate. @since 0.7.0
   */
  cachedAudioTokens: TokenCount,
  /** Input tokens written to the provider's prompt cache (part of `inputTokens`). */
  cacheWriteTokens: TokenCount,
  /** Input tokens written to a one-hour cache (part of `cacheWriteTokens`: Anthropic, Bedrock's `cacheDetails`). */
  cacheWrite1hTokens: TokenCount,
  /**
   * Input tokens written to a 12-hour cache (part of `cacheWriteTokens`: the Responses API's
   * `input_tokens_details.cache_write_tokens_details.ttl_12h_tokens`, the rest 30-minute writes).
   */
  cacheWrite12hTokens: TokenCount,
  /** Audio input tokens billed at the audio rate (part of `inputTokens`; cached audio is in `cachedTokens`). */
  inputAudioTokens: TokenCount,
  /** All output tokens, reasoning and audio included. */
  outputTokens: TokenCount,
  /** Reasoning ("thinking") tokens (part of `outputTokens`). */
  reasoningTokens: TokenCount,
  /** Audio output tokens (part of `outputTokens`). */
  outputAudioTokens: TokenCount,
  /**
   * Web searches the provider's server tool ran, billed per search (Anthropic `server_tool_use.web_search_requests`;
   * the Responses API's `web_search_call` items whose action is a `search`).
   */
  webSearchRequests: TokenCount,
  /** Web fetches the provider's server tool ran (Anthropic `server_tool_use.web_fetch_requests`). */
  webFetchRequests: TokenCount,
  /** Calls of the provider's file search tool, billed per call (the Responses API's `file_search_call` items). */
  fileSearchRequests: TokenCount,
  /**
   * Tokens the provider's image generation tool used, input and output (the Responses API's
   * `tool_usage.image_gen`): billed at the image model's rates, apart from `inputTokens` and `outputTokens`.
   */
  imageGenerationTokens: TokenCount
}

/**
 * The tokens another model spent inside a call (Anthropic's advisor: `usage.iterations` entries of
 * `type: "advisor_message"`), counted as `Usage` counts them and priced at that model's rates.
 *
 * @since 0.6.0
 * @category Models
 */
export const ModelUsage = Schema.Struct({ model: Schema.String, ...counts })

/**
 * @since 0.6.0
 * @category Models
 */
export type ModelUsage = typeof ModelUsage.Type

/**
 * @since 0.1.0
 * @category Models
 */
export class Usage extends Schema.Class<Usage>("effect-llm-stream/Usage")({
  ...counts,
  /**
   * The tokens other models spent inside the call, one entry per model (Anthropic's advisor); not in the counts
   * above, which are the model asked's, as the provider reports them.
   *
   * @since 0.6.0
   */
  byModel: Schema.optionalKey(Schema.Array(ModelUsage))
}) {
  /**
   * `inputTokens + outputTokens`, or `undefined` when either is unknown.
   *
   * @since 0.1.0
   */
  get totalTokens(): number | undefined {
    return this.inputTokens === undefined || this.outputTokens === undefined
      ? undefined
      : this.inputTokens + this.outputTokens
  }
}

/**
 * The fields of a `Usage`.
 *
 * @since 0.1.0
 * @category Models
 */
export type Fields = { -readonly [K in keyof typeof counts]?: number | undefined } & {
  byModel?: ReadonlyArray<ModelUsage> | undefined
}

const fieldNames = Object.keys(counts) as ReadonlyArray<keyof typeof counts>

/**
 * A usage count: a field of `Usage`, or its `totalTokens`.
 *
 * @since 0.6.0
 * @category Models
 */
export type Count = keyof typeof counts | "totalTokens"

/**
 * A count's name in each view that shows it: the UI message stream's metadata (`ui`), AG-UI's `RUN_FINISHED.usage`
 * entries (`agui`), `effect/ai`'s `Response.Usage` (`ai`, a path in it) and the token metric's `token_type`
 * (`telemetry`); `undefined` where that view does not show it.
 *
 * @since 0.6.0
 * @category Models
 */
export interface ViewNames {
  readonly ui: string | undefined
  readonly agui: string | undefined
  readonly ai: string | undefined
  readonly telemetry: string | undefined
}

const shownNowhere = { ui: undefined, agui: undefined, ai: undefined, telemetry: undefined } as const

/**
 * Each usage count and its name in each view of a response (`ViewNames`): the one list of the usage fields the views
 * read. A new field of `Usage` needs a row here (the compiler asks for it), and reaches every view that names it.
 * `byModel` names the list of other models' usage, each entry its `model` and its counts under the view's names.
 *
 * @since 0.6.0
 * @category Models
 */
export const views = {
  inputTokens: { ui: "inputTokens", agui: "inputTokens", ai: "inputTokens.total", telemetry: "input" },
  cachedTokens: {
    ui: "cachedTokens",
    agui: "cachedInputTokens",
    ai: "inputTokens.cacheRead",
    telemetry: "cached_input"
  },
  cachedAudioTokens: shownNowhere,
  cacheWriteTokens: {
    ui: "cacheWriteTokens",
    agui: "cacheWriteInputTokens",
    ai: "inputTokens.cacheWrite",
    telemetry: "cache_write_input"
  },
  cacheWrite1hTokens: shownNowhere,
  cacheWrite12hTokens: shownNowhere,
  inputAudioTokens: shownNowhere,
  outputTokens: { ui: "outputTokens", agui: "outputTokens", ai: "outputTokens.total", telemetry: "output" },
  reasoningTokens: {
    ui: "reasoningTokens",
    agui: "reasoningTokens",
    ai: "outputTokens.reasoning",
    telemetry: undefined
  },
  outputAudioTokens: shownNowhere,
  webSearchRequests: shownNowhere,
  webFetchRequests: shownNowhere,
  fileSearchRequests: shownNowhere,
  imageGenerationTokens: shownNowhere,
  totalTokens: { ui: "totalTokens", agui: "totalTokens", ai: undefined, telemetry: undefined },
  byModel: { ui: "byModel", agui: undefined, ai: undefined, telemetry: undefined }
} as const satisfies { readonly [K in Count | "byModel"]: ViewNames }

/**
 * The counts a view shows, with its name for each, in the table's order.
 *
 * @since 0.6.0
 * @category Models
 */
export const shownIn = <V extends keyof ViewNames>(
  view: V
): ReadonlyArray<readonly [Count, NonNullable<(typeof views)[Count][V]>]> =>
  (Object.entries(views) as Array<[Count | "byModel", ViewNames]>).flatMap(([count, names]) => {
    const name = names[view]
    return name === undefined || count === "byModel"
      ? []
      : [[count, name as NonNullable<(typeof views)[Count][V]>] as const]
  })

/** `shownIn` of each view, derived once from the table (`viewOf` runs for every answer's finish). */
const shownByView: { readonly [V in keyof ViewNames]: ReadonlyArray<readonly [Count, string]> } =
  /* @__PURE__ */ (() => ({
    ui: shownIn("ui"),
    agui: shownIn("agui"),
    ai: shownIn("ai"),
    telemetry: shownIn("telemetry")
  }))()

/**
 * What a view shows of `usage`: each count it names that was reported, under its name, and the other models' usage
 * (`byModel`) where it names that list, each entry the same for one model.
 *
 * @since 0.6.0
 * @category Getters
 */
export const viewOf = (usage: Usage, view: keyof ViewNames): Record<string, unknown> => {
  const shown: Record<string, unknown> = {}
  for (const [count, name] of shownByView[view]) {
    const value = countOf(usage, count)
    if (value !== undefined) shown[name] = value
  }
  const list = views.byModel[view]
  if (list !== undefined && usage.byModel !== undefined) {
    shown[list] = usage.byModel.map((entry) => ({ model: entry.model, ...viewOf(make(entry), view) }))
  }
  return shown
}

/**
 * A count of `usage` (`totalTokens` its getter's), `undefined` when not reported.
 *
 * @since 0.6.0
 * @category Getters
 */
export const countOf = (usage: Usage, count: Count): number | undefined => usage[count]

/**
 * Builds a `Usage`, leaving out fields that are `undefined` so that "not reported" stays distinguishable.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (fields: Fields): Usage => {
  const defined: Record<string, unknown> = {}
  for (const name of fieldNames) {
    const value = fields[name]
    if (value !== undefined) defined[name] = value
  }
  if (fields.byModel !== undefined && fields.byModel.length > 0) defined["byModel"] = fields.byModel
  // Values come from schema-decoded payloads: the instance the constructor builds with checks off, without its
  // walk over the schema (a usage is made for every usage report of every stream).
  return Object.assign(Object.create(Usage.prototype), defined)
}

/**
 * A usage with nothing reported.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const empty: Usage = make({})

/**
 * Combines a usage snapshot with a later one: each field keeps the latest reported value (Anthropic's
 * `message_delta` is cumulative; the others report once), never summed.
 *
 * @since 0.1.0
 * @category Combinators
 */
export const merge = (self: Usage, that: Usage): Usage => {
  if (self === empty) return that
  const merged: Fields = {}
  for (const name of fieldNames) {
    merged[name] = that[name] ?? self[name]
  }
  merged.byModel = that.byModel ?? self.byModel
  return make(merged)
}

/**
 * Adds the usage of two calls (the steps of a tool loop): each field is the sum of the values reported;
 * a field neither reported stays `undefined`.
 *
 * @since 0.3.0
 * @category Combinators
 */
export const add = (self: Usage, that: Usage): Usage => {
  const sum: Fields = {}
  for (const name of fieldNames) {
    const [a, b] = [self[name], that[name]]
    sum[name] = a === undefined ? b : b === undefined ? a : a + b
  }
  sum.byModel = addByModel(self.byModel, that.byModel, (a, b) => ({ model: a.model, ...add(make(a), make(b)) }))
  return make(sum)
}

/**
 * Two lists of other models' entries (usage, costs) as one, one entry per model: a model both list has its two
 * entries added with `addEntries`.
 *
 * @internal
 */
export const addByModel = <A extends { readonly model: string }>(
  self: ReadonlyArray<A> | undefined,
  that: ReadonlyArray<A> | undefined,
  addEntries: (self: A, that: A) => A
): ReadonlyArray<A> | undefined => {
  if (self === undefined || that === undefined) return self ?? that
  const sums = new Map(self.map((entry) => [entry.model, entry]))
  for (const entry of that) {
    const before = sums.get(entry.model)
    sums.set(entry.model, before === undefined ? entry : addEntries(before, entry))
  }
  return [...sums.values()]
}
