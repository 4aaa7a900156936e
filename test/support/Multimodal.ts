/**
 * Sample parts and the request encoders of every API, for the multimodal tests: bytes that start with
 * each format's real signature (PNG, JPEG, GIF, WebP, PDF, RIFF/WAVE, MP3 frame sync), base64 computed
 * here with Node's `Buffer` (independently of the library), and each provider's `encodeRequest` over a
 * list of messages.
 */
import { Result } from "effect"
import type { Message } from "effect-llm-stream"
import type * as CallRequest from "../../src/core/request/CallRequest.js"
import * as Controls from "./Controls.js"

const bytes = (...values: ReadonlyArray<number | string>): Uint8Array =>
  new Uint8Array(values.flatMap((value) => typeof value === "string" ? [...Buffer.from(value, "latin1")] : [value]))

export const png = bytes(0x89, "PNG\r\n\x1a\n", 0, 0, 0, 13, "IHDR", 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0)
export const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, "JFIF", 0, 1, 1)
export const gif = bytes("GIF89a", 1, 0, 1, 0, 0x80, 0, 0)
export const webp = bytes("RIFF", 26, 0, 0, 0, "WEBPVP8L", 13, 0, 0, 0, 0x2f)
export const pdf = bytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
export const wav = bytes("RIFF", 36, 0, 0, 0, "WAVEfmt ", 16, 0, 0, 0, 1, 0, 1, 0, 0x40, 0x1f, 0, 0)
export const mp3 = bytes(0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0)
export const text = bytes("Quarterly revenue: 42\n")

/** Base64 of bytes, by Node (not by the library). */
export const b64 = (data: Uint8Array): string => Buffer.from(data).toString("base64")

/** `bytes` as a view in the middle of a larger buffer filled with other bytes. */
export const view = (data: Uint8Array): Uint8Array => {
  const buffer = new Uint8Array(data.length + 64).fill(0xee)
  buffer.set(data, 32)
  return buffer.subarray(32, 32 + data.length)
}

export type Api = "openai" | "azure" | "groq" | "responses" | "anthropic" | "bedrock"

export const apis: ReadonlyArray<Api> = ["openai", "azure", "groq", "responses", "anthropic", "bedrock"]

/**
 * The body each API's request encoding makes of `messages`, or why it refuses them (Azure's Chat
 * Completions as OpenAI's, with the model in the body).
 */
export const encode = (
  api: Api,
  messages: ReadonlyArray<Message.Message>
): Result.Result<Record<string, any>, CallRequest.Unsupported> =>
  Controls.encode(api === "azure" ? "openai" : api, { model: "m", messages })

/** The body, for a request the API takes. */
export const body = (api: Api, messages: ReadonlyArray<Message.Message>): Record<string, any> =>
  Result.getOrThrowWith(encode(api, messages), (unsupported) => new Error(unsupported.message))

/** The reason a request is refused, for one the API does not take. */
export const refusal = (api: Api, messages: ReadonlyArray<Message.Message>): string => {
  const encoded = encode(api, messages)
  if (Result.isSuccess(encoded)) throw new Error(`${api} took a request it should refuse`)
  return encoded.failure.message
}
