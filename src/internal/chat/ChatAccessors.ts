/**
 * What a Chat Completions chunk says, read from its payload: the pure functions behind the accessors of
 * the OpenAI, Groq and Azure chunk classes. The first choice (`index === 0`) is the response's text.
 *
 * @internal
 */
import * as Base64 from "effect/encoding/Base64"
import * as Result from "effect/Result"
import type * as Tool from "../../Tool.js"
import * as ChunkCommon from "../fold/ChunkCommon.js"
import type * as ChatSchemas from "./ChatSchemas.js"

type Chunk = ChatSchemas.ChatCompletionChunk

const firstChoice = (chunk: Chunk) => {
  for (const choice of chunk.choices) {
    if (choice.index === 0) return choice
  }
  return undefined
}

/** Text of the first choice; `""` when none. */
export const content = (chunk: Chunk): string => firstChoice(chunk)?.delta?.content ?? ""

/** Refusal text of the first choice; `""` when none. */
export const refusal = (chunk: Chunk): string => firstChoice(chunk)?.delta?.refusal ?? ""

/** Reasoning text of the first choice (`delta.reasoning` or `delta.reasoning_content`); `""` when none. */
export const reasoning = (chunk: Chunk): string => {
  const delta = firstChoice(chunk)?.delta
  return delta?.reasoning ?? delta?.reasoning_content ?? ""
}

/** The raw `finish_reason` of every choice that finished in this chunk. */
export const finishReasons = (chunk: Chunk): ReadonlyArray<string> => {
  let reasons: Array<string> | undefined
  for (const choice of chunk.choices) {
    if (choice.finish_reason) (reasons ??= []).push(choice.finish_reason)
  }
  return reasons ?? ChunkCommon.none
}

/** The model the chunk names (Azure's annotation chunks name none). */
export const model = (chunk: Chunk): string | undefined => chunk.model === "" ? undefined : chunk.model

/** The response id (`chatcmpl-...`). */
export const id = (chunk: Chunk): string | undefined => chunk.id === "" ? undefined : chunk.id

/** Tool-call fragments of every choice. */
export const toolCallDeltas = (chunk: Chunk): ReadonlyArray<Tool.ToolCallDelta> => {
  let deltas: Array<Tool.ToolCallDelta> | undefined
  for (const choice of chunk.choices) {
    const calls = choice.delta?.tool_calls
    if (!calls) continue
    for (let position = 0; position < calls.length; position++) {
      const call = calls[position]!
      ;(deltas ??= []).push({
        choice: choice.index,
        index: call.index ?? position,
        id: call.id ?? undefined,
        name: call.function?.name ?? undefined,
        arguments: call.function?.arguments ?? ""
      })
    }
  }
  return deltas ?? ChunkCommon.none
}

/** A choice that finishes completes its tool calls. */
export const toolCallsEnded = (chunk: Chunk): ReadonlyArray<Tool.ToolCallsEnded> => {
  let ended: Array<Tool.ToolCallsEnded> | undefined
  for (const choice of chunk.choices) {
    if (choice.finish_reason) (ended ??= []).push({ _tag: "ChoiceEnded", choice: choice.index })
  }
  return ended ?? ChunkCommon.none
}

/** The audio bytes of the first choice's audio fragment (base64-decoded). */
export const audio = (chunk: Chunk): Uint8Array | undefined => {
  const data = firstChoice(chunk)?.delta?.audio?.data
  return data === undefined || data === null ? undefined : Result.getOrUndefined(Base64.decode(data))
}

/** The transcript fragment of the first choice's audio. */
export const audioTranscript = (chunk: Chunk): string | undefined =>
  firstChoice(chunk)?.delta?.audio?.transcript ?? undefined
