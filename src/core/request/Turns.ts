/**
 * The conversation shape Anthropic, Bedrock and Gemini share: the system prompt apart, then user and assistant turns.
 *
 * @internal
 */
import * as Arr from "effect/Array"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import type * as Message from "../Message.js"
import * as CanonicalJson from "../payload/CanonicalJson.js"
import type * as Tool from "../Tool.js"
import * as CachePoints from "./CachePoints.js"
import * as CallRequest from "./CallRequest.js"
import * as Conversation from "./Conversation.js"
import * as MessageParts from "./MessageParts.js"

/** A turn: a role and its content blocks (`system`: a system message kept where the conversation has it). */
export interface Turn<Block> {
  readonly role: "user" | "assistant" | "system"
  readonly content: Array<Block>
}

/** How a provider writes each kind of content block. */
export interface Blocks<Block> {
  readonly text: (text: string) => Block
  /** A content part of a user message at `at` (`messages[2].parts[0]`), or why it cannot be sent. */
  readonly part: (at: string, part: MessageParts.ContentPart) => Result.Result<Block, CallRequest.Unsupported>
  /** How a cache point in a user message is marked on the blocks before it. */
  readonly mark: MessageParts.Marker<Block>
  readonly toolCall: (call: Tool.ToolCall, input: unknown) => Block
  /** A tool result's blocks (its parts at `${at}.parts[n]`), or why it cannot be sent. */
  readonly toolResult: (
    message: Message.ToolResultMessage,
    at: string
  ) => Result.Result<ReadonlyArray<Block>, CallRequest.Unsupported>
  /**
   * The API's table of rules: this shape applies `noBlankText`, `noBlankOwnText`, `startsWithUser`,
   * `noTrailingWhitespace`, `endsWithUser` and `noFinalReasoning`.
   */
  readonly rules: Conversation.Rules
  /** The text of a block that is a text block (`noTrailingWhitespace` cuts it), `undefined` for another. */
  readonly textOf?: ((block: Block) => string | undefined) | undefined
  /** Whether a block of the API's own turns is reasoning (`noFinalReasoning` leaves out those that end a turn). */
  readonly reasoning?: ((block: Block) => boolean) | undefined
  /**
   * Where the model takes no prefill (`endsWithUser`): its name, and whether a final assistant turn holding a block
   * is one the API continues all the same (a turn paused in its server tools, sent back with their blocks).
   */
  readonly noPrefill?: { readonly model: string; readonly continues: (block: Block) => boolean } | undefined
}

/** The user's turn before a conversation the assistant began (`startsWithUser`). */
export const leadingUserText = "(The conversation so far.)"

/** A system prompt's parts and where they are (`system`, `messages[0]`). */
export interface SystemSource {
  readonly at: string
  readonly parts: ReadonlyArray<Message.SystemPart>
}

/**
 * The arguments of a tool call as the JSON object the APIs take ("tool_use.input: Input should be a valid
 * dictionary", Anthropic's 400): empty, not JSON or `null` are `{}`; another value is the object's `input`.
 */
const argumentsValue = (text: string): unknown => {
  const value = CanonicalJson.argumentsValue(text)
  if (value === null || value === text) return {}
  return typeof value === "object" && !Array.isArray(value) ? value : { input: value }
}

/** The request's own system prompt as a source (before the system messages), if it has one. */
export const requestSystem = (system: CallRequest.Request["system"]): ReadonlyArray<SystemSource> => {
  const parts = CachePoints.systemParts(system)
  return parts === undefined ? [] : [{ at: "system", parts }]
}

/** Whether a system prompt has a cache point. */
export const systemMarked = (sources: ReadonlyArray<SystemSource>): boolean =>
  sources.some((source) => source.parts.some((part) => part._tag === "CachePointPart"))

const noneInPlace: ReadonlySet<number> = new Set()

/** The system messages that may stay in place (Anthropic's): after a user turn, before an assistant one or nothing. */
export const systemInPlace = (messages: ReadonlyArray<Message.Message>): ReadonlySet<number> => {
  const kept = new Set<number>()
  const first = messages.findIndex((message) => message._tag !== "SystemMessage")
  if (first === -1) return kept
  for (let start = first; start < messages.length; start++) {
    if (messages[start]!._tag !== "SystemMessage") continue
    let end = start
    while (end + 1 < messages.length && messages[end + 1]!._tag === "SystemMessage") end++
    const before = messages[start - 1]!._tag
    const after = messages[end + 1]?._tag
    if (
      (before === "UserMessage" || before === "ToolResultMessage") &&
      (after === undefined || after === "AssistantMessage")
    ) {
      for (let index = start; index <= end; index++) kept.add(index)
    }
    start = end
  }
  return kept
}

/**
 * A user message's blocks; where the API refuses an empty text (`noBlankText`), one beside a file is left out, and a
 * message with no text or file is refused, named (`messages[0]`) and told as empty (`latest`: the conversation's last
 * user message), before it is sent.
 */
const userBlocks = <Block>(
  message: Message.UserMessage,
  at: string,
  latest: boolean,
  blocks: Blocks<Block>
): Result.Result<ReadonlyArray<Block>, CallRequest.Unsupported> => {
  const parts = message.parts
  const rules = blocks.rules
  const nothing = () =>
    Result.fail({
      message: `${at}: a user message with no text or file, which this API refuses (its text is empty` +
        `${rules.noBlankText?.whitespace === true ? " or only whitespace" : ""}); give it text or leave it out`,
      emptyMessage: { latest }
    })
  if (parts === undefined) {
    return Conversation.refusedText(rules, message.text) ? nothing() : Result.succeed([blocks.text(message.text)])
  }
  const leftOut = (index: number) => Conversation.isLeftOut(rules, parts, index)
  const sent = parts.filter((part, index) => part._tag !== "CachePointPart" && !leftOut(index))
  if (sent.length === 0 && parts.some((_, index) => leftOut(index))) return nothing()
  return MessageParts.encodeUserParts(parts, at, blocks.part, blocks.mark, leftOut)
}

/**
 * A turn's own blocks without its blank text blocks (`noBlankOwnText`) and the reasoning that ends it
 * (`noFinalReasoning`: nothing but reasoning after it), where the API's table has the rows; as they came otherwise.
 */
const ownBlocks = <Block>(own: ReadonlyArray<Block>, blocks: Blocks<Block>): ReadonlyArray<Block> => {
  const textOf = blocks.textOf
  const kept = textOf === undefined || !Conversation.has(blocks.rules, "noBlankOwnText") ? own : own.filter((block) => {
    const text = textOf(block)
    return text === undefined || !Conversation.isBlank(text)
  })
  return blocks.reasoning === undefined || !Conversation.has(blocks.rules, "noFinalReasoning")
    ? kept
    : Conversation.withoutFinalReasoning(kept, blocks.reasoning)
}

/** An assistant message's blocks: a turn this provider sent as it came (its thinking intact), else text and calls. */
const assistantBlocks = <Block>(
  message: Message.AssistantMessage,
  provider: Message.ProviderContent["provider"],
  blocks: Blocks<Block>
): ReadonlyArray<Block> => {
  if (message.content !== undefined && message.content.provider === provider) {
    return ownBlocks(message.content.blocks as ReadonlyArray<Block>, blocks)
  }
  const blank = Conversation.has(blocks.rules, "noBlankText") && Conversation.isBlank(message.text)
  return [
    ...(blank ? [] : [blocks.text(message.text)]),
    ...message.toolCalls.map((call) => blocks.toolCall(call, argumentsValue(call.arguments)))
  ]
}

/** Splits the system messages off (but those `inPlace`) and groups the rest into turns of one role each. */
export const fromMessages = <Block>(
  messages: ReadonlyArray<Message.Message>,
  provider: Message.ProviderContent["provider"],
  blocks: Blocks<Block>,
  inPlace: ReadonlySet<number> = noneInPlace
): Result.Result<
  { readonly system: Array<SystemSource>; readonly turns: Array<Turn<Block>> },
  CallRequest.Unsupported
> => {
  const system: Array<SystemSource> = []
  const turns: Array<Turn<Block>> = []
  const add = (role: Turn<Block>["role"], block: Block) => {
    const last = turns[turns.length - 1]
    if (last !== undefined && last.role === role) last.content.push(block)
    else turns.push({ role, content: [block] })
  }
  const lastUser = Option.getOrElse(Arr.findLastIndex(messages, (message) => message._tag === "UserMessage"), () => -1)
  for (const [index, message] of messages.entries()) {
    const at = `messages[${index}]`
    switch (message._tag) {
      case "SystemMessage": {
        const parts = message.parts ?? [{ _tag: "TextPart", text: message.text } as Message.TextPart]
        if (!inPlace.has(index)) {
          system.push({ at, parts })
          break
        }
        const content = MessageParts.encodeSystem(parts, at, blocks.text, blocks.mark)
        if (Result.isFailure(content)) return CallRequest.inMessage(content.failure, at)
        for (const block of content.success) add("system", block)
        break
      }
      case "UserMessage": {
        const content = userBlocks(message, at, index === lastUser, blocks)
        if (Result.isFailure(content)) return CallRequest.inMessage(content.failure, at)
        for (const block of content.success) add("user", block)
        break
      }
      case "AssistantMessage":
        for (const block of assistantBlocks(message, provider, blocks)) add("assistant", block)
        break
      case "ToolResultMessage": {
        const result = blocks.toolResult(message, at)
        if (Result.isFailure(result)) return CallRequest.inMessage(result.failure, at)
        for (const block of result.success) add("user", block)
        break
      }
    }
  }
  if (Conversation.has(blocks.rules, "startsWithUser") && turns[0]?.role === "assistant") {
    turns.unshift({ role: "user", content: [blocks.text(leadingUserText)] })
  }
  if (blocks.textOf !== undefined && Conversation.has(blocks.rules, "noTrailingWhitespace")) {
    trimFinal(turns, blocks.textOf)
  }
  const prefill = prefilled(turns, blocks)
  return prefill === undefined
    ? Result.succeed({ system, turns })
    : Result.fail({ message: prefill, prefill: true, parameter: "messages" })
}

/**
 * Why the conversation cannot go to a model that takes no prefill (`endsWithUser`), or `undefined`: it ends with an
 * assistant turn, and not with one the API continues (a turn paused in its server tools).
 */
const prefilled = <Block>(turns: ReadonlyArray<Turn<Block>>, blocks: Blocks<Block>): string | undefined => {
  const last = turns[turns.length - 1]
  const noPrefill = blocks.noPrefill
  if (noPrefill === undefined || !Conversation.has(blocks.rules, "endsWithUser") || last?.role !== "assistant") {
    return undefined
  }
  if (last.content.some(noPrefill.continues)) return undefined
  return `${noPrefill.model} takes no prefill, and the conversation ends with an assistant message: end it with ` +
    "a user message or tool results (ask for the answer's form in the system prompt, or with `output`)"
}

/** Cuts the trailing whitespace of a conversation's final assistant content (`noTrailingWhitespace`). */
const trimFinal = <Block>(turns: Array<Turn<Block>>, textOf: (block: Block) => string | undefined): void => {
  const last = turns[turns.length - 1]
  if (last?.role !== "assistant") return
  while (last.content.length > 0) {
    const block = last.content[last.content.length - 1]!
    const text = textOf(block)
    if (text === undefined || text.trimEnd() === text) return
    if (text.trimEnd() !== "") {
      last.content[last.content.length - 1] = { ...block, text: text.trimEnd() }
      return
    }
    last.content.pop()
  }
  turns.pop()
}
