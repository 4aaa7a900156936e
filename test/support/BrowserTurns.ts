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
