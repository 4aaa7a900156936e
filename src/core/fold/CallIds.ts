/**
 * One id for each tool call of a response, given once, where its provider's chunks are decoded (each provider's body
 * decoder passes its chunks through `given`): the chunks, the response and its assistant turn (its content blocks
 * too: `ContentBlocks.Texts.callId`), a tool loop and its approvals, the UI and AG-UI streams and the next request all
 * carry that id, and no view invents one of its own.
 *
 * - A call sent without an id (`"id": ""`, or none: an OpenAI-compatible host's streamed `tool_calls` delta may leave
 *   it out) is given `<prefix><stem>_<n>`: the stem is 72 random bits drawn once per response, so no two steps of a
 *   conversation give two calls one id (the browser's `ai` client refuses an output or approval for a call it was not
 *   shown, and loops key approvals and results by id); `n` counts the response's given ids.
 * - A call sent with the id of an earlier call of the same response is given such an id too, rather than answered
 *   with an error: both are what the model asked, and the `ai` client merges two calls of one id in a step into one
 *   part (an approval waiting on one is then shown on the other), while every API pairs each result with one call
 *   (Anthropic and Bedrock refuse a turn whose `tool_use` ids repeat: "`tool_use` ids must be unique",
 *   `AnthropicRequest.rules.distinctCallIds`), so an error result would need a distinct id all the same.
 *
 * A given id goes back to the provider wherever it only has to match between the call and its result:
 * - Chat Completions (OpenAI, Azure, Groq, compatible hosts): an assistant `tool_calls[].id` is any string
 *   (`ChatCompletionMessageFunctionToolCall.id: string`) and a `tool` message names the call it answers by it
 *   (`ChatCompletionToolMessageParam.tool_call_id`: "Tool call that this message is responding to"; openai 7.57.0,
 *   `resources/chat/completions/completions.d.ts`); the AI SDK's own chat model gives such calls
 *   `toolCall.id || generateId()` (`@ai-sdk/openai` 4.0.118). Given ids are 20 or so characters, within OpenAI's 40.
 * - Anthropic and Bedrock: a `tool_use` id is any string of `[a-zA-Z0-9_-]` (`ToolUseBlockParam.id`,
 *   @anthropic-ai/sdk 1.14.0; `AnthropicRequest.rules.plainCallIds`), as every other provider's call written into a
 *   turn already goes (`AnthropicBlocks.write`); given ids are of those characters.
 * - The Responses API: `call_id` pairs a `function_call` with its `function_call_output` in the input sent; a
 *   request that sends only `previous_response_id` instead of the turn names calls the stored response has, which a
 *   given id is not (the loops send the turn).
 * - Gemini: never sent back; its decoder gives the prefix `GoogleBlocks.syntheticIdPrefix`, which
 *   `GoogleBlocks.realId` leaves out of a request.
 *
 * A call's id is fixed by the first of its fragments that names the call or its tool (a later fragment's other id is
 * rewritten to it): a fragment that names neither is the rest of a call that started before, in an earlier body of
 * the same response (a resumed stream) when this one never saw its start.
 *
 * @internal
 */
import * as Base64Url from "effect/encoding/Base64Url"
import * as ChunkCommon from "./ChunkCommon.js"
import type * as StreamEvent from "./StreamEvent.js"
import * as ToolCallFragments from "./ToolCallFragments.js"

/** The prefix of a given id, where the provider takes it back (see the module). */
export const defaultPrefix = "call_"

/** 72 random bits, as 12 characters of `[a-zA-Z0-9_-]`: the stem of one response's given ids. */
export const stem = (): string => Base64Url.encode(globalThis.crypto.getRandomValues(new Uint8Array(9)))

/** The ids of one response's calls (or of one answer over several requests: Gemini's continuations). */
export class CallIds {
  readonly #prefix: string
  #stem: string | undefined = undefined
  #next = 0
  /** The id of each call, by its slot's key (`ToolCallFragments.slotKey`). */
  readonly #bySlot = new Map<string, string>()
  /** Every id a call of the response has. */
  readonly #used = new Set<string>()

  constructor(prefix: string = defaultPrefix) {
    this.#prefix = prefix
  }

  /**
   * `value`, a chunk, with the id of each call it carries a fragment of as given (a copy, when one changes:
   * `ChunkCommon.withEvents`); anything else as it is.
   */
  readonly given = <C>(value: C): C => {
    if (!(value instanceof ChunkCommon.ChunkBase)) return value
    const events = value.events
    let out: Array<StreamEvent.StreamEvent> | undefined
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!
      if (event._tag !== "ToolCallDelta") continue
      const id = this.#idOf(event)
      if (id === undefined || id === event.id) continue
      out ??= events.slice()
      out[index] = { ...event, id }
    }
    return out === undefined ? value : ChunkCommon.withEvents(value, out) as C
  }

  /** The id a fragment goes with: its call's, or `undefined` where it names none (it is left as it came). */
  #idOf(delta: ToolCallFragments.ToolCallDelta): string | undefined {
    const key = ToolCallFragments.slotKey(delta)
    const known = this.#bySlot.get(key)
    if (known !== undefined) return delta.id === undefined ? undefined : known
    if (delta.id === undefined && delta.name === undefined) return undefined
    const sent = delta.id
    const id = sent !== undefined && sent !== "" && !this.#used.has(sent) ? sent : this.#fresh()
    this.#bySlot.set(key, id)
    this.#used.add(id)
    return id
  }

  /** An id no call of the response has. */
  #fresh(): string {
    this.#stem ??= stem()
    let id = `${this.#prefix}${this.#stem}_${this.#next++}`
    while (this.#used.has(id)) id = `${this.#prefix}${this.#stem}_${this.#next++}`
    return id
  }
}
