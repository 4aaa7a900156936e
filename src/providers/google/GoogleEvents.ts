/**
 * What a Gemini event means: its events, read once from the payload and the decoder's placement of its
 * parts. Text parts are text (`thought: true`: reasoning, a thought summary), inline data the answer's file (a
 * thought's is not), an audio part's transcript (`audioTranscription`) the answer's audio transcript; every part's
 * `thoughtSignature` is kept on its content block for the round trip; function calls are the program's tool calls;
 * code execution, Gemini 3's `toolCall`/`toolResponse` parts and MCP's `functionResponse` are server tool calls and
 * results; grounding (Google Search) is a server tool result; the pages its grounding and its `citationMetadata` name
 * are citations of the text, each once.
 *
 * @internal
 */
import * as CallIds from "../../core/fold/CallIds.js"
import * as StreamEvent from "../../core/fold/StreamEvent.js"
import * as Tool from "../../core/Tool.js"
import * as Usage from "../../core/Usage.js"
import * as GoogleBlocks from "./GoogleBlocks.js"
import * as GoogleFinishReasons from "./GoogleFinishReasons.js"
import * as GoogleSchemas from "./GoogleSchemas.js"
import * as GoogleUsage from "./GoogleUsage.js"

type Events = Array<StreamEvent.StreamEvent>
type Part = GoogleSchemas.Part & Readonly<Record<string, unknown>>

/**
 * The ids of one response's function calls: Google's own, or, for a call sent without one (the Gemini API may
 * leave `FunctionCall.id` out, Vertex AI always does) or with an empty one, `gemini_call_<stem>_<index>`, its stem
 * drawn once per response (`CallIds.stem`), so no two steps of a conversation give two calls the same id, which the
 * loops and the browser key approvals and results by; a call sent with an earlier call's id is given one of its own
 * by `CallIds` (`GoogleAnswer.callIds`). These ids are never sent to Google (`GoogleBlocks.realId`).
 */
export const callIds = (): (id: string | undefined, index: number) => string => {
  let stem: string | undefined
  return (id, index) => {
    if (id !== undefined && id !== "") return id
    stem ??= CallIds.stem()
    return `${GoogleBlocks.syntheticIdPrefix}${stem}_${index}`
  }
}

/**
 * The id a provider's call or result part names: the id, `null` for a part without one, `undefined` where there is no
 * such part.
 */
export const idOf = (value: unknown): string | null | undefined => {
  if (typeof value !== "object" || value === null) return undefined
  const id = (value as { readonly id?: unknown }).id
  return typeof id === "string" ? id : null
}

/** The id of a provider's call (code Gemini ran, ...) sent without one: its kind and its block. */
export const serverCallId = (kind: string, block: number): string => `${kind}_${block}`

/** Server tool parts: their kind and what they hold. */
const serverCalls = ["executableCode", "toolCall"] as const
const serverResults = ["codeExecutionResult", "toolResponse", "functionResponse"] as const

/** Where each part sits when an event is decoded alone: each part its own block, each call whole. */
const lonePlacement = (parts: ReadonlyArray<GoogleSchemas.Part>): GoogleSchemas.Placement => {
  const callId = callIds()
  return {
    parts: parts.map((part, index) => ({
      block: index,
      starts: true,
      ...(part.functionCall === undefined || part.functionCall.name === undefined ? {} : {
        call: {
          index,
          id: callId(part.functionCall.id, index),
          name: part.functionCall.name,
          arguments: JSON.stringify(part.functionCall.args ?? {}),
          ends: true
        }
      })
    })),
    calls: parts.some((part) => part.functionCall?.name !== undefined)
  }
}

/** A field of a server tool part, which is kept as sent (so it may be any JSON, `null` too). */
const fieldOf = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null ? (value as Readonly<Record<string, unknown>>)[key] : undefined

const callEvents = (events: Events, call: typeof GoogleSchemas.CallPlace.Type) => {
  if (call.name !== undefined || call.arguments !== "") {
    events.push(StreamEvent.toolCallDelta({
      index: call.index,
      ...(call.id === undefined ? {} : { id: call.id }),
      ...(call.name === undefined ? {} : { name: call.name }),
      arguments: call.arguments
    }))
  }
  if (call.ends) events.push(StreamEvent.callEnded(call.index))
}

/** A media type a file part may name: `type/subtype`, nothing that could end a `data:` URL's header early. */
const mediaTypePattern = /^[a-z]+\/[a-z0-9.+-]+$/i

/** Base64 data, nothing else (a `data:` URL made of it stays one). */
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/

/**
 * The file an answer's part holds whole (`inlineData`: an image the model drew, the Gemini API's `Blob`:
 * `mimeType` and base64 `data`), when its media type and data are what they say they are; `undefined`
 * otherwise. A thought's file is not the answer's (`@google/genai` 3.3.0 dist/genai.d.ts, `Part.thought`: "the part
 * is thought from the model"): an image model's interim drafts (Gemini 3's image models, with `includeThoughts`,
 * ai.google.dev/gemini-api/docs/image-generation, "Thinking process") come as thought parts, the image it settles on
 * as a part of its own after them. The draft stays in its block, sent back with the turn.
 */
const fileOf = (part: Part): StreamEvent.FileOutput | undefined => {
  if (part.thought === true) return undefined
  const inline = part["inlineData"]
  const mediaType = fieldOf(inline, "mimeType")
  const data = fieldOf(inline, "data")
  return typeof mediaType === "string" && mediaTypePattern.test(mediaType) && typeof data === "string" &&
      base64Pattern.test(data)
    ? { _tag: "FileOutput", mediaType: mediaType.toLowerCase(), data }
    : undefined
}

/** The result of a server tool call (code Gemini ran, a search), kept as sent. */
const serverResult = (toolUseId: string, type: string, content: unknown): StreamEvent.StreamEvent => ({
  _tag: "ServerToolResult",
  result: new Tool.ServerToolResult({ toolUseId, type, content }, { disableChecks: true })
})

const partEvents = (events: Events, part: Part, place: typeof GoogleSchemas.PartPlace.Type) => {
  if (place.closes !== undefined) callEvents(events, place.closes)
  if (place.starts) events.push(StreamEvent.block(GoogleBlocks.start(part, place.block)))
  const file = fileOf(part)
  if (file !== undefined) events.push(file)
  // The transcript of an audio part the model spoke (`@google/genai` 3.3.0 dist/genai.d.ts, `Part.audioTranscription`,
  // a `Transcription`: its `text`, in pieces, `finished` on the last).
  const transcript = fieldOf(part["audioTranscription"], "text")
  if (typeof transcript === "string" && transcript !== "") {
    events.push({ _tag: "AudioDelta", data: undefined, transcript })
  }
  if (part.text !== undefined && part.text !== "") {
    events.push(part.thought === true ? StreamEvent.reasoning(part.text) : StreamEvent.text(part.text))
  }
  if (part.thoughtSignature !== undefined) {
    if (part.thought === true) events.push({ _tag: "ReasoningSignature", signature: part.thoughtSignature })
    events.push(StreamEvent.block({ _tag: "Signature", index: place.block, signature: part.thoughtSignature }))
  }
  if (place.call !== undefined) callEvents(events, place.call)
  for (const kind of serverCalls) {
    const value = part[kind]
    if (value === undefined) continue
    const id = fieldOf(value, "id")
    events.push(StreamEvent.serverToolCallDelta({
      index: place.block,
      id: typeof id === "string" ? id : serverCallId(kind, place.block),
      name: kind === "executableCode" ? "code_execution" : String(fieldOf(value, "toolType") ?? kind),
      type: kind,
      arguments: JSON.stringify(value)
    }))
  }
  for (const kind of serverResults) {
    const value = part[kind]
    if (value === undefined) continue
    const id = fieldOf(value, "id")
    events.push(serverResult(typeof id === "string" ? id : place.answers ?? "", kind, value))
  }
}

const entriesOf = (value: unknown, key: string): ReadonlyArray<unknown> => {
  const entries = fieldOf(value, key)
  return Array.isArray(entries) ? entries : []
}

/**
 * The citations of block `index`'s text an event names, each URI once: each citation of its `citationMetadata`
 * (`@google/genai` 3.3's `Citation`: `uri`, `title`, ...; Vertex AI sends them as `citations`, the Gemini API as
 * `citationSources`, which the SDK's `citationMetadataFromMldev` renames `citations`), then each web page of its
 * grounding (`groundingMetadata.groundingChunks[].web`, `GroundingChunkWeb`: `uri`, `title`); the entry kept as sent
 * (`citation`, `groundingChunk`). A page cited again by a later event is cited again: the UI message stream shows
 * each URL once.
 */
const citationsOf = (candidate: GoogleSchemas.Candidate | undefined, index: number, events: Events): void => {
  const citations = candidate?.citationMetadata
  const grounding = candidate?.groundingMetadata
  if (citations === undefined && grounding === undefined) return
  const seen = new Set<string>()
  const add = (uri: unknown, title: unknown, fields: Readonly<Record<string, unknown>>) => {
    if (typeof uri !== "string" || uri === "" || seen.has(uri)) return
    seen.add(uri)
    events.push(StreamEvent.pageCitation(index, uri, typeof title === "string" ? title : undefined, fields))
  }
  for (const key of ["citations", "citationSources"]) {
    for (const entry of entriesOf(citations, key)) {
      add(fieldOf(entry, "uri"), fieldOf(entry, "title"), { citation: entry })
    }
  }
  for (const chunk of entriesOf(grounding, "groundingChunks")) {
    const web = fieldOf(chunk, "web")
    add(fieldOf(web, "uri"), fieldOf(web, "title"), { groundingChunk: chunk })
  }
}

/**
 * The words of an answer stopped on a policy: its `finishMessage` (`@google/genai` 3.3.0 `Candidate.finishMessage`,
 * "Describes the reason the model stopped generating tokens"; Vertex AI's Model Armor: "The response violated
 * Responsible AI Safety settings (...) filters.", `vertex-model-armor-response.sse`), told to the person as the
 * refusal's text.
 */
const refusalWords = (reason: string, message: string | undefined, events: Array<StreamEvent.StreamEvent>): void => {
  if (message === undefined || message.trim() === "") return
  if (GoogleFinishReasons.toCommonFinishReason(reason) === "content_filter") events.push(StreamEvent.refusal(message))
}

/**
 * Reads the stream events (text, tool-call fragments, finish reason, usage, ...) of one streamed `GenerateContentResponse`;
 * `servedTier` is the response's `x-gemini-service-tier` header, the tier of its usage when that does not say.
 */
export const eventsOf = (
  response: GoogleSchemas.GenerateContentResponse,
  placement: GoogleSchemas.Placement | undefined,
  servedTier?: string | undefined
): ReadonlyArray<StreamEvent.StreamEvent> => {
  const events: Events = []
  if (response.responseId !== undefined || response.modelVersion !== undefined) {
    events.push({
      _tag: "Metadata",
      id: response.responseId,
      model: response.modelVersion,
      pricingModel: response.modelVersion
    })
  }
  const candidate = GoogleSchemas.answerOf(response)
  const parts = candidate?.content?.parts ?? []
  const placed = placement ?? lonePlacement(parts)
  for (let index = 0; index < parts.length; index++) {
    const place = placed.parts[index]
    if (place !== undefined) partEvents(events, parts[index] as Part, place)
  }
  if (placed.closes !== undefined) callEvents(events, placed.closes)
  // Every event of a grounded answer may carry `groundingMetadata: {}`; only one with content is a result.
  const grounding = candidate?.groundingMetadata
  if (typeof grounding === "object" && grounding !== null && Object.keys(grounding).length > 0) {
    events.push(serverResult("", "groundingMetadata", grounding))
  }
  // The pages the event cites, citations of the text placed last (in an event without parts, the answer's last).
  citationsOf(candidate, placed.parts.at(-1)?.block ?? placed.citedBlock ?? 0, events)
  const usage = response.usageMetadata
  if (usage !== undefined) {
    // A continued answer's requests are billed each: the usage so far is theirs added (as @google/genai sums them).
    const before = placed.usageBefore
    const normalise = before === undefined
      ? GoogleUsage.normaliseUsage
      : (raw: GoogleSchemas.UsageMetadata) => Usage.add(before, GoogleUsage.normaliseUsage(raw))
    events.push(StreamEvent.usage(usage, normalise, GoogleUsage.extrasOf(usage, servedTier)))
  }
  const reason = candidate?.finishReason
  if (reason !== undefined && reason !== "FINISH_REASON_UNSPECIFIED" && placed.continues !== true) {
    refusalWords(reason, candidate?.finishMessage, events)
    events.push(
      placed.calls && reason === "STOP"
        ? { _tag: "Finish", reasons: [reason], common: ["tool_calls"] }
        : StreamEvent.finish([reason], GoogleFinishReasons.toCommonFinishReason),
      StreamEvent.allCallsEnded
    )
  }
  return events
}
