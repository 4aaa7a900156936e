/**
 * `effect/ai` `Prompt` → this library's `Message`s. System, user content (text, and file parts as image,
 * audio or document parts by their media type), assistant turns (text, reasoning, tool calls) and tool
 * results (with file parts in their `modelOutput`) are sent; what `Message` cannot carry (files in an
 * assistant turn, provider-executed tool results) is refused with a message naming the part, never
 * dropped silently. Whether a provider takes a part is decided by its request encoding.
 *
 * An assistant turn with signed (or redacted) reasoning from a provider that takes turns back as its own
 * content blocks (Anthropic, Bedrock, Gemini: `ProviderTable.turnBlocks`) is sent as those blocks
 * (`Message.ProviderContent`), which the provider's folder writes from the turn's neutral parts, as both APIs
 * require for extended thinking with tools; reasoning without a signature cannot be sent back to them and
 * is left out. So is a turn whose text or tool calls that provider signed (Gemini's `thoughtSignature`,
 * which Gemini 3 requires back on its function calls), each signature on its part.
 *
 * @internal
 */
import type * as Prompt from "effect/ai/Prompt"
import * as Result from "effect/Result"
import * as AssistantTurn from "../internal/providers/AssistantTurn.js"
import * as ProviderTable from "../internal/providers/ProviderTable.js"
import * as Message from "../Message.js"
import type * as Provider from "../Provider.js"
import * as Tool from "../Tool.js"
import * as AiCachePoints from "./AiCachePoints.js"
import type * as AiErrors from "./AiErrors.js"
import * as AiMetadata from "./AiMetadata.js"

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

/** The arguments of a tool call as the JSON text `Message` carries. */
const argumentsText = (params: unknown): string => JSON.stringify(params ?? {})

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

/** What a tool result sends the model: its `modelOutput` (text, and file parts) when it has one, else the result as JSON text. */
const toolResultContent = (part: Prompt.ToolResultPart): string | ReadonlyArray<Message.Part> => {
  if (part.modelOutput !== undefined) {
    if (part.modelOutput.every((output) => output.type === "text")) {
      return part.modelOutput.map((output) => (output as Prompt.TextPart).text).join("\n")
    }
    return part.modelOutput.map((output) => output.type === "text" ? Message.text(output.text) : fromFilePart(output))
  }
  // A string result is sent as it is (not as a JSON string literal); anything else as JSON.
  return typeof part.result === "string" ? part.result : JSON.stringify(part.result ?? null)
}

/** This library's entry of a part's options, when `provider` wrote it. */
const entryFrom = (options: unknown, provider: Provider.Provider): Readonly<Record<string, unknown>> | undefined => {
  const entry = AiMetadata.read(options)
  return entry === undefined || entry["provider"] !== provider ? undefined : entry
}

/** The signature `provider` put on a part (a reasoning part's, or Gemini's on text and tool calls), when it did. */
const partSignature = (options: unknown, provider: Provider.Provider): string | undefined => {
  const signature = entryFrom(options, provider)?.["signature"]
  return typeof signature === "string" && signature !== "" ? signature : undefined
}

/** The signature or redacted data of a reasoning part, when it came from `provider`. */
const signedReasoning = (
  part: Prompt.ReasoningPart,
  provider: Provider.Provider
): { readonly signature: string | undefined; readonly redactedData: string | undefined } | undefined => {
  const signature = partSignature(part.options, provider)
  const redacted = entryFrom(part.options, provider)?.["redactedData"]
  const redactedData = typeof redacted === "string" ? redacted : undefined
  return signature === undefined && redactedData === undefined ? undefined : { signature, redactedData }
}

/**
 * An assistant turn's parts as the provider-neutral parts its blocks are written from: text, the reasoning
 * `provider` signed (reasoning without its signature cannot be sent back, and is left out) and tool calls.
 */
const turnParts = (
  parts: ReadonlyArray<Prompt.AssistantMessagePart>,
  provider: Provider.Provider
): ReadonlyArray<AssistantTurn.Part> => {
  const turn: Array<AssistantTurn.Part> = []
  for (const part of parts) {
    switch (part.type) {
      case "reasoning": {
        const signed = signedReasoning(part, provider)
        if (signed !== undefined) turn.push({ _tag: "Reasoning", text: part.text, ...signed })
        break
      }
      case "text":
        turn.push({ _tag: "Text", text: part.text, signature: partSignature(part.options, provider) })
        break
      case "tool-call":
        turn.push({
          _tag: "ToolCall",
          id: part.id,
          name: part.name,
          input: part.params ?? {},
          signature: partSignature(part.options, provider)
        })
        break
    }
  }
  return turn
}

const assistantMessage = (
  message: Prompt.AssistantMessage,
  parameter: string,
  provider: Provider.Provider
): Result.Result<ReadonlyArray<Message.Message>, AiErrors.Unsupported> => {
  if (AiCachePoints.asksFor(message.options, ...message.content.map((part) => part.options))) {
    return cacheRefused(
      parameter,
      "a cache point on an assistant turn, which effect-llm-stream sends without one; put it on the user or tool message after it"
    )
  }
  const texts: Array<string> = []
  const toolCalls: Array<Tool.ToolCall> = []
  let signed = false
  for (const [index, part] of message.content.entries()) {
    const where = `${parameter}.content[${index}]`
    switch (part.type) {
      case "text":
        texts.push(part.text)
        signed ||= partSignature(part.options, provider) !== undefined
        break
      case "reasoning":
        signed ||= signedReasoning(part, provider) !== undefined
        break
      case "tool-call":
        if (part.providerExecuted) return unsupported(where, `a provider-executed tool call (${part.name})`)
        toolCalls.push(new Tool.ToolCall({ id: part.id, name: part.name, arguments: argumentsText(part.params) }))
        signed ||= partSignature(part.options, provider) !== undefined
        break
      case "tool-result":
        return unsupported(where, `a provider-executed tool result (${part.name})`)
      case "file":
        return unsupported(where, describeFile(part))
      case "tool-approval-request":
        // Bookkeeping of effect/ai's approvals: resolved before the model is called, never sent to it.
        break
    }
  }
  const text = texts.join("")
  if (text === "" && toolCalls.length === 0 && !signed) return Result.succeed([])
  // A provider that takes a turn back as its own blocks is sent them when the turn has signed parts.
  const writer = ProviderTable.turnBlocks[provider]
  const content = signed && writer !== undefined
    ? new Message.ProviderContent({
      provider: writer.format,
      blocks: AssistantTurn.blocks(writer, turnParts(message.content, provider))
    })
    : undefined
  return Result.succeed([Message.assistant(text, { toolCalls, content })])
}

/** The messages of a prompt, or the first part that cannot be sent. */
export const fromPrompt = (
  prompt: Prompt.Prompt,
  provider: Provider.Provider
): Result.Result<ReadonlyArray<Message.Message>, AiErrors.Unsupported> => {
  const messages: Array<Message.Message> = []
  for (const [messageIndex, message] of prompt.content.entries()) {
    const parameter = `prompt.content[${messageIndex}]`
    switch (message.role) {
      case "system": {
        const point = AiCachePoints.cachePointOf(message.options)
        if (Result.isFailure(point)) return cacheRefused(parameter, point.failure)
        messages.push(
          Message.system(point.success === undefined ? message.content : [Message.text(message.content), point.success])
        )
        break
      }
      case "user": {
        // Text alone is sent as before parts existed (a message per text part); with files or cache points, as parts.
        const cached = AiCachePoints.asksFor(message.options, ...message.content.map((part) => part.options))
        if (!cached && message.content.every((part) => part.type === "text")) {
          for (const part of message.content) messages.push(Message.user((part as Prompt.TextPart).text))
          break
        }
        const parts = AiCachePoints.withCachePoints(
          message.content,
          (part) => part.type === "text" ? Message.text(part.text) : fromFilePart(part),
          (part) => part.options,
          message.options
        )
        if (Result.isFailure(parts)) return cacheRefused(parameter, parts.failure)
        messages.push(Message.user(parts.success))
        break
      }
      case "assistant": {
        const assistant = assistantMessage(message, parameter, provider)
        if (Result.isFailure(assistant)) return Result.fail(assistant.failure)
        messages.push(...assistant.success)
        break
      }
      case "tool": {
        // Approval responses are resolved by effect/ai before the call; only results go to the model.
        const results = message.content.filter((part): part is Prompt.ToolResultPart => part.type === "tool-result")
        for (const [index, part] of results.entries()) {
          const content = toolResultContent(part)
          // A cache point after a result: its own, or the message's after the last result.
          const point = AiCachePoints.pointAfter(
            part.options,
            index === results.length - 1 ? message.options : undefined
          )
          if (Result.isFailure(point)) return cacheRefused(parameter, point.failure)
          messages.push(Message.toolResult({
            toolCallId: part.id,
            name: part.name,
            content: point.success === undefined
              ? content
              : [...(typeof content === "string" ? [Message.text(content)] : content), point.success],
            isError: part.isFailure
          }))
        }
        break
      }
    }
  }
  return Result.succeed(messages)
}
