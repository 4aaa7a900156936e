/**
 * A tool call's id as the APIs that restrict ids take it: Anthropic's `tool_use.id` and `tool_result.tool_use_id`
 * (`^[a-zA-Z0-9_-]+$`, @anthropic-ai/sdk `ToolUseBlockParam`), Bedrock's `toolUseId` (the same characters, 1 to 64 of
 * them, @aws-sdk/client-bedrock-runtime `ToolUseBlock`). A conversation begun with another provider brings ids these
 * refuse (Kimi K2 names its calls `functions.get_weather:0`: vLLM's `make_tool_call_id` for `kimi_k2`, served on Groq),
 * and the request would be a 400.
 *
 * An id they take is itself (a provider's own ids go back unchanged). Another is its allowed characters (the others
 * as `_`), cut to fit, then `_` and a hash of the whole id: the same id always gives the same id, so a call and its
 * result stay paired, and two ids give two.
 *
 * @internal
 */
import * as TextHash from "./TextHash.js"

const allowed = /^[a-zA-Z0-9_-]{1,64}$/

/** The id as Anthropic and Bedrock take it (see the module's description). */
export const plain = (id: string): string => {
  if (allowed.test(id)) return id
  const hash = TextHash.hex64(id)
  return `${id.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64 - hash.length - 1)}_${hash}`
}
