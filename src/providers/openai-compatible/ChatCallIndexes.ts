/**
 * Which call each streamed `tool_calls` fragment of a Chat Completions stream belongs to, where a host's `index` does
 * not say it: the fragments of one call share an `index` (openai-node `ChoiceDeltaToolCall.index`, which its own
 * accumulator keys calls by), but OpenAI-compatible hosts break that two ways, and every call after the first was
 * merged into the first (its arguments appended, its id and name dropped) with nothing said:
 *
 * - Ollama numbers every call of a turn `0` (vercel/ai#14277; apache/maka#1976): a fragment with a new id and a
 *   tool's name at an index whose call already has another id starts a new call;
 * - Gemini's OpenAI-compatible endpoint, and other gateways, send no `index` (openai/openai-python#2806, #3246;
 *   vercel/ai#7240): a fragment with an id and a name starts a call (or goes on with the call of that id), one
 *   without goes on with the call last started (or, after another fragment of the same delta, starts one).
 *
 * A fragment with a new id but no tool's name goes on with its index's call (or the last one): some hosts give each
 * fragment of one call an id of its own, the name only on the first (Poolside, poolsideai/pool#9; vLLM's harmony
 * calls, vllm-project/vllm#23522; spring-projects/spring-ai#6000 merges by index for them).
 *
 * A fragment at an index not seen before starts a call, even with an earlier call's id (two calls of one id are two
 * calls: `CallIds` gives the second an id of its own).
 *
 * The fragment's `index` is written where it differs, in the parsed event before it is decoded: the chunk, its
 * events and the raw payload it keeps all say the same call. A stream whose indexes are right is left as it is.
 *
 * @internal
 */
import * as Payload from "../../core/payload/Payload.js"

/** What one choice's calls so far are: each index written, with its call's id (if any came), and how it was sent. */
class ChoiceCalls {
  /** The id of the call at each index written (`undefined` until one comes). */
  readonly ids = new Map<number, string | undefined>()
  /** The index written for each index a host sent. */
  readonly sent = new Map<number, number>()
  /** The index written for each id. */
  readonly byId = new Map<string, number>()
  /** The index of the call the last fragment belonged to. */
  last: number | undefined = undefined
  /** An index no call has. */
  next = 0

  /**
   * The index of a fragment sent with `index` (or none) and `id` (or none), noted; `taken`, the indexes of the chunk's
   * fragments before it (one delta holds one fragment of a call at most).
   */
  indexOf(index: number | undefined, id: string | undefined, named: boolean, taken: ReadonlySet<number>): number {
    const known = this.#known(index, id, named)
    const written = known !== undefined && !(index === undefined && id === undefined && taken.has(known))
      ? known
      : index !== undefined && !this.ids.has(index)
      ? index
      : this.next
    if (!this.ids.has(written) || this.ids.get(written) === undefined) this.ids.set(written, id)
    if (id !== undefined) this.byId.set(id, written)
    if (index !== undefined) this.sent.set(index, written)
    this.last = written
    this.next = Math.max(this.next, written + 1)
    return written
  }

  /** The index of the call a fragment goes on with, or `undefined` when it starts one. */
  #known(index: number | undefined, id: string | undefined, named: boolean): number | undefined {
    if (index === undefined) {
      if (id !== undefined && this.byId.has(id)) return this.byId.get(id)
      return id !== undefined && named ? undefined : this.last
    }
    // A new index starts a call (with an earlier call's id too: a call of its own, given an id of its own by `CallIds`).
    const written = this.sent.get(index)
    if (written === undefined) return undefined
    // At a known index, a tool's name with another id than its call's starts a call (Ollama); else it goes on.
    const current = this.ids.get(written)
    return named && id !== undefined && current !== undefined && current !== id ? undefined : written
  }
}

/** The calls of one stream, by choice. */
export class CallIndexes {
  readonly #choices = new Map<number, ChoiceCalls>()

  /**
   * Writes the index of each of `calls`, the `tool_calls` fragments of a chunk's `choice` (`forEachChoiceCalls`), that
   * the host's index does not say.
   */
  route(choice: number, calls: ReadonlyArray<unknown>): void {
    let state = this.#choices.get(choice)
    if (state === undefined) this.#choices.set(choice, state = new ChoiceCalls())
    const taken = new Set<number>()
    for (const call of calls) {
      if (!Payload.isRecord(call)) continue
      const sent = call["index"]
      // An index of another kind (a string, -1) is left for the schema to refuse.
      if (sent != null && !Payload.isIndex(sent)) continue
      const id = typeof call["id"] === "string" && call["id"] !== "" ? call["id"] : undefined
      const fn = call["function"]
      const named = Payload.isRecord(fn) && typeof fn["name"] === "string" && fn["name"] !== ""
      const written = state.indexOf(sent ?? undefined, id, named, taken)
      taken.add(written)
      if (written !== sent) call["index"] = written
    }
  }
}

/** Calls `f` with the index and the `tool_calls` list (as sent) of each choice of a parsed chunk that has both. */
export const forEachChoiceCalls = (
  json: unknown,
  f: (choice: number, calls: ReadonlyArray<unknown>) => void
): void => {
  const choices = Payload.isRecord(json) ? json["choices"] : undefined
  if (!Array.isArray(choices)) return
  for (const choice of choices) {
    const calls = Payload.isRecord(choice) && Payload.isRecord(choice["delta"]) ? choice["delta"]["tool_calls"] : null
    if (Array.isArray(calls) && Payload.isIndex(choice["index"])) f(choice["index"], calls)
  }
}
