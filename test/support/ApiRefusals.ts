/**
 * Each API's 400 as it sends it, for replay servers that refuse a request the way the API does: its status, headers
 * and error body (Anthropic's `{ type: "error", error }`, Bedrock's `message` with `x-amzn-errortype`, Gemini's
 * `{ error: { code, message, status } }`, OpenAI's `{ error: { message, type, param, code } }`).
 */
import type { ReplayServer } from "effect-llm-stream/testing"

const json = (body: unknown, headers: Readonly<Record<string, string>> = {}): ReplayServer.Scenario => ({
  status: 400,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body)
})

export const anthropic = (message: string): ReplayServer.Scenario =>
  json({ type: "error", error: { type: "invalid_request_error", message }, request_id: "req_011CWkB65DcNzK2MiofhXx8b" })

export const bedrock = (message: string): ReplayServer.Scenario =>
  json({ message }, { "x-amzn-errortype": "ValidationException" })

export const google = (message: string): ReplayServer.Scenario =>
  json({ error: { code: 400, message, status: "INVALID_ARGUMENT" } })

export const openai = (message: string, param: string | null, code: string | null): ReplayServer.Scenario =>
  json({ error: { message, type: "invalid_request_error", param, code } })
