/**
 * The errors of a Responses API stream: error bodies share Chat Completions' envelope; an in-stream
 * `error` event carries its fields flat (as typed by the SDK) or under `error` (as recorded); a
 * `response.failed` event carries them in `response.error`.
 *
 * @internal
 */
import * as Payload from "../../core/payload/Payload.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as ChatErrors from "../openai-compatible/ChatErrors.js"

/** The `ProviderError` of an `error` event. */
export const streamError = (provider: string, event: unknown): ProviderError.ProviderError => {
  const fields = (event ?? {}) as Readonly<Record<string, unknown>>
  const nested = fields["error"]
  return ChatErrors.streamError(
    provider,
    typeof nested === "object" && nested !== null
      ? { error: nested }
      : { error: { code: fields["code"], message: fields["message"] } }
  )
}

/**
 * The `ProviderError` of a `response.failed` event, read from the event as sent: a failed response the schema does not
 * take (a host's, without its `model`) still fails with its own error, not as a malformed event.
 */
export const failedResponse = (provider: string, event: unknown): ProviderError.ProviderError => {
  const response = Payload.isRecord(event) && Payload.isRecord(event["response"]) ? event["response"] : {}
  const error = Payload.isRecord(response["error"]) ? response["error"] : {}
  const id = typeof response["id"] === "string" ? ` ${response["id"]}` : ""
  const message = typeof error["message"] === "string" && error["message"] !== "" ? error["message"] : undefined
  return ChatErrors.streamError(provider, { error: { ...error, message: message ?? `the response${id} failed` } })
}

/**
 * Whether the host refused a request for turns it cannot read (`unreadableTurns`): reasoning another account or Azure
 * resource returned encrypted ("The encrypted content gAAA... could not be verified.", `invalid_encrypted_content`:
 * openai/codex#3573, anomalyco/opencode#29879), an item it did not store ("Item with id 'rs_...' not found. Items are
 * not persisted when `store` is set to false.", `param: "input"`: router-for-me/CLIProxyAPI#2381).
 */
export const refusesTurns = (error: ProviderError.ProviderError): boolean =>
  error._tag === "InvalidRequestError" &&
  (error.errorType === "invalid_encrypted_content" ||
    (error.parameter === "input" && /\bItem with id '[^']*' not found\b/.test(error.message)))

/** The wire body of an error response: the Chat Completions envelope. */
export { parseErrorBody } from "../openai-compatible/ChatErrors.js"
