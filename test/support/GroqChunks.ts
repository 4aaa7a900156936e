/**
 * Groq's streamed chunks as groq-sdk types them (`ChatCompletionChunk`, groq-sdk 1.6.0), and the SSE body a recording
 * of them is.
 */
import type { ChatCompletionChunk } from "groq-sdk/resources/chat/completions"

/** A chunk of the answer `id` of `model` with `fields` (no choices unless given). */
export const chunkOf = (model: string, id: string) => (fields: Partial<ChatCompletionChunk>): ChatCompletionChunk => ({
  id,
  object: "chat.completion.chunk",
  created: 1_780_000_000,
  model,
  choices: [],
  ...fields
})

/** The SSE body of `chunks`, ended with `[DONE]`, as Groq streams it. */
export const sseOf = (chunks: ReadonlyArray<ChatCompletionChunk>): string =>
  chunks.map((payload) => `data: ${JSON.stringify(payload)}\n\n`).join("") + "data: [DONE]\n\n"
