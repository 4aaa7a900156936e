/**
 * A turn carried whole: the provider's blocks of a response, kept as they came where the parts a view shows (text,
 * reasoning with its state, the model's tool calls) would not write them again: a provider's own tool call and its
 * result (Anthropic's `server_tool_use` and `web_search_tool_result`, the Responses API's `web_search_call`,
 * Gemini's `executableCode` and `codeExecutionResult`), a Responses message's `phase`, and, where the API checks a
 * turn sent back field by field (Anthropic's prefix check on thinking blocks), a text's citations or a call's
 * `caller`. Sent back without them, the next request is not the conversation the provider answered: the model no
 * longer sees its search results, and Anthropic's models with preserved thinking refuse every thinking block after
 * the change (a 400, "The block is bound to a different conversation"; platform.claude.com, "Prefix checks on
 * thinking blocks": "a serializer that drops unknown block types, drops empty fields, or reorders blocks edits the
 * prefix").
 *
 * A turn whose calls do not all go back (a call waiting for the user's approval when the user asked something else
 * instead, a client's call nothing answers) goes on as one that did not end (`UnendedTurn.keep`): without that call,
 * without a provider's own call whose result is not in the turn (the API would run it: platform.claude.com, "Server
 * tools"), and without reasoning that only led to the calls (the Responses API refuses a reasoning item sent without
 * the item after it).
 *
 * The views carry it their own way: the UI message stream in the message's metadata, signed (`UITurnCarry`), the
 * `effect/ai` adapter on the turn's last part.
 *
 * @internal
 */
import * as UnendedTurn from "../core/call/UnendedTurn.js"
import type * as Accumulator from "../core/fold/Accumulator.js"
import * as ContentBlocks from "../core/fold/ContentBlocks.js"
import * as Message from "../core/Message.js"
import * as CanonicalJson from "../core/payload/CanonicalJson.js"
import * as Payload from "../core/payload/Payload.js"
import type * as AssistantTurn from "../core/provider/AssistantTurn.js"
import * as Conversation from "../core/request/Conversation.js"
import type * as Tool from "../core/Tool.js"
import * as TurnFormats from "./TurnFormats.js"
import * as TurnState from "./TurnState.js"

/** What a turn is read from: a fold (`Accumulator`), or the response made of one (`CallResponse`). */
export type Folded = ContentBlocks.Source & Pick<Accumulator.Fields, "blockRecords" | "container">

/** A turn as its provider sent it. */
export interface Carried {
  readonly format: AssistantTurn.Format
  readonly blocks: ReadonlyArray<unknown>
  /** The container the turn's code ran in (`ProviderContent.container`), when it said. */
  readonly container?: string
}

/** Whether two blocks are the same JSON, their empty fields (`null`, `[]`) aside: no provider reads those as values. */
const sameJson = (a: unknown, b: unknown): boolean =>
  CanonicalJson.canonicalJsonWithoutEmpty(a) === CanonicalJson.canonicalJsonWithoutEmpty(b)

/**
 * Whether the parts a view shows write `block` again: it is a text, a reasoning or a tool call, and (where the API
 * checks a turn field by field) writing that part gives the block back, its empty fields aside. Reasoning without
 * state and empty text are parts a view does not send back, as the provider does not need them.
 */
const partRebuilds = (format: AssistantTurn.Format, block: unknown): boolean => {
  const part = TurnState.partOf(format, block)
  if (part === undefined || TurnState.keepsWhole(format, block)) return false
  if (!TurnState.isExact(format)) return true
  if (part._tag === "Reasoning" && part.state === undefined) return true
  if (part._tag === "Text" && part.text === "" && part.state === undefined) return true
  return sameJson(TurnState.blockOf(format, part), block)
}

/** Whether `block` is reasoning with the provider's state (a signature, reasoning returned encrypted, an item's id). */
const holdsReasoning = (format: AssistantTurn.Format, block: unknown): boolean => {
  const part = TurnState.partOf(format, block)
  return part?._tag === "Reasoning" && part.state !== undefined
}

/**
 * A response's turn (its fold), when its parts would not write it again; `undefined` when they do (or it has no
 * blocks). `withoutReasoning`: the view shows no reasoning, so a turn with reasoning that holds state is one too.
 */
export const ofFold = (fold: Folded, withoutReasoning = false): Carried | undefined => {
  const format = fold.blockRecords[0]?.format
  if (format === undefined) return undefined
  const blocks = ContentBlocks.sendable(ContentBlocks.build(fold.blockRecords, ContentBlocks.textsOf(fold)))
  const whole = blocks.every((block) =>
    partRebuilds(format, block) && !(withoutReasoning && holdsReasoning(format, block))
  )
  if (whole) return undefined
  return fold.container === undefined ? { format, blocks } : { format, blocks, container: fold.container }
}

/** A turn's provider content as a carried turn: its format, its blocks and the container its code ran in. */
export const ofContent = (content: Message.ProviderContent): Carried =>
  content.container === undefined
    ? { format: content.provider, blocks: content.blocks }
    : { format: content.provider, blocks: content.blocks, container: content.container }

/** A carried turn read back from a value: `undefined` when there is none, `"invalid"` when it is not a turn. */
export const read = (value: unknown): Carried | undefined | "invalid" => {
  if (value === undefined) return undefined
  if (typeof value !== "object" || value === null) return "invalid"
  const { blocks, container, format } = value as Readonly<Record<string, unknown>>
  if (!TurnState.isFormat(format) || !Array.isArray(blocks)) return "invalid"
  if (container === undefined) return { format, blocks }
  return typeof container === "string" ? { format, blocks, container } : "invalid"
}

/**
 * The call blocks of a carried turn that go back: those whose call is one of `sent`, by its id, or, for a block
 * without an id of its own (Gemini's calls: their ids are the library's, never sent back), by its name and input, each
 * sent call matched once, in order.
 */
const sentBlocks = (carried: Carried, sent: ReadonlyArray<Tool.ToolCall>): ReadonlySet<unknown> => {
  const ids = new Set(sent.map((call) => call.id))
  const keyOf = (name: string, input: unknown) => `${name} ${CanonicalJson.canonicalJson(input)}`
  // Read only for a block without an id (most turns have none).
  let unmatched: Array<string> | undefined
  const goes = new Set<unknown>()
  for (const block of carried.blocks) {
    const part = TurnState.partOf(carried.format, block)
    if (part?._tag !== "ToolCall") continue
    if (part.id !== "") {
      if (ids.has(part.id)) goes.add(block)
      continue
    }
    unmatched ??= sent.map((call) => keyOf(call.name, Payload.parseJson(call.arguments)))
    const at = unmatched.indexOf(keyOf(part.name, part.input))
    if (at === -1) continue
    unmatched[at] = ""
    goes.add(block)
  }
  return goes
}

/**
 * The turn's blocks with the program's calls whose blocks `sends` says go back and none other, and what only the
 * others needed (see the module); `leftOut`: a call of the turn is already left out of `blocks`.
 */
export const answeredBlocks = (
  format: AssistantTurn.Format,
  blocks: ReadonlyArray<unknown>,
  sends: (block: unknown) => boolean,
  leftOut = false
): ReadonlyArray<unknown> => {
  const turn = TurnFormats.turnFormats[format]
  const read = blocks.map((block) => ({ block, part: turn.read(block), pair: turn.pairing?.(block) }))
  const unsent = read.some(({ block, part }) => part?._tag === "ToolCall" && !sends(block))
  if (!unsent && !leftOut) return blocks
  const answered = new Set(read.flatMap(({ pair }) => pair !== undefined && "resultOf" in pair ? [pair.resultOf] : []))
  return UnendedTurn.keep(read.map(({ block, pair, part }) => ({
    block,
    kind: part?._tag,
    leaves: part?._tag === "ToolCall"
      ? !sends(block)
      : pair !== undefined && "callId" in pair && !answered.has(pair.callId)
  })))
}

/** The carried turn as the provider's blocks of an assistant message, without the calls not sent (`sent`). */
export const contentOf = (carried: Carried, sent: ReadonlyArray<Tool.ToolCall>): Message.ProviderContent => {
  const goes = sentBlocks(carried, sent)
  return new Message.ProviderContent({
    provider: carried.format,
    blocks: answeredBlocks(carried.format, carried.blocks, (block) => goes.has(block)),
    ...(carried.container === undefined ? {} : { container: carried.container })
  })
}

/**
 * The conversation without the calls nothing answers that leave it (`Conversation.unansweredLeaving`, the one policy:
 * `answered` the calls the input approves, by id, `clientFrom` where the client's own history starts), nor those
 * `also` names (a client's cancelled interrupts, by `Conversation.keyOf`), each taken out of its turn as
 * `withoutCalls` takes it; a turn at the end left with none of its calls goes whole (`Conversation.abandonedFrom`):
 * the model is asked the same again.
 */
export const withoutUnanswered = <M extends ReadonlyArray<Message.Message>>(
  messages: M,
  answered: ReadonlySet<string>,
  clientFrom: number,
  also: Iterable<string> = []
): M | Array<Message.Message> => {
  const leaving = new Set([...also, ...Conversation.unansweredLeaving(messages, answered, clientFrom)])
  if (leaving.size === 0) return messages
  return withoutCalls(messages.slice(0, Conversation.abandonedFrom(messages, leaving)), leaving)
}

/**
 * The conversation with the calls `leaving` names (by `Conversation.keyOf`) taken out of their turns, with what only
 * they needed (the provider's blocks of the turn go on, its state kept, without them); a turn left empty goes.
 */
export const withoutCalls = (
  messages: ReadonlyArray<Message.Message>,
  leaving: ReadonlySet<string>
): Array<Message.Message> =>
  messages.flatMap((message, turn): Array<Message.Message> => {
    const leaves = (call: Tool.ToolCall) => leaving.has(Conversation.keyOf(turn, call.id))
    if (message._tag !== "AssistantMessage" || !message.toolCalls.some(leaves)) return [message]
    const toolCalls = message.toolCalls.filter((call) => !leaves(call))
    const content = message.content === undefined ? undefined : contentOf(ofContent(message.content), toolCalls)
    if (message.text === "" && toolCalls.length === 0 && (content?.blocks.length ?? 0) === 0) return []
    return [Message.assistant(message.text, { toolCalls, content: content?.blocks.length === 0 ? undefined : content })]
  })

/**
 * The provider's blocks of a turn with the block of `call` (by its id, or by its name and input for a block without
 * an id: Gemini's) written with `edited`'s input, as its API's `editedCalls` row says (its signature replaced where
 * the row names one, on a call that came signed); `undefined` where the API has no such row: the turn then goes on
 * as another provider's (its text and calls).
 */
const editedContent = (
  content: Message.ProviderContent,
  call: Tool.ToolCall,
  edited: Tool.ToolCall,
  rules: Conversation.Rules | undefined
): Message.ProviderContent | undefined => {
  const turn = TurnFormats.turnFormats[content.provider]
  const rule = rules === undefined ? turn.editedCalls : rules.editedCalls
  if (rule === undefined) return undefined
  const input = CanonicalJson.argumentsValue(call.arguments)
  let found = false
  const blocks = content.blocks.map((block) => {
    const part = found ? undefined : turn.read(block)
    if (part?._tag !== "ToolCall") return block
    const same = part.id !== ""
      ? part.id === call.id
      : part.name === call.name && CanonicalJson.canonicalJson(part.input) === CanonicalJson.canonicalJson(input)
    if (!same) return block
    found = true
    // Only a call that came signed is signed again (Gemini signs the first call of a turn, not the parallel ones).
    const resigned = rule.signature !== undefined && part.state?.signature !== undefined
    const state = resigned ? { ...part.state, signature: rule.signature } : part.state
    const written = turn.write({ ...part, input: CanonicalJson.argumentsValue(edited.arguments), state })
    // What the part does not write stays as it came (a Responses call's `namespace`, a Claude call's `caller`).
    return Payload.isRecord(block) && Payload.isRecord(written) ? { ...block, ...written } : written
  })
  // A call not among the blocks (OpenRouter's turns keep only reasoning there) goes in the turn's calls alone.
  return found ? new Message.ProviderContent({ ...content, blocks }) : content
}

/**
 * The turn with `edited` in place of its call of the same id (a call a person edited before it ran): the next
 * request shows the call as it ran, in its calls and in its provider's blocks (`editedContent`, as `rules` says: by
 * default the row the turn's blocks carry, the same as in the table of the API they go back to).
 */
export const withEditedCall = (
  turn: Message.AssistantMessage,
  edited: Tool.ToolCall,
  rules?: Conversation.Rules
): Message.AssistantMessage => {
  const call = turn.toolCalls.find((candidate) => candidate.id === edited.id)
  if (call === undefined || call.arguments === edited.arguments) return turn
  const toolCalls = turn.toolCalls.map((candidate) => candidate === call ? edited : candidate)
  const content = turn.content === undefined
    ? undefined
    : editedContent(turn.content, call, edited, rules)
  return new Message.AssistantMessage({ text: turn.text, toolCalls, ...(content === undefined ? {} : { content }) })
}
