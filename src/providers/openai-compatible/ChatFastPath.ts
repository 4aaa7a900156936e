/**
 * The fast path of Chat Completions decoding: a hand-written check of the most frequent chunk (text,
 * refusal or reasoning deltas; no usage, tool calls, audio, annotations or provider extensions), which then skips the
 * Schema. test/core/payload/FastPath.test.ts checks on generated payloads that it never accepts what the Schema
 * rejects.
 *
 * @internal
 */
import * as Payload from "../../core/payload/Payload.js"

/**
 * `true` only for a chunk the Schema accepts: text deltas without usage, tool calls, audio, annotations, or any of the
 * `declined` provider fields (which have schemas of their own).
 */
export const isTextChunk = (declined: ReadonlyArray<string>) => (json: unknown): boolean => {
  if (!Payload.isRecord(json)) return false
  if (typeof json["id"] !== "string" || typeof json["model"] !== "string") return false
  if (json["object"] !== undefined && typeof json["object"] !== "string") return false
  if (json["created"] !== undefined && typeof json["created"] !== "number") return false
  if (!Payload.isNullableString(json["service_tier"]) || !Payload.isNullableString(json["system_fingerprint"])) {
    return false
  }
  if (json["usage"] !== undefined && json["usage"] !== null) return false
  for (const key of declined) if (json[key] !== undefined) return false
  const choices = json["choices"]
  if (!Array.isArray(choices)) return false
  for (const choice of choices) {
    if (!Payload.isRecord(choice) || !Payload.isIndex(choice["index"])) return false
    if (!Payload.isNullableString(choice["finish_reason"])) return false
    const delta = choice["delta"]
    if (delta === undefined || delta === null) continue
    if (!Payload.isRecord(delta)) return false
    if (
      !Payload.isNullableString(delta["role"]) || !Payload.isNullableString(delta["content"]) ||
      !Payload.isNullableString(delta["refusal"]) || !Payload.isNullableString(delta["reasoning"]) ||
      !Payload.isNullableString(delta["reasoning_content"])
    ) return false
    if (delta["tool_calls"] !== undefined || delta["audio"] !== undefined) return false
    // Annotations (a search model's `url_citation`s) are read by the Schema's path, one by one.
    if (delta["reasoning_details"] !== undefined || delta["annotations"] !== undefined) return false
  }
  return true
}
