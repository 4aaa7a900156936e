/**
 * The AI SDK's own client reading a UI message stream: `parseJsonEventStream` + `uiMessageChunkSchema` +
 * `readUIMessageStream`, what `useChat` runs.
 */
import {
  parseJsonEventStream,
  readUIMessageStream,
  type UIMessage,
  type UIMessageChunk,
  uiMessageChunkSchema
} from "ai"
import { Effect, type Stream } from "effect"
import { type CallResponseChunk, UIMessageStream } from "effect-llm-stream"

/**
 * The client's reading of a UI message stream response: the chunks it parsed, and the last message (unless
 * `message: false`), read into the message `into` when the response continues it.
 */
export const readResponse = async (
  response: Response,
  options: { readonly message?: boolean; readonly into?: UIMessage | undefined } = {}
) => {
  const chunks: Array<UIMessageChunk> = []
  const parsed = parseJsonEventStream({ stream: response.body!, schema: uiMessageChunkSchema }).pipeThrough(
    new TransformStream<any, UIMessageChunk>({
      transform(result, controller) {
        if (!result.success) throw result.error
        chunks.push(result.value)
        controller.enqueue(result.value)
      }
    })
  )
  let message: UIMessage | undefined
  const errors: Array<unknown> = []
  // The chunks alone, without the message the client builds from them.
  if (options.message === false) {
    await parsed.pipeTo(new WritableStream())
    return { chunks, message, errors }
  }
  for await (
    const snapshot of readUIMessageStream({
      stream: parsed,
      onError: (error) => errors.push(error),
      ...(options.into === undefined ? {} : { message: options.into })
    })
  ) message = snapshot
  return { chunks, message, errors }
}

/**
 * The body `useChat` sends for the next question after one exchange: the question it asked, the answer as the client
 * kept it, and the next question (for `UIMessageStream.toMessages`).
 */
export const nextQuestion = (asked: string, answer: UIMessage, next: string) => ({
  id: "chat",
  trigger: "submit-message" as const,
  messages: [
    { id: "u1", role: "user" as const, parts: [{ type: "text" as const, text: asked }] },
    answer,
    { id: "u2", role: "user" as const, parts: [{ type: "text" as const, text: next }] }
  ]
})

/** A model's stream served to the browser as `fromStream` serves it, read by the client (`readResponse`). */
export const readServed = <E, R>(stream: Stream.Stream<CallResponseChunk.Common, E, R>) =>
  stream.pipe(
    UIMessageStream.fromStream(),
    UIMessageStream.toResponse(),
    Effect.flatMap((response) => Effect.promise(() => readResponse(response)))
  )
