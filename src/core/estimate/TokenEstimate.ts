/**
 * Token estimates of a request's input and of the output that arrived, counted with the family's tokenizer and
 * framing (`TokenFamily`). `OutputCounter` counts a stream's output as it grows: what a budget watches.
 *
 * Parts with no text count by their kind: an image at the family's large-image size (OpenAI: 765 tokens for
 * 1024×1024 in high detail; Claude: 1,600; Gemini: 258 per tile), a document at 1,500 tokens per 50 KB (one page at
 * least), audio at one token per 400 bytes.
 *
 * @internal
 */
import type * as Accumulator from "../fold/Accumulator.js"
import type * as Message from "../Message.js"
import * as CallRequest from "../request/CallRequest.js"
import type * as Tool from "../Tool.js"
import type * as TokenFamily from "./TokenFamily.js"
import * as Tokenizer from "./Tokenizer.js"

const bytesOf = (source: Message.Source): number | undefined => source instanceof Uint8Array ? source.length : undefined

const partTokens = (part: Message.Part, family: TokenFamily.Family, count: Tokenizer.Count): number => {
  switch (part._tag) {
    case "TextPart":
      return count(part.text)
    case "ImagePart":
      return family.perImage
    case "FilePart": {
      const bytes = bytesOf(part.source)
      if (bytes !== undefined && part.mediaType.startsWith("text/")) return Math.ceil(bytes / family.charsPerToken)
      return Math.max(1500, Math.ceil(((bytes ?? 0) / 50_000) * 1500))
    }
    case "AudioPart":
      return Math.max(100, Math.ceil((bytesOf(part.source) ?? 40_000) / 400))
    case "CachePointPart":
      return 0
  }
}

const partsTokens = (
  parts: ReadonlyArray<Message.Part>,
  family: TokenFamily.Family,
  count: Tokenizer.Count
): number => parts.reduce((sum, part) => sum + partTokens(part, family, count), 0)

/** The tokens of tool calls: their names and arguments, and the family's framing of each. */
const callsTokens = (
  calls: ReadonlyArray<{ readonly name: string; readonly arguments: string }>,
  family: TokenFamily.Family,
  count: Tokenizer.Count
): number => {
  if (calls.length === 0) return 0
  // Counted as one text (a space between the parts, which starts a token anyway): thousands of calls cost one
  // count, not one each.
  const parts: Array<string> = []
  for (const call of calls) parts.push(call.name, call.arguments)
  return count(parts.join(" ")) + calls.length * family.perCall + (calls.length > 1 ? family.parallelCalls : 0)
}

const messageTokens = (message: Message.Message, family: TokenFamily.Family, count: Tokenizer.Count): number => {
  const framing = family.perMessage + 1
  switch (message._tag) {
    case "SystemMessage":
    case "UserMessage":
      return framing + (message.parts === undefined ? count(message.text) : partsTokens(message.parts, family, count))
    case "AssistantMessage":
      return framing + count(message.text) + callsTokens(message.toolCalls, family, count)
    case "ToolResultMessage":
      return framing +
        (message.parts === undefined ? count(message.content) : partsTokens(message.parts, family, count))
  }
}

type Schema = { readonly [key: string]: unknown }

const asSchema = (value: unknown): Schema | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? value as Schema : undefined

/** A JSON Schema type as OpenAI renders it for the model (TypeScript-like). */
const typeText = (schema: Schema, indent: number): string => {
  if (Array.isArray(schema["enum"])) return schema["enum"].map((value) => JSON.stringify(value)).join(" | ")
  switch (schema["type"]) {
    case "object":
      return ["{", propertiesText(schema, indent + 2), "}"].join("\n")
    case "array": {
      const items = asSchema(schema["items"])
      return items === undefined ? "any[]" : `${typeText(items, indent)}[]`
    }
    case "integer":
      return "number"
    case "string":
    case "number":
    case "boolean":
    case "null":
      return schema["type"]
    default:
      return "any"
  }
}

const propertiesText = (schema: Schema, indent: number): string => {
  const required = Array.isArray(schema["required"]) ? schema["required"] : []
  const lines: Array<string> = []
  for (const [name, value] of Object.entries(asSchema(schema["properties"]) ?? {})) {
    const property = asSchema(value) ?? {}
    if (typeof property["description"] === "string" && indent < 2) lines.push(`// ${property["description"]}`)
    lines.push(`${name}${required.includes(name) ? "" : "?"}: ${typeText(property, indent)},`)
  }
  return lines.map((line) => " ".repeat(indent) + line).join("\n")
}

/**
 * Tools as OpenAI's models read them (the rendering openai-chat-tokens and gpt-tokenizer's `functionCalling`
 * document, checked against the recorded requests): a `namespace functions` of one commented type per tool.
 */
const openAITools = (tools: ReadonlyArray<Tool.Tool>): string => {
  const lines = ["namespace functions {", ""]
  for (const tool of tools) {
    if (tool.description !== undefined && tool.description !== "") lines.push(`// ${tool.description}`)
    const properties = asSchema(tool.jsonSchema["properties"]) ?? {}
    if (Object.keys(properties).length > 0) {
      lines.push(`type ${tool.name} = (_: {`, propertiesText(tool.jsonSchema, 0), "}) => any;")
    } else lines.push(`type ${tool.name} = () => any;`)
    lines.push("")
  }
  lines.push("} // namespace functions")
  return lines.join("\n")
}

/** The tokens the tools of a request add (the tool-use prompt a family puts before them included). */
const toolsTokens = (request: CallRequest.Request, family: TokenFamily.Family, count: Tokenizer.Count): number => {
  const tools = CallRequest.ownTools(request)
  if (tools.length === 0) return 0
  if (family.exact) {
    // OpenAI: 9 tokens around the namespace; with a system prompt, a newline after it and 4 fewer.
    const system = request.system !== undefined || request.messages.some((message) => message._tag === "SystemMessage")
    return count(openAITools(tools)) + family.toolPrompt + (system ? -3 : 0)
  }
  return family.toolPrompt + tools.reduce(
    (sum, tool) =>
      sum + count(tool.name) + count(tool.description ?? "") + count(JSON.stringify(tool.jsonSchema)) +
      family.perMessage,
    0
  )
}

/** The estimated input tokens of a request for a model of `family`, counted with the tokenizer if it is loaded. */
export const inputTokens = (request: CallRequest.Request, family: TokenFamily.Family): number => {
  const count = Tokenizer.counterOf(family)
  let tokens = family.perRequest
  const system = request.system
  if (system !== undefined) {
    tokens += family.perMessage + 1 +
      (typeof system === "string" ? count(system) : partsTokens(system, family, count))
  }
  for (const message of request.messages) tokens += messageTokens(message, family, count)
  tokens += toolsTokens(request, family, count)
  // The provider's own tools, as their JSON (how a provider prompts its own tools is not published).
  for (const tool of request.providerTools ?? []) tokens += count(JSON.stringify(tool)) + family.perMessage
  const output = request.output
  if (output !== undefined) {
    const schema = "jsonSchema" in output ? (output as { readonly jsonSchema: unknown }).jsonSchema : undefined
    if (schema !== undefined) tokens += count(JSON.stringify(schema)) + family.perMessage
  }
  return tokens
}

/** The output of a response that arrived, in tokens of `family`: its text, reasoning, refusal and tool calls. */
export const outputTokens = (fields: Accumulator.Fields, family: TokenFamily.Family): number => {
  const count = Tokenizer.counterOf(family)
  const text = count(fields.content) + count(fields.reasoning) + count(fields.refusal)
  const calls = callsTokens(fields.toolCallRecords.map((record) => record.call), family, count) +
    count(fields.serverToolCallRecords.map(({ call }) => `${call.name} ${call.arguments ?? ""}`).join(" "))
  return text + calls + (text + calls > 0 ? family.perAnswer : 0)
}

/**
 * How much of a growing text's end is counted again each time: once more than twice this is uncounted, all but the
 * last `recount` characters (cut before a space) is counted once.
 */
const recount = 256

/** A text that only grows, past this a run without a space is counted in pieces (rare: a long word, base64). */
const longestRun = 4096

/**
 * A text that only grows, counted as the whole text would be: its start, up to a space about `recount` characters
 * back, is counted once; the rest again each time. A piece cut before a space counts as it does within the whole
 * (the tokenizers split words with their leading space).
 */
class GrowingText {
  #counted = 0
  #tokens = 0

  count(text: string, count: Tokenizer.Count): number {
    if (text.length - this.#counted > 2 * recount) {
      let cut = text.lastIndexOf(" ", text.length - recount)
      if (cut <= this.#counted + recount && text.length - this.#counted > longestRun) cut = text.length - recount
      if (cut > this.#counted + recount) {
        this.#tokens += count(text.slice(this.#counted, cut))
        this.#counted = cut
      }
    }
    return this.#tokens + (text.length > this.#counted ? count(text.slice(this.#counted)) : 0)
  }
}

/**
 * The output of a stream counted as it grows, as the whole of each text would count, not each piece alone (which
 * rounds each one up: up to twice the tokens). Each count re-reads at most a few hundred characters of each text.
 */
export class OutputCounter {
  readonly #content = new GrowingText()
  readonly #reasoning = new GrowingText()
  readonly #refusal = new GrowingText()
  readonly #calls: Array<{ readonly name: number; readonly args: GrowingText }> = []
  readonly #family: TokenFamily.Family

  constructor(family: TokenFamily.Family) {
    this.#family = family
  }

  /** The output tokens of what arrived so far. */
  count(fields: Accumulator.Fields): number {
    const count = Tokenizer.counterOf(this.#family)
    let tokens = this.#content.count(fields.content, count) + this.#reasoning.count(fields.reasoning, count) +
      this.#refusal.count(fields.refusal, count)
    const calls = fields.toolCallRecords
    for (let index = 0; index < calls.length; index++) {
      const call = calls[index]!.call
      const counted = this.#calls[index] ??= { name: count(call.name) + this.#family.perCall, args: new GrowingText() }
      tokens += counted.name + counted.args.count(call.arguments, count)
    }
    return tokens === 0 ? 0 : tokens + this.#family.perAnswer + (calls.length > 1 ? this.#family.parallelCalls : 0)
  }
}
