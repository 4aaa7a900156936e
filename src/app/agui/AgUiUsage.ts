/**
 * What `RUN_FINISHED` says a run used: its `usage`, one entry per provider and model, in the protocol's accounting
 * (a count never reported absent, never 0), and its `metadata`: the finish metadata (`UIMetadata.fields`), each field
 * under `effect-llm-stream/<field>`.
 *
 * @internal
 */
import type * as CallResponse from "../../core/call/CallResponse.js"
import * as Usage from "../../core/Usage.js"
import * as UIMetadata from "../ui/UIMetadata.js"
import type * as AgUiEvent from "./AgUiEvent.js"

/**
 * Where `RUN_FINISHED.metadata` keeps the run's cost in USD as far as it was billed, a decimal string
 * (`"0.0000141"`); absent when a model of the run has no price.
 *
 * @since 0.5.0
 * @category Metadata
 */
export const costKey: string = "effect-llm-stream/cost"

/** What each field of the finish metadata is keyed under in `RUN_FINISHED.metadata`: `effect-llm-stream/<field>`. */
const prefix = "effect-llm-stream/"

/**
 * Where `RUN_FINISHED.metadata` keeps what the run is billed for: `{ usage, cost?, estimated }`.
 *
 * @since 0.5.0
 * @category Metadata
 */
export const spendKey: string = "effect-llm-stream/spend"

/** The counts AG-UI's usage entries show (`Usage.views`), with the protocol's names for them. */
const counts = /* @__PURE__ */ Usage.shownIn("agui")

/** One provider's and model's usage as an entry, or `undefined` when it reported no count. */
const entryOf = (provider: string | undefined, model: string | undefined, usage: Usage.Usage) => {
  const entry: { -readonly [K in keyof AgUiEvent.TokenUsage]: AgUiEvent.TokenUsage[K] } = {}
  let reported = false
  for (const [count, name] of counts) {
    const value = Usage.countOf(usage, count)
    if (value !== undefined && Number.isSafeInteger(value) && value >= 0) {
      entry[name] = value
      reported = true
    }
  }
  if (!reported) return undefined
  return { ...(provider === undefined ? {} : { provider }), ...(model === undefined ? {} : { model }), ...entry }
}

/**
 * The usage of the responses of a run, one entry per provider and model; `undefined` when none reported any. The
 * tokens the answer's earlier runs used (`earlier`) count in the entry of the run's last provider and model (a signed
 * fact of what an answer used names no model); when they are not known (a 0.6 message), no entry is made up.
 */
export const usageOf = (
  responses: ReadonlyArray<CallResponse.CallResponse>,
  earlier?: Usage.Usage | "unknown" | undefined
): ReadonlyArray<AgUiEvent.TokenUsage> | undefined => {
  if (earlier === "unknown") return undefined
  const groups = new Map<string, { provider: string | undefined; model: string | undefined; usage: Usage.Usage }>()
  const count = (provider: string | undefined, model: string | undefined, usage: Usage.Usage) => {
    const key = JSON.stringify([provider ?? null, model ?? null])
    const group = groups.get(key)
    if (group === undefined) groups.set(key, { provider, model, usage })
    else group.usage = Usage.add(group.usage, usage)
  }
  for (const response of responses) {
    count(response.provider, response.model, response.usage)
    // Other models' tokens spent inside the call (Anthropic's advisor): an entry of their own model.
    for (const entry of response.usage.byModel ?? []) count(response.provider, entry.model, Usage.make(entry))
  }
  if (earlier !== undefined) count(responses.at(-1)?.provider, responses.at(-1)?.model, earlier)
  const entries = [...groups.values()].flatMap((group) => {
    const entry = entryOf(group.provider, group.model, group.usage)
    return entry === undefined ? [] : [entry]
  })
  return entries.length === 0 ? undefined : entries
}

/** What `RUN_FINISHED` says a run used: its usage entries and its metadata (the finish metadata). */
export interface RunSums {
  readonly usage: ReadonlyArray<AgUiEvent.TokenUsage> | undefined
  readonly metadata: AgUiEvent.Metadata
}

/** The sums of a run: its responses' usage entries, and its finish metadata (`UIMetadata.fields`), each field keyed. */
export const sumsOf = (answer: UIMetadata.Answer): RunSums => {
  const metadata: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(UIMetadata.metadataOf(answer))) metadata[`${prefix}${field}`] = value
  return { usage: usageOf(answer.responses, answer.earlierUsage), metadata }
}
