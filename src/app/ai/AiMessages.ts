/**
 * `effect/ai` `Prompt` → this library's `Message`s. What `Message` cannot carry (files in an assistant turn,
 * provider-executed tool results without the turn they came in) is refused with a message naming the part, never
 * dropped silently.
 *
 * An assistant turn whose parts carry a provider's opaque state (as `AiParts` left it) is sent as that provider's
 * blocks (`Message.ProviderContent`): Anthropic's and Bedrock's signed reasoning before their tool calls, as both
 * APIs require for extended thinking with tools; Gemini's signatures (Gemini 3 requires the one on a function call);
 * the Responses API's reasoning items and item ids. Reasoning without state cannot be sent back and is left out.
 *
 * A part's (or a message's) options ask for a cache point after it (`CacheOptions`), also in the spelling `effect/ai`'s
 * Anthropic provider reads, so that a prompt written for that provider caches here too.
 *
 * @internal
 */
import type * as Prompt from "effect/ai/Prompt"
import * as Result from "effect/Result"
import * as Message from "../../core/Message.js"
import type * as AssistantTurn from "../../core/provider/AssistantTurn.js"
import * as Tool from "../../core/Tool.js"
import * as TurnCarry from "../../providers/TurnCarry.js"
import * as TurnState from "../../providers/TurnState.js"
import type * as AiErrors from "./AiErrors.js"
import * as AiMetadata from "./AiMetadata.js"

/**
 * The cache option on a prompt part or message, under `metadataKey`: `cache` asks for a cache point after it (after the
 * message's last part, on a message): `true`, or `{ ttl: "5m" | "1h" }`. The spelling of `effect/ai`'s
 * Anthropic provider, `{ anthropic: { cacheControl: { type: "ephemeral", ttl } } }`, is read too.
 *
 * @since 0.3.0
 * @category Models
 */
export type CacheOptions = { readonly cache?: true | { readonly ttl?: Message.CacheTtl } | null }

const ttlOf = (value: unknown): Result.Result<Message.CacheTtl | undefined, string> =>
  value === undefined || value === null
    ? Result.succeed(undefined)
    : value === "5m" || value === "1h"
    ? Result.succeed(value)
    : Result.fail(`a cache TTL of ${JSON.stringify(value)}; it is "5m" or "1h"`)

/** The cache point a part's or a message's options ask for, `undefined` for none, or what is wrong with it. */
const cachePointOf = (options: unknown): Result.Result<Message.CachePointPart | undefined, string> => {
  const ours = AiMetadata.read(options)?.["cache"]
  if (ours === true) return Result.succeed(Message.cachePoint())
  if (typeof ours === "object" && ours !== null) {
    return Result.map(ttlOf((ours as { readonly ttl?: unknown }).ttl), (ttl) => Message.cachePoint({ ttl }))
  }
  const anthropic = (options as { readonly anthropic?: { readonly cacheControl?: unknown } } | undefined)?.anthropic
  const control = anthropic?.cacheControl as { readonly ttl?: unknown } | null | undefined
  if (control === undefined || control === null) return Result.succeed(undefined)
  return Result.map(ttlOf(control.ttl), (ttl) => Message.cachePoint({ ttl }))
}

/** The cache point after each item: its own, or else (for a message's last item) the message's. */
const pointsAfter = (
  items: ReadonlyArray<{ readonly options: unknown }>,
  messageOptions: unknown
): Result.Result<Array<Message.CachePointPart | undefined>, string> =>
  Result.all(
    items.map((item, index) =>
      Result.flatMap(cachePointOf(item.options), (own) =>
        own === undefined && index === items.length - 1 ? cachePointOf(messageOptions) : Result.succeed(own))
    )
  )

/** `part` and the cache point after it, if there is one. */
const withPoint = (part: Message.Part, point: Message.CachePointPart | undefined): Array<Message.Part> =>
  point === undefined ? [part] : [part, point]

/** Whether any of `options` asks for a cache point. */
const asksFor = (...options: ReadonlyArray<unknown>): boolean =>
  options.some((option) => {
    const point = cachePointOf(option)
    return Result.isFailure(point) || point.success !== undefined
  })

const unsupported = (parameter: string, what: string): Result.Result<never, AiErrors.Unsupported> =>
  Result.fail({
    parameter,
    description: `${parameter} is ${what}, which effect-llm-stream cannot send (an assistant turn carries text, ` +
      "reasoning and tool calls only)"
  })

/** A cache option that cannot be sent as asked. */
const cacheRefused = (parameter: string, reason: string): Result.Result<never, AiErrors.Unsupported> =>
  Result.fail({ parameter, description: `${parameter} asks for ${reason}` })

const describeFile = (part: Prompt.FilePart | Prompt.FilePartEncoded): string =>
  `a file part (${part.mediaType}${part.fileName === undefined ? "" : `, ${part.fileName}`})`

/**
 * A file part's data as a source: bytes and URLs as they are, a URL string as it is, and any other
 * string (effect/ai's base64 form) as a `data:` URL, so that it is never decoded and encoded again.
 */
const sourceOf = (data: Prompt.FilePart["data"], mediaType: string | undefined): Message.Source =>
  typeof data !== "string" || /^(data:|https?:\/\/)/i.test(data) ? data : `data:${mediaType ?? ""};base64,${data}`

/** An effect/ai file part as an image, audio or document part, by its media type (`image/*` is sniffed). */
const fromFilePart = (part: Prompt.FilePart): Message.Part => {
  const mediaType = part.mediaType.includes("*") ? undefined : part.mediaType
  const source = sourceOf(part.data, mediaType)
  if (part.mediaType.startsWith("image/")) return Message.image(source, { mediaType })
  if (part.mediaType.startsWith("audio/") && mediaType !== undefined) return Message.audio(source, { mediaType })
  return Message.file(source, { mediaType: part.mediaType, filename: part.fileName })
}

/**
 * What a tool's `modelOutput` (its `toModelOutput` of a result) sends the model in place of the result: its text alone
 * as text, else its text and file parts.
 */
export const modelOutputContent = (
  modelOutput: ReadonlyArray<Prompt.ToolModelOutputPart>
): string | ReadonlyArray<Message.Part> =>
  modelOutput.every((output) => output.type === "text")
    ? modelOutput.map((output) => (output as Prompt.TextPart).text).join("\n")
    : modelOutput.map((output) => output.type === "text" ? Message.text(output.text) : fromFilePart(output))

/** What a tool result sends the model: its `modelOutput` (text, and file parts) when it has one, else the result as JSON text. */
const toolResultContent = (part: Prompt.ToolResultPart): string | ReadonlyArray<Message.Part> => {
  if (part.modelOutput !== undefined) return modelOutputContent(part.modelOutput)
  // A string result is sent as it is (not as a JSON string literal); anything else as JSON.
  return typeof part.result === "string" ? part.result : JSON.stringify(part.result ?? null)
}

/** A tool's name as the provider knows it (`AnthropicBash` is `bash`). */
type WireName = (name: string) => string

/** The opaque state this library put on a part (its options under this library's key), when it has one. */
const stateOf = (options: unknown): TurnState.Located | undefined => {
  const located = TurnState.fromJson(AiMetadata.read(options))
  return located === "invalid" ? undefined : located
}

/** The whole turn a part of the message carries (`AiMetadata.turnKey`), if one does. */
const carriedOf = (parts: ReadonlyArray<Prompt.AssistantMessagePart>): TurnCarry.Carried | undefined => {
  for (const part of parts) {
    const options = part.options as Readonly<Record<string, unknown>> | undefined
    const carried = TurnCarry.read(options?.[AiMetadata.turnKey])
    if (carried !== undefined && carried !== "invalid") return carried
  }
  return undefined
}

/**
 * An assistant turn's parts as the provider-neutral parts its blocks are written from, in the format of the
 * first part with state: text, the reasoning that has state of that format (reasoning without it cannot be sent
 * back, and is left out) and tool calls, each with its state of that format.
 */
const turnOf = (
  parts: ReadonlyArray<Prompt.AssistantMessagePart>,
  wireName: WireName
): { readonly format: AssistantTurn.Format; readonly parts: ReadonlyArray<AssistantTurn.Part> } | undefined => {
  const states = parts.map((part) => stateOf(part.options))
  const format = states.find((located) => located !== undefined)?.format
  if (format === undefined) return undefined
  const turn: Array<AssistantTurn.Part> = []
  for (const [index, part] of parts.entries()) {
    const located = states[index]
    const state = located?.format === format ? located.state : undefined
    switch (part.type) {
      case "reasoning":
        if (state !== undefined) turn.push({ _tag: "Reasoning", text: part.text, state })
        break
      case "text":
        turn.push({ _tag: "Text", text: part.text, state })
        break
      case "tool-call":
        // A call the provider ran goes back in the turn its message carries, not as a call of the program's.
        if (!part.providerExecuted) {
          turn.push({ _tag: "ToolCall", id: part.id, name: wireName(part.name), input: part.params ?? {}, state })
        }
        break
    }
  }
  return { format, parts: turn }
}

const assistantMessage = (
  message: Prompt.AssistantMessage,
  parameter: string,
  wireName: WireName
): Result.Result<ReadonlyArray<Message.Message>, AiErrors.Unsupported> => {
  if (asksFor(message.options, ...message.content.map((part) => part.options))) {
    return cacheRefused(
      parameter,
      "a cache point on an assistant turn, which effect-llm-stream sends without one; put it on the user or tool message after it"
    )
  }
  const texts: Array<string> = []
  const toolCalls: Array<Tool.ToolCall> = []
  // The whole turn a part carries: the provider's own blocks, those its parts show only a view of included.
  const carried = carriedOf(message.content)
  for (const [index, part] of message.content.entries()) {
    const where = `${parameter}.content[${index}]`
    switch (part.type) {
      case "text":
        texts.push(part.text)
        break
      case "reasoning":
        break
      case "tool-call":
        // A call the provider ran (and its result, below) goes back in the turn carried whole with the message.
        if (part.providerExecuted) {
          if (carried === undefined) return unsupported(where, `a provider-executed tool call (${part.name})`)
          break
        }
        toolCalls.push(
          new Tool.ToolCall({ id: part.id, name: wireName(part.name), arguments: JSON.stringify(part.params ?? {}) })
        )
        break
      case "tool-result":
        if (carried === undefined) return unsupported(where, `a provider-executed tool result (${part.name})`)
        break
      case "file":
        // A file the model made (an image Gemini drew) goes back in the turn carried whole with the message.
        if (carried === undefined) return unsupported(where, describeFile(part))
        break
      case "tool-approval-request":
        // Bookkeeping of effect/ai's approvals: resolved before the model is called, never sent to it.
        break
    }
  }
  const text = texts.join("")
  const turn = turnOf(message.content, wireName)
  if (text === "" && toolCalls.length === 0 && turn === undefined && carried === undefined) return Result.succeed([])
  // A turn with state goes back as its provider's blocks (an API of another format reads its text and calls); a turn
  // carried whole, as it came.
  const content = carried !== undefined
    ? TurnCarry.contentOf(carried, toolCalls)
    : turn === undefined
    ? undefined
    : new Message.ProviderContent({ provider: turn.format, blocks: TurnState.blocksOf(turn.format, turn.parts) })
  return Result.succeed([Message.assistant(text, { toolCalls, content })])
}

type Converted = Result.Result<ReadonlyArray<Message.Message>, AiErrors.Unsupported>

/** A system message, with its cache point when it asks for one. */
const systemMessage = (message: Prompt.SystemMessage, parameter: string): Converted => {
  const point = cachePointOf(message.options)
  if (Result.isFailure(point)) return cacheRefused(parameter, point.failure)
  return Result.succeed([
    Message.system(point.success === undefined ? message.content : [Message.text(message.content), point.success])
  ])
}

/** A user message: text alone as a message per text part (as before parts existed), else as parts. */
const userMessages = (message: Prompt.UserMessage, parameter: string): Converted => {
  const cached = asksFor(message.options, ...message.content.map((part) => part.options))
  if (!cached && message.content.every((part) => part.type === "text")) {
    return Result.succeed(message.content.map((part) => Message.user((part as Prompt.TextPart).text)))
  }
  const points = pointsAfter(message.content, message.options)
  if (Result.isFailure(points)) return cacheRefused(parameter, points.failure)
  const parts = message.content.map((part) => part.type === "text" ? Message.text(part.text) : fromFilePart(part))
  return Result.succeed([Message.user(parts.flatMap((part, index) => withPoint(part, points.success[index])))])
}

/** A tool message's results, each with its cache point (approval responses are resolved by effect/ai before). */
const toolResults = (message: Prompt.ToolMessage, parameter: string, wireName: WireName): Converted => {
  const results = message.content.filter((part): part is Prompt.ToolResultPart => part.type === "tool-result")
  const points = pointsAfter(results, message.options)
  if (Result.isFailure(points)) return cacheRefused(parameter, points.failure)
  return Result.succeed(results.map((part, index) => {
    const content = toolResultContent(part)
    const point = points.success[index]
    return Message.toolResult({
      toolCallId: part.id,
      name: wireName(part.name),
      content: point === undefined
        ? content
        : [...(typeof content === "string" ? [Message.text(content)] : content), point],
      isError: part.isFailure
    })
  }))
}

/** The messages of one prompt message. */
const messagesOf = (message: Prompt.Message, parameter: string, wireName: WireName): Converted => {
  switch (message.role) {
    case "system":
      return systemMessage(message, parameter)
    case "user":
      return userMessages(message, parameter)
    case "assistant":
      return assistantMessage(message, parameter, wireName)
    case "tool":
      return toolResults(message, parameter, wireName)
  }
}

/** The messages of a prompt (tools named as the provider knows them: `wireName`), or the first part that cannot be sent. */
export const fromPrompt = (prompt: Prompt.Prompt, wireName: WireName = (name) => name): Converted => {
  const messages: Array<Message.Message> = []
  for (const [messageIndex, message] of prompt.content.entries()) {
    const converted = messagesOf(message, `prompt.content[${messageIndex}]`, wireName)
    if (Result.isFailure(converted)) return converted
    messages.push(...converted.success)
  }
  return Result.succeed(messages)
}
