/**
 * What a Chat Completions chunk means (OpenAI, Groq, Azure): its events, read once from the payload, and the
 * audio accessors of OpenAI's chunks. The answer's choice is the response's text: `index` 0, or, on a stream whose
 * first choice a host numbers otherwise, that one (`usedChoice`, fixed by `ChatDecoder`); tool calls and finish
 * reasons are read for every choice.
 *
 * @internal
 */
import * as Base64 from "effect/encoding/Base64"
import * as Result from "effect/Result"
import * as StreamEvent from "../../core/fold/StreamEvent.js"
import * as ToolCallFragments from "../../core/fold/ToolCallFragments.js"
import * as Payload from "../../core/payload/Payload.js"
import * as ChatBlocks from "./ChatBlocks.js"
import * as ChatFinishReasons from "./ChatFinishReasons.js"
import * as ChatSchemas from "./ChatSchemas.js"
import * as ChatUsage from "./ChatUsage.js"

type Chunk = ChatSchemas.ChatCompletionChunk

const metadataOf = (
  id: string | undefined,
  model: string | undefined,
  baseModel: string | undefined,
  created: number | undefined
): StreamEvent.Metadata => ({ _tag: "Metadata", id, model, pricingModel: baseModel ?? model, created })

/**
 * The event of a tool-call fragment: a function call's arguments, or (`type: "custom"`, or a `custom` object) a
 * piece of a custom tool's free-form input, delivered whole once the call is complete as its JSON string (see
 * `ToolCallFragments.customPiece`), never a call without its name and input.
 */
const callDelta = (
  call: typeof ChatSchemas.ToolCallDelta.Type,
  choice: number,
  position: number
): StreamEvent.ToolCallDelta => {
  const custom = call.custom ?? undefined
  const isCustom = custom !== undefined || call.type === "custom"
  return {
    _tag: "ToolCallDelta",
    choice,
    index: call.index ?? position,
    id: call.id ?? undefined,
    name: (isCustom ? custom?.name : call.function?.name) ?? undefined,
    arguments: isCustom ? ToolCallFragments.customPiece(custom?.input ?? "") : argumentsText(call.function?.arguments),
    custom: isCustom
  }
}

/** A function call's arguments as JSON text: a piece as sent, an object whole as its JSON. */
const argumentsText = (args: string | { readonly [key: string]: unknown } | null | undefined): string =>
  typeof args === "string" ? args : args == null ? "" : JSON.stringify(args)

/**
 * The reasoning text of structured reasoning pieces, where a host sends no plain `reasoning` beside them (OpenRouter
 * sends both, the same text): each `reasoning.text`'s text and each `reasoning.summary`'s summary, in order.
 */
const detailsText = (
  details: ReadonlyArray<typeof ChatSchemas.ReasoningDetail.Type> | null | undefined
): string | undefined => {
  if (!details) return undefined
  let text = ""
  for (const detail of details) text += detail.text ?? detail.summary ?? ""
  return text
}

/** The longest id of a cited document or tool call read; a longer one is no citation. */
const maxCitedId = 256

/** A non-empty string of at most `maxCitedId` characters, else `undefined`. */
const citedId = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" && value.length <= maxCitedId ? value : undefined

/** The character range an annotation cites, as sent when both are numbers. */
const rangeOf = (cited: unknown): Readonly<Record<string, number>> => {
  const { end_index, start_index } = Payload.isRecord(cited) ? cited : {}
  return typeof start_index === "number" && typeof end_index === "number" ? { start_index, end_index } : {}
}

/**
 * How each type of `delta.annotations` entry is read, as a citation of the text's block: its event, or `undefined`
 * for an entry not of its type's shape. A type no row names is ignored, never a failure of the stream.
 */
const annotationTypes: Readonly<
  Record<string, (annotation: Readonly<Record<string, unknown>>) => StreamEvent.BlockUpdate | undefined>
> = {
  // A search model's page (`ChatSchemas.UrlCitationAnnotation`), as the Responses API's `url_citation` annotation is
  // (`url`, `title`, `start_index`, `end_index`): a `source-url` of the browser's UI message stream.
  url_citation: (annotation) => {
    if (!ChatSchemas.isUrlCitation(annotation)) return undefined
    const { end_index, start_index, title, url } = annotation.url_citation
    return StreamEvent.pageCitation(0, url, title, {
      type: "url_citation",
      ...(typeof start_index === "number" ? { start_index } : {}),
      ...(typeof end_index === "number" ? { end_index } : {})
    })
  },
  // One of the request's `documents` by its `id` (groq-sdk 1.6.0 `Delta.Annotation.DocumentCitation`: `document_id`,
  // `start_index`, `end_index`): a `source-document` of the browser's UI message stream, titled by its id.
  document_citation: (annotation) => {
    const cited = annotation["document_citation"]
    const id = citedId(Payload.isRecord(cited) ? cited["document_id"] : undefined)
    if (id === undefined) return undefined
    const document = { key: `document ${id}`, index: undefined, title: id, filename: undefined, mediaType: undefined }
    return StreamEvent.documentCitation(0, { type: "document_citation", document_id: id, ...rangeOf(cited) }, document)
  },
  // A tool call's result (groq-sdk 1.6.0 `Delta.Annotation.FunctionCitation`: `tool_call_id`, `start_index`,
  // `end_index`): kept on the text's block, no page or document to show.
  function_citation: (annotation) => {
    const cited = annotation["function_citation"]
    const id = citedId(Payload.isRecord(cited) ? cited["tool_call_id"] : undefined)
    return id === undefined ? undefined : StreamEvent.documentCitation(0, {
      type: "function_citation",
      tool_call_id: id,
      ...rangeOf(cited)
    }, undefined)
  }
}

/** The citations of a choice's `delta.annotations`, each read by its type's row of `annotationTypes`. */
const citationsOf = (annotations: unknown, events: Array<StreamEvent.StreamEvent>): void => {
  if (!Array.isArray(annotations)) return
  for (const annotation of annotations) {
    const type = Payload.isRecord(annotation) ? annotation["type"] : undefined
    if (typeof type !== "string" || !Object.hasOwn(annotationTypes, type)) continue
    const event = annotationTypes[type]!(annotation as Readonly<Record<string, unknown>>)
    if (event !== undefined) events.push(event)
  }
}

/** The `text` of each `{ type: "text", text }` entry of `parts`, joined (other entries ignored). */
const textOf = (parts: unknown): string => {
  if (!Array.isArray(parts)) return ""
  let text = ""
  for (const part of parts) {
    if (Payload.isRecord(part) && part["type"] === "text" && typeof part["text"] === "string") text += part["text"]
  }
  return text
}

/**
 * The events of a content that is a list of parts (Mistral's `ContentChunk`s, mistralai/client-ts
 * src/models/components/: `TextChunk` `{ type: "text", text }`; `ThinkChunk` `{ type: "thinking", thinking: [TextChunk
 * | ReferenceChunk ...], signature?, closed? }`): text, and a thinking part's text as reasoning, in their order.
 */
const contentParts = (parts: ReadonlyArray<unknown>, events: Array<StreamEvent.StreamEvent>): void => {
  for (const part of parts) {
    if (!Payload.isRecord(part)) continue
    if (part["type"] === "text" && typeof part["text"] === "string" && part["text"] !== "") {
      events.push(StreamEvent.text(part["text"]))
    } else if (part["type"] === "thinking") {
      const reasoning = textOf(part["thinking"])
      if (reasoning !== "") events.push(StreamEvent.reasoning(reasoning))
    }
  }
}

/** The events of the answer choice's delta: the answer's reasoning, text, refusal, citations and audio. */
const answerEvents = (delta: typeof ChatSchemas.Delta.Type, events: Array<StreamEvent.StreamEvent>): void => {
  const reasoning = delta.reasoning ?? delta.reasoning_content ?? detailsText(delta.reasoning_details)
  // A detail's block opens before its text, which is then the block's (the UI message stream's part of it).
  if (delta.reasoning_details) events.push(...ChatBlocks.updates(delta.reasoning_details))
  // DeepSeek's `reasoning_content` is kept on the turn as a detail of its own (`reasoning.text`), for a host that asks
  // for it back (`reasoningWithTurns`: DeepSeek's thinking mode refuses a turn that called tools without it).
  else if (delta.reasoning_content) events.push(ChatBlocks.plainReasoning)
  if (reasoning) events.push(StreamEvent.reasoning(reasoning))
  const content = delta.content
  if (typeof content === "string") {
    if (content !== "") events.push(StreamEvent.text(content))
  } else if (content) contentParts(content, events)
  if (delta.refusal) events.push(...ChatBlocks.refusalUpdates(delta.refusal), StreamEvent.refusal(delta.refusal))
  if (delta.annotations !== undefined) citationsOf(delta.annotations, events)
  const audio = delta.audio
  if (audio && (audio.data || audio.transcript)) {
    events.push({ _tag: "AudioDelta", data: audio.data ?? undefined, transcript: audio.transcript ?? undefined })
  }
}

/**
 * What a host says of the policy its answer's choice finished on, as sent (`StreamEvent.Finish.details`: Azure's
 * filter results), read on the chunk that carries the finish alone.
 */
export type PolicyDetails = (choice: Chunk["choices"][number]) => unknown

/**
 * The events of a chunk. What differs between hosts: where the raw usage object is (Groq also sends it as
 * `x_groq.usage`), the model prices are looked up by when it is not the chunk's `model` (an Azure
 * deployment's `baseModel`), and what it says of the policy an answer stopped on (`policyDetails`).
 */
export const eventsOf = (
  chunk: Chunk,
  usage: ChatSchemas.CompletionUsage | null | undefined,
  baseModel: string | undefined,
  answer: number,
  policyDetails?: PolicyDetails | undefined
): ReadonlyArray<StreamEvent.StreamEvent> => {
  const events: Array<StreamEvent.StreamEvent> = []
  const id = chunk.id === "" ? undefined : chunk.id
  // Azure's annotation chunks name no model.
  const model = chunk.model === "" ? undefined : chunk.model
  if (id !== undefined || model !== undefined) events.push(metadataOf(id, model, baseModel, chunk.created))
  let reasons: Array<string> | undefined
  let answered = false
  for (const choice of chunk.choices) {
    const delta = choice.delta
    if (delta) {
      if (choice.index === answer && !answered) {
        answered = true
        answerEvents(delta, events)
      }
      const calls = delta.tool_calls
      if (calls) {
        for (let position = 0; position < calls.length; position++) {
          events.push(callDelta(calls[position]!, choice.index, position))
        }
      }
    }
    if (choice.finish_reason) (reasons ??= []).push(choice.finish_reason)
  }
  if (reasons !== undefined) {
    const finish = StreamEvent.finish(reasons, ChatFinishReasons.toCommonFinishReason)
    const choice = policyDetails === undefined ? undefined : choiceAt(chunk.choices, answer)
    const details = choice === undefined ? undefined : policyDetails!(choice)
    events.push(details === undefined ? finish : { ...finish, details })
    // A choice that finishes completes its tool calls.
    for (const choice of chunk.choices) {
      if (choice.finish_reason) events.push(StreamEvent.choiceEnded(choice.index))
    }
  }
  if (usage) {
    // OpenRouter's own cost of the call, in USD, kept as reported (`usage.cost`, its "Usage Accounting" guide).
    const cost = typeof usage.cost === "number" ? usage.cost : undefined
    events.push(
      StreamEvent.usage(usage, ChatUsage.normaliseUsage, { tier: chunk.service_tier ?? undefined, cost })
    )
  }
  return events
}

/**
 * The index of the choice a stream's answer is, as far as this chunk says: the lowest index of its choices that carry
 * a delta, or `undefined` when none does. The library asks for one choice; a host or proxy may number it 1, which
 * openai-node's `ChatCompletionStream` keeps at that index (its `finalContent()` then finds no message at 0 and
 * throws), and the AI SDK's openai-compatible provider reads as `choices[0]`, whatever its index.
 */
export const usedChoice = (choices: ReadonlyArray<typeof ChatSchemas.Choice.Type>): number | undefined => {
  let used: number | undefined
  for (const choice of choices) {
    if (choice.delta && (used === undefined || choice.index < used)) used = choice.index
  }
  return used
}

/** The choice of `choices` whose index is `answer`. */
export const choiceAt = <C extends { readonly index: number }>(
  choices: ReadonlyArray<C>,
  answer: number
): C | undefined => {
  for (const choice of choices) {
    if (choice.index === answer) return choice
  }
  return undefined
}

/** The audio bytes of the answer choice's audio fragment (base64-decoded). */
export const audio = (chunk: Chunk, answer: number): Uint8Array | undefined => {
  const data = choiceAt(chunk.choices, answer)?.delta?.audio?.data
  return data === undefined || data === null ? undefined : Result.getOrUndefined(Base64.decode(data))
}

/** The transcript fragment of the answer choice's audio. */
export const audioTranscript = (chunk: Chunk, answer: number): string | undefined =>
  choiceAt(chunk.choices, answer)?.delta?.audio?.transcript ?? undefined
