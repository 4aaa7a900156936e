/**
 * The errors of a Responses API stream: error bodies share Chat Completions' envelope; an in-stream
 * `error` event carries its fields flat (as typed by the SDK) or under `error` (as recorded); a
 * `response.failed` event carries them in `response.error`.
 *
 * @internal
 */
import type * as ProviderError from "../../core/ProviderError.js"
import * as ChatErrors from "../openai-compatible/ChatErrors.js"
import type * as ResponsesSchemas from "./ResponsesSchemas.js"

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

/** The `ProviderError` of a `response.failed` event. */
export const failedResponse = (provider: string, response: ResponsesSchemas.Response): ProviderError.ProviderError =>
  ChatErrors.streamError(provider, {
    error: {
      code: response.error?.code ?? undefined,
      message: response.error?.message ?? `the response ${response.id} failed`
    }
  })

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
