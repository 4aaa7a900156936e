/**
 * A tool call's id as the APIs that restrict ids take it: Anthropic's `tool_use.id` and `tool_result.tool_use_id`
 * (`^[a-zA-Z0-9_-]+$`, @anthropic-ai/sdk `ToolUseBlockParam`), Bedrock's `toolUseId` (the same characters, 1 to 64 of
 * them, @aws-sdk/client-bedrock-runtime `ToolUseBlock`). A conversation begun with another provider brings ids these
 * refuse (Kimi K2 names its calls `functions.get_weather:0`: vLLM's `make_tool_call_id` for `kimi_k2`, served on Groq),
 * and the request would be a 400.
 *
 * An id they take is itself (a provider's own ids go back unchanged). Another is its allowed characters (the others
 * as `_`), cut to fit, then `_` and a hash of the whole id: the same id always gives the same id, so a call and its
 * result stay paired, and two ids give two. The APIs that bound only an id's length (OpenAI's) take `bounded`.
 *
 * @internal
 */
import * as TextHash from "./TextHash.js"

const allowed = /^[a-zA-Z0-9_-]{1,64}$/

/** `kept` cut so that `_` and a hash of `id` follow it within `max` characters (and no character cut in two). */
const hashed = (id: string, kept: string, max: number): string => {
  const hash = TextHash.hex64(id)
  const start = kept.slice(0, max - hash.length - 1)
  return `${/[\uD800-\uDBFF]$/.test(start) ? start.slice(0, -1) : start}_${hash}`
}

/** The id as Anthropic and Bedrock take it (see the module's description). */
export const plain = (id: string): string => allowed.test(id) ? id : hashed(id, id.replace(/[^a-zA-Z0-9_-]/g, "_"), 64)

/**
 * The id in at most `max` characters, as an API that bounds only an id's length takes it: itself when it fits, else
 * its start, `_` and a hash of the whole id. OpenAI's Chat Completions takes ids of up to 40 characters (a longer one
 * is a 400: "Invalid 'messages[3].tool_calls[0].id': string too long. Expected a string with maximum length 40"), the
 * Responses API up to 64 ("Invalid 'input[95].call_id': ... maximum length 64").
 */
export const bounded = (id: string, max: number): string => id.length <= max ? id : hashed(id, id, max)
