/**
 * A browser's side of a conversation with a recorded model, for the tests that send an answer back: a user message
 * and the body `useChat` POSTs, an answer served as the UI message stream and read by the `ai` client (the message it
 * keeps), and the loop's own answer to the same messages (`CallStream.accumulate`).
 */
import type { Layer } from "effect"
import { Effect } from "effect"
import { CallStream, LanguageModel, type Message, UIMessageStream } from "effect-llm-stream"
import { readResponse } from "./UIClient.js"

/** A user message as the `ai` client keeps it. */
export const user = (id: string, text: string) => ({ id, role: "user", parts: [{ type: "text", text }] })

/** The body `useChat` POSTs for `messages`. */
export const body = (messages: ReadonlyArray<unknown>) =>
  JSON.stringify({ id: "chat", trigger: "submit-message", messages })

/** One answer served as the UI message stream and read by the `ai` client: the message it keeps. */
export const served = (messages: ReadonlyArray<Message.Message>, model: Layer.Layer<LanguageModel.LanguageModel>) =>
  LanguageModel.stream({ messages }).pipe(
    UIMessageStream.fromStream(),
    UIMessageStream.toResponse(),
    Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
    Effect.map(({ message }) => message!),
    Effect.provide(model)
  )

/** The loop's own answer to `messages`: the response folded. */
export const answered = (messages: ReadonlyArray<Message.Message>, model: Layer.Layer<LanguageModel.LanguageModel>) =>
  CallStream.accumulate(LanguageModel.stream({ messages })).pipe(Effect.provide(model))

/**
 * A carried turn's blocks with each output of the provider's own calls it left out (`UITurnOutputs`) taken back from
 * the message's tool parts, by call id.
 */
export const restoredBlocks = (blocks: ReadonlyArray<any>, message: { readonly parts: ReadonlyArray<unknown> }) => {
  const outputs = new Map(
    (message.parts as Array<any>).filter((part) => part.providerExecuted === true && part.output !== undefined)
      .map((part) => [part.toolCallId, part.output])
  )
  const restore = (value: any) =>
    typeof value === "object" && value !== null && typeof value["effect-llm-stream/output"] === "string"
      ? outputs.get(value["effect-llm-stream/output"])
      : value
  return blocks.map((block) =>
    typeof block === "object" && block !== null && typeof block["effect-llm-stream/output"] !== "string"
      ? Object.fromEntries(Object.entries(block).map(([key, value]) => [key, restore(value)]))
      : restore(block)
  )
}
