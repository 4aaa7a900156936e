/**
 * A conversation read as messages, tool calls and their tool results, and what a request may send of it to each API.
 *
 * One invariant holds for every API: **each tool call sent has its tool result right after it** (`paired`). Each
 * result and approval is given the call it answers once (`callsAnswered`), and every reading of it reads that.
 *
 * What else an API refuses is a table of named rules per API (`Rules`): a newly learned rule is a row.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as ErrorReport from "../http/ErrorReport.js"
import * as Message from "../Message.js"
import type * as ProviderError from "../ProviderError.js"
import * as Tool from "../Tool.js"
import * as CallRequest from "./CallRequest.js"
import * as TextHash from "./TextHash.js"

/** The rules an API's table may hold, by name. */
export type Name =
  | "toolResultsAfterCalls"
  | "withheldTurns"
  | "refusedTurns"
  | "refusalsApart"
  | "distinctCallIds"
  | "plainCallIds"
  | "boundedCallIds"
  | "alphanumericCallIds"
  | "assistantAfterResults"
  | "systemAfterUser"
  | "noBlankText"
  | "noBlankOwnText"
  | "resultWithContent"
  | "errorsInText"
  | "toolsForHistory"
  | "startsWithUser"
  | "endsWithUser"
  | "noTrailingWhitespace"
  | "unreadableTurns"
  | "editedCalls"
  | "approvedServiceCalls"
  | "storedCalls"
  | "reasoningWithTurns"
  | "noFinalReasoning"

/** A row of an API's table: what the rule does, the provider's own 400 it avoids, and where the API says so. */
export interface Rule {
  readonly does: string
  readonly refusal: string
  readonly source: string
  /** For a rule applied once the API refused a request (`unreadableTurns`): whether an error is that refusal. */
  readonly refuses?: ((error: ProviderError.ProviderError) => boolean) | undefined
  /** For a rule with a bound (`boundedCallIds`): the most characters the API takes, when it is the same everywhere. */
  readonly max?: number | undefined
  /** For `alphanumericCallIds`: how many letters and digits each id has, when it is the same on every host. */
  readonly length?: number | undefined
  /** For `editedCalls`: the signature an edited call's own part goes with in place of the one it came with. */
  readonly signature?: string | undefined
  /** For `noBlankText`: whether a text of only whitespace is refused too, not only an empty one. */
  readonly whitespace?: boolean | undefined
  /** For `storedCalls`: whether a request goes on from state the API stores (its calls not among the messages). */
  readonly continues?: ((request: CallRequest.ProviderRequest) => boolean) | undefined
  /**
   * For `refusedTurns`: the formats of the turns its models' refusals come in; a turn with another provider's blocks
   * is that model's refusal in words, which needs no reset, and goes as it is.
   */
  readonly formats?: ReadonlyArray<string> | undefined
}

/** An API's table of rules, by name. */
export type Rules = Readonly<Partial<Record<Name, Rule>>>

/** Whether an API's table holds the rule `name`. */
export const has = (rules: Rules, name: Name): boolean => rules[name] !== undefined

/** The row every API's table holds: each call's result right after it (see the module). */
export const everyApi: Rules = {
  toolResultsAfterCalls: {
    does: "moves each tool result right after its call's turn; leaves out results of no call and calls a user " +
      "message follows unanswered",
    refusal: "`tool_use` ids were found without `tool_result` blocks immediately after (Anthropic, Bedrock); An " +
      "assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id' " +
      "(Chat Completions); No tool output found for function call (Responses); unexpected `tool_use_id` found in " +
      "`tool_result` blocks (Anthropic)",
    source: "https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use"
  },
  withheldTurns: {
    does: "an assistant turn its provider withheld on a policy (`finishReason: content_filter`) with nothing of the " +
      "model's in it (the sentence a person was shown in its place is not the model's) is left out where a message " +
      "follows it: two user messages in a row go as one turn; the turn that ends a conversation stays, for the loop " +
      "to end at once (`LoopStep.nothingToContinue`)",
    refusal: "text content blocks must be non-empty (Anthropic); Unable to submit request because it has an empty " +
      "text parameter (Gemini); the Mistral host's `(no answer)` otherwise told as the model's",
    source: "https://ai.google.dev/api/generate-content#FinishReason (SAFETY: \"When streaming, content is empty if " +
      "content filters blocks the output\"); @aws-sdk/client-bedrock-runtime StopReason content_filtered"
  }
}

/** Whether `result` answers the call `id` of the tool `name`: the same id and tool (a result naming none: the id). */
const answers = (result: Message.ToolResultMessage, id: string, name: string): boolean =>
  result.toolCallId === id && (result.name === "" || result.name === name)

/** A tool call, and the position of the turn that made it. */
export interface Made {
  readonly turn: number
  readonly call: Tool.ToolCall
}

/**
 * For each tool result or approval, the call it answers and its turn (two turns may share an id: Gemini's in 0.4).
 */
export const callsAnswered = (
  messages: ReadonlyArray<Message.Message | Tool.ToolApproval>
): ReadonlyArray<Made | undefined> => {
  const byId = new Map<string, Array<Made>>()
  return messages.map((message, turn) => {
    if (message._tag === "AssistantMessage") {
      for (const call of message.toolCalls) {
        const same = byId.get(call.id)
        if (same === undefined) byId.set(call.id, [{ turn, call }])
        else same.push({ turn, call })
      }
    }
    if (message._tag !== "ToolResultMessage" && message._tag !== "ToolApproval") return undefined
    const made = byId.get(message.toolCallId) ?? []
    for (let at = made.length - 1; at >= 0; at--) {
      const { call } = made[at]!
      if (message._tag === "ToolApproval" || answers(message, call.id, call.name)) return made[at]
    }
    return undefined
  })
}

/** A call's key: the position of the turn that made it, and its id. */
export const keyOf = (turn: number, id: string): string => `${turn}/${id}`

/** The calls the tool results of `messages` answer (`made`: `callsAnswered`), by `keyOf`. */
export const answeredCalls = (
  messages: ReadonlyArray<Message.Message | Tool.ToolApproval>,
  made: ReadonlyArray<Made | undefined> = callsAnswered(messages)
): Set<string> =>
  new Set(messages.flatMap((message, index) => {
    const answered = made[index]
    return message._tag === "ToolResultMessage" && answered !== undefined
      ? [keyOf(answered.turn, answered.call.id)]
      : []
  }))

/** The calls of the turn at `turn` that nothing answers (`answered`, by `keyOf`: `answeredCalls`). */
export const unansweredOf = (
  messages: ReadonlyArray<Message.Message | Tool.ToolApproval>,
  turn: number,
  answered: ReadonlySet<string> = answeredCalls(messages)
): ReadonlyArray<Tool.ToolCall> => {
  const message = messages[turn]
  if (message?._tag !== "AssistantMessage") return []
  return message.toolCalls.filter((call) => !answered.has(keyOf(turn, call.id)))
}

/**
 * The results among `followers` that answer a call of the turn before them (`names`: its calls' names by id, in the
 * turn's order), each under its call's name, in the order of their calls: Gemini tells apart parallel calls of one
 * function that have no id (before Gemini 3) by their order alone (`@google/genai` `FunctionResponse.id`, "Populated
 * by the client to match the corresponding function call `id`"), and a call answered after the others (it waited
 * for the user's approval) must not take another's place.
 */
const resultsOf = (
  followers: ReadonlyArray<Message.Message>,
  names: ReadonlyMap<string, string>
): Array<Message.ToolResultMessage> => {
  const order = new Map([...names.keys()].map((id, at) => [id, at]))
  return followers.flatMap((follower) => {
    if (follower._tag !== "ToolResultMessage") return []
    const name = names.get(follower.toolCallId)
    if (name === undefined || !answers(follower, follower.toolCallId, name)) return []
    return [name === follower.name ? follower : new Message.ToolResultMessage({ ...follower, name })]
  }).sort((a, b) => order.get(a.toolCallId)! - order.get(b.toolCallId)!)
}

/** A turn without the calls `results` does not answer, as another provider's turn goes (its text and its calls). */
const answeredTurn = (turn: Message.AssistantMessage, results: ReadonlyArray<Message.ToolResultMessage>) => {
  const ids = new Set(results.map((result) => result.toolCallId))
  if (turn.toolCalls.every((call) => ids.has(call.id))) return turn
  return new Message.AssistantMessage({ text: turn.text, toolCalls: turn.toolCalls.filter((call) => ids.has(call.id)) })
}

/** `messages` when `sent` holds the same messages in the same order (a rewrite that changed nothing), else `sent`. */
const unlessSame = (
  messages: ReadonlyArray<Message.Message>,
  sent: ReadonlyArray<Message.Message>
): ReadonlyArray<Message.Message> =>
  sent.length === messages.length && sent.every((message, at) => message === messages[at]) ? messages : sent

/**
 * Each call's result right after it; a result of no call, or a call a user message follows, is left out. A request
 * that goes on from state the API stores (`stored`: `storedCalls`) keeps the results before its first assistant turn
 * where they are: they answer the stored turn's calls.
 */
export const paired = (messages: ReadonlyArray<Message.Message>, stored = false): ReadonlyArray<Message.Message> => {
  const sent: Array<Message.Message> = []
  let turn: Message.AssistantMessage | undefined
  for (let index = 0; index <= messages.length;) {
    let end = index
    while (end < messages.length && messages[end]!._tag !== "AssistantMessage") end++
    const followers = messages.slice(index, end)
    if (stored && index === 0) {
      sent.push(...followers)
      turn = messages[end] as Message.AssistantMessage | undefined
      if (turn === undefined) break
      index = end + 1
      continue
    }
    const results = resultsOf(followers, new Map(turn?.toolCalls.map((call) => [call.id, call.name])))
    if (turn !== undefined) {
      sent.push(followers.some((message) => message._tag === "UserMessage") ? answeredTurn(turn, results) : turn)
    }
    sent.push(...results, ...followers.filter((follower) => follower._tag !== "ToolResultMessage"))
    turn = messages[end] as Message.AssistantMessage | undefined
    if (turn === undefined) break
    index = end + 1
  }
  return unlessSame(messages, sent)
}

/** The last turn (its position) and its calls nothing answers, unless a user message follows it. */
export const pendingOf = (
  messages: ReadonlyArray<Message.Message | Tool.ToolApproval>,
  answered: ReadonlySet<string> = answeredCalls(messages)
): { readonly turn: number; readonly calls: ReadonlyArray<Tool.ToolCall> } | undefined => {
  let turn = messages.length - 1
  for (; turn >= 0 && messages[turn]!._tag !== "AssistantMessage"; turn--) {
    if (messages[turn]!._tag === "UserMessage") return undefined
  }
  const calls = unansweredOf(messages, turn, answered)
  return calls.length === 0 ? undefined : { turn, calls }
}

/**
 * The calls of the turns from `from` to `to` that no result nor approval (`approved`, by id) answers, by `keyOf`: a
 * later turn's call of an id an earlier one answered (Gemini's `gemini_call_0` in every step) is its own.
 */
export const unansweredFrom = (
  messages: ReadonlyArray<Message.Message>,
  from: number,
  approved: ReadonlySet<string>,
  to = messages.length
): Set<string> => {
  const answered = answeredCalls(messages)
  const keys = new Set<string>()
  for (let turn = from; turn < to; turn++) {
    for (const call of unansweredOf(messages, turn, answered)) {
      if (!approved.has(call.id)) keys.add(keyOf(turn, call.id))
    }
  }
  return keys
}

/**
 * The one policy for the calls nothing answers (no result, no approval in `answered`, by id): those that leave the
 * conversation, by `keyOf`. A call a user message follows goes (sent back, every API refuses it: `paired` leaves it out
 * of a request alike), and so does every call of the client's own history (from `clientFrom`: a history a client sends
 * never runs a tool by itself). What stays is the last turn of the server's own history, which a loop runs once
 * (`pendingOf`).
 */
export const unansweredLeaving = (
  messages: ReadonlyArray<Message.Message>,
  answered: ReadonlySet<string>,
  clientFrom: number
): Set<string> => {
  const lastUser = messages.map((message) => message._tag).lastIndexOf("UserMessage")
  return new Set([
    ...unansweredFrom(messages, 0, answered, Math.max(0, lastUser)),
    ...unansweredFrom(messages, clientFrom, answered)
  ])
}

/**
 * Where the turns abandoned at the end of the conversation start: the last turns, each left with none of its calls
 * once those `leaving` names go (by `keyOf`: a call nothing answers, one a person cancelled). Such a turn goes whole,
 * its text too, so that the model is asked again what it was asked when it made the turn: sent, its text would be a
 * prefill the model continues mid-sentence, or one it refuses (Claude 4.6 and later: `endsWithUser`).
 */
export const abandonedFrom = (messages: ReadonlyArray<Message.Message>, leaving: ReadonlySet<string>): number => {
  let end = messages.length
  for (; end > 0; end--) {
    const message = messages[end - 1]!
    if (message._tag !== "AssistantMessage" || message.toolCalls.length === 0) break
    if (!message.toolCalls.every((call) => leaving.has(keyOf(end - 1, call.id)))) break
  }
  return end
}

/** The conversation without its approvals, each of `results` right after the results that follow its turn. */
export const withResults = (
  messages: ReadonlyArray<Message.Message | Tool.ToolApproval>,
  results: ReadonlyArray<{ readonly turn: number; readonly result: Message.ToolResultMessage | undefined }>
): Array<Message.Message> => {
  const sent: Array<Message.Message> = []
  let open: number | undefined
  const close = () => {
    for (const placed of results) {
      if (placed.turn === open && placed.result !== undefined) sent.push(placed.result)
    }
    open = undefined
  }
  messages.forEach((message, index) => {
    if (message._tag === "ToolApproval") return
    if (message._tag !== "ToolResultMessage") close()
    sent.push(message)
    if (message._tag === "AssistantMessage") open = index
  })
  close()
  return sent
}

/** A tool call's id as an API that restricts its characters takes it (`plainCallIds`): else its own, cut and hashed. */
export const plainCallId = (id: string): string =>
  plain.test(id) ? id : hashed(id, id.replace(/[^a-zA-Z0-9_-]/g, "_"), 64)

/**
 * A tool call's id as an API whose table is `rules` takes it: with `plainCallIds`, of its characters alone
 * (`plainCallId`); with `boundedCallIds`, within the row's `max` or `max` given (a host's: `undefined`, any length);
 * with `alphanumericCallIds`, in the row's `length` or `length` given (a host's: `undefined`, any shape).
 */
export const callIdFor = (
  rules: Rules,
  max = rules.boundedCallIds?.max,
  length = rules.alphanumericCallIds?.length
) =>
(id: string): string => {
  if (has(rules, "alphanumericCallIds") && length !== undefined) return alphanumericCallId(id, length)
  const plainId = has(rules, "plainCallIds") ? plainCallId(id) : id
  return has(rules, "boundedCallIds") && max !== undefined ? boundedCallId(plainId, max) : plainId
}

const digits = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

/**
 * A tool call's id as exactly `length` letters and digits (`alphanumericCallIds`): itself when it is one, else digits
 * of its hash, so that a call and its result go under the same id.
 */
export const alphanumericCallId = (id: string, length: number): string => {
  if (id.length === length && /^[a-zA-Z0-9]*$/.test(id)) return id
  let written = ""
  for (let round = 0; written.length < length; round++) {
    // Ten base-62 digits of each 64-bit hash (62^10 < 2^64), a hash of the id and the round for each ten.
    let value = BigInt(`0x${TextHash.hex64(`${round}:${id}`)}`)
    for (let digit = 0; digit < 10 && written.length < length; digit++) {
      written += digits[Number(value % 62n)]
      value /= 62n
    }
  }
  return written
}

/** The ids and tool names Claude's and Bedrock's APIs take. */
const plain = /^[a-zA-Z0-9_-]{1,64}$/

/** A tool call's id in at most `max` characters (`boundedCallIds`): itself when it fits, else cut and hashed. */
export const boundedCallId = (id: string, max: number): string => id.length <= max ? id : hashed(id, id, max)

/** `kept` cut so that `_` and a hash of `id` follow it within `max` characters (and no character cut in two). */
const hashed = (id: string, kept: string, max: number): string => {
  const hash = TextHash.hex64(id)
  const start = kept.slice(0, max - hash.length - 1)
  return `${/[\uD800-\uDBFF]$/.test(start) ? start.slice(0, -1) : start}_${hash}`
}

/** The call ids renamed in one message: by the id it has, the id it goes under. */
type Renamed = ReadonlyMap<string, string> | undefined

/** What each message's calls or result go under (`distinctCallIds`): a repeated id goes under `<id>#<n>`. */
const renamesOf = (messages: ReadonlyArray<Message.Message>, own: string): ReadonlyArray<Renamed> => {
  const used = new Set<string>()
  const latest = new Map<string, string>()
  return messages.map((message): Renamed => {
    if (message._tag === "ToolResultMessage") {
      const id = latest.get(message.toolCallId)
      return id === undefined || id === message.toolCallId ? undefined : new Map([[message.toolCallId, id]])
    }
    if (message._tag !== "AssistantMessage") return undefined
    const keeps = message.content?.provider === own
    let renamed: Map<string, string> | undefined
    for (const call of message.toolCalls) {
      let id = call.id
      for (let n = 2; !keeps && used.has(id); n++) id = `${call.id}#${n}`
      used.add(id)
      latest.set(call.id, id)
      if (id !== call.id) (renamed ??= new Map()).set(call.id, id)
    }
    return renamed
  })
}

/** A message with its calls' or result's ids as `renamed` has them. */
const withIds = (message: Message.Message, renamed: Renamed): Message.Message => {
  if (renamed === undefined) return message
  if (message._tag === "ToolResultMessage") {
    return new Message.ToolResultMessage({ ...message, toolCallId: renamed.get(message.toolCallId)! })
  }
  if (message._tag !== "AssistantMessage") return message
  return new Message.AssistantMessage({
    text: message.text,
    toolCalls: message.toolCalls.map((call) => {
      const id = renamed.get(call.id)
      return id === undefined ? call : new Tool.ToolCall({ id, name: call.name, arguments: call.arguments })
    }),
    ...(message.content === undefined ? {} : { content: message.content })
  })
}

/** The conversation with each call's id its own (`renamesOf`); itself when no id repeats. */
export const distinctCallIds = (
  messages: ReadonlyArray<Message.Message>,
  own: string
): ReadonlyArray<Message.Message> => {
  const renames = renamesOf(messages, own)
  return renames.every((renamed) => renamed === undefined)
    ? messages
    : messages.map((message, index) => withIds(message, renames[index]))
}

/** What the assistant says where it gave no answer, to an API that refuses that (`assistantAfterResults`). */
export const noAnswer = "(no answer)"

/** Whether a message is an assistant turn with nothing in it: no text, no calls (an answer stopped before either). */
const isEmptyTurn = (message: Message.Message): boolean =>
  message._tag === "AssistantMessage" && message.text === "" && message.toolCalls.length === 0

/** The last message of `sent` that is no system message (an API that keeps those apart reads past them). */
const lastTurn = (sent: ReadonlyArray<Message.Message>): Message.Message | undefined => {
  let at = sent.length - 1
  while (at >= 0 && sent[at]!._tag === "SystemMessage") at--
  return sent[at]
}

/**
 * The conversation with a turn saying `noAnswer` where the assistant gave none (`assistantAfterResults`): between tool
 * results and the user message after them (system messages between them aside), and in place of a turn with no text
 * and no calls; itself when none is.
 */
export const assistantAfterResults = (messages: ReadonlyArray<Message.Message>): ReadonlyArray<Message.Message> => {
  const sent: Array<Message.Message> = []
  for (const message of messages) {
    const afterResults = message._tag === "UserMessage" && lastTurn(sent)?._tag === "ToolResultMessage"
    if (afterResults || isEmptyTurn(message)) sent.push(Message.assistant(noAnswer))
    if (!isEmptyTurn(message)) sent.push(message)
  }
  return unlessSame(messages, sent)
}

/** Whether a message is an assistant turn its provider withheld on a policy, with nothing of the model's in it. */
const isWithheld = (message: Message.Message): boolean =>
  isEmptyTurn(message) && (message as Message.AssistantMessage).finishReason === "content_filter" &&
  ((message as Message.AssistantMessage).content?.blocks.length ?? 0) === 0

/** The conversation without the withheld turns a message follows (`withheldTurns`); itself when there are none. */
export const withoutWithheld = (messages: ReadonlyArray<Message.Message>): ReadonlyArray<Message.Message> =>
  messages.some((message, at) => at < messages.length - 1 && isWithheld(message))
    ? messages.filter((message, at) => at === messages.length - 1 || !isWithheld(message))
    : messages

/**
 * The conversation without each turn its provider stopped on a policy (`finishReason: content_filter`) that a message
 * follows, nor the user messages right before it, which led to it (`refusedTurns`; a turn with the blocks of a format
 * the row does not name stays); itself when there is none.
 */
export const withoutRefused = (
  messages: ReadonlyArray<Message.Message>,
  rules: Rules
): ReadonlyArray<Message.Message> => {
  const formats = rules.refusedTurns?.formats ?? []
  const sent: Array<Message.Message> = []
  for (const [at, message] of messages.entries()) {
    const refused = at < messages.length - 1 && message._tag === "AssistantMessage" &&
      message.finishReason === "content_filter" &&
      (message.content === undefined || formats.includes(message.content.provider))
    if (!refused) sent.push(message)
    else while (sent.at(-1)?._tag === "UserMessage") sent.pop()
  }
  return unlessSame(messages, sent)
}

/**
 * A turn's text and its refusal (`refusal`: the words its provider sent apart) as an API whose table is `rules` takes
 * them. With `refusalsApart`, the refusal goes apart, and the text without the refusal's words where they end it (a
 * turn with nothing else said has its refusal as its text: `CallResponse.toMessage`; a browser's, its other words and
 * then the refusal's paragraph), `null` when nothing else is left; else the text as it is, the refusal in it.
 */
export const refusalApart = (
  rules: Rules,
  text: string,
  refusal: string | undefined
): { readonly text: string | null; readonly refusal: string | undefined } => {
  if (refusal === undefined || !has(rules, "refusalsApart")) return { text, refusal: undefined }
  const rest = text.endsWith(refusal) ? text.slice(0, text.length - refusal.length).trimEnd() : text
  return { text: rest === "" ? null : rest, refusal }
}

/** Whether a system message may follow `message` where the API takes one only after a user or system message. */
const takesSystem = (message: Message.Message | undefined): boolean =>
  message === undefined || message._tag === "UserMessage" || message._tag === "SystemMessage"

/**
 * The conversation with each system message after a user or system message (`systemAfterUser`): one that follows an
 * assistant turn or a tool result goes right after the next user message, so that the model reads it before the same
 * answers; with no user message after it, back right after the last user or system message before it (the start if
 * none). Itself when every system message is where the API takes it.
 */
export const systemAfterUser = (messages: ReadonlyArray<Message.Message>): ReadonlyArray<Message.Message> => {
  const sent: Array<Message.Message> = []
  let waiting: Array<Message.Message> = []
  let back = 0
  for (const message of messages) {
    if (message._tag === "SystemMessage" && !takesSystem(sent[sent.length - 1])) {
      waiting.push(message)
      continue
    }
    sent.push(message)
    if (message._tag === "UserMessage") {
      sent.push(...waiting)
      waiting = []
    }
    if (takesSystem(message)) back = sent.length
  }
  sent.splice(back, 0, ...waiting)
  return unlessSame(messages, sent)
}

/**
 * The rules that rewrite a conversation's messages, in the order they apply (`own`: the API's turns' format; `stored`:
 * the request goes on from state the API stores, `storedCalls`).
 */
const rewrites: ReadonlyArray<
  readonly [
    Name,
    (
      messages: ReadonlyArray<Message.Message>,
      own: string,
      stored: boolean,
      rules: Rules
    ) => ReadonlyArray<Message.Message>
  ]
> = [
  // Before `withheldTurns`: a refused turn left with nothing still marks the message that led to it.
  ["refusedTurns", (messages, _own, _stored, rules) => withoutRefused(messages, rules)],
  ["withheldTurns", withoutWithheld],
  ["toolResultsAfterCalls", (messages, _, stored) => paired(messages, stored)],
  ["distinctCallIds", distinctCallIds],
  // Before `assistantAfterResults`: a system message moved on may leave a user message right after tool results.
  ["systemAfterUser", systemAfterUser],
  ["assistantAfterResults", assistantAfterResults]
]

/**
 * The conversation as an API whose table is `rules` may be sent it: its rules that rewrite messages applied (`request`:
 * the request it goes in, which its `storedCalls` row reads).
 */
export const sendable = (
  messages: ReadonlyArray<Message.Message>,
  rules: Rules,
  own = "",
  request?: CallRequest.ProviderRequest
): ReadonlyArray<Message.Message> => {
  const stored = request !== undefined && rules.storedCalls?.continues?.(request) === true
  return rewrites.reduce(
    (sent, [name, rewrite]) => has(rules, name) ? rewrite(sent, own, stored, rules) : sent,
    messages
  )
}

/**
 * An own turn's blocks without the reasoning that ends it (`noFinalReasoning`: nothing but reasoning after it, an
 * answer that stopped, or ended, once it had thought); `blocks` itself when none does.
 */
export const withoutFinalReasoning = <Block>(
  blocks: ReadonlyArray<Block>,
  isReasoning: (block: Block) => boolean
): ReadonlyArray<Block> => {
  let end = blocks.length
  while (end > 0 && isReasoning(blocks[end - 1]!)) end--
  return end === blocks.length ? blocks : blocks.slice(0, end)
}

/** Whether a text has nothing in it (`noBlankText`): empty, or only whitespace. */
export const isBlank = (text: string): boolean => text.trim() === ""

/** What a tool result with no output says where the API takes no empty one (`resultWithContent`). */
export const noOutput = "(no output)"

/** What a tool result with no output says to an API whose table is `rules`: `noOutput` with `resultWithContent`. */
export const emptyResultText = (rules: Rules): string | undefined =>
  has(rules, "resultWithContent") ? noOutput : undefined

/** What an error result's text opens with where the API has no error flag (`errorsInText`). */
export const errorOpening = "Error: "

/** The answer to a call the service runs once the application approves it: approved, or denied with a reason. */
export interface ServiceApproval {
  readonly approve: boolean
  readonly reason?: string | undefined
}

/**
 * The approval a result of a call the service runs once approved says, under `approvedServiceCalls`: an error result
 * a denial (its text, if any, the reason), any other an approval; `undefined` where the API has no such calls.
 */
export const approvalSaid = (rules: Rules, result: Message.ToolResultMessage): ServiceApproval | undefined =>
  rules.approvedServiceCalls === undefined
    ? undefined
    : { approve: !result.isError, ...(result.isError && result.content !== "" ? { reason: result.content } : {}) }

/** Whether a text says it is an error already (it opens with "error"). */
const saysError = (text: string): boolean => /^\s*error\b/i.test(text)

/**
 * A tool result as an API whose table is `rules` is sent it: a failed one, with `errorsInText`, opening with
 * `errorOpening` (its first text part, or a text part before its others), unless its text says so already; else as
 * it is.
 */
export const resultSaid = (rules: Rules, result: Message.ToolResultMessage): Message.ToolResultMessage => {
  if (!result.isError || !has(rules, "errorsInText")) return result
  const parts = result.parts
  const first = parts?.[0]
  const text = parts === undefined ? result.content : first?._tag === "TextPart" ? first.text : undefined
  if (text !== undefined && saysError(text)) return result
  if (parts === undefined) return new Message.ToolResultMessage({ ...result, content: `${errorOpening}${text}` })
  const opened = text === undefined
    ? [Message.text(errorOpening.trim()), ...parts]
    : [Message.text(`${errorOpening}${text}`), ...parts.slice(1)]
  return Message.toolResult({ ...result, content: opened }) as Message.ToolResultMessage
}

/**
 * Whether a user's text is one the API of `rules` refuses (`noBlankText`): empty, or blank where the row says so
 * (`whitespace`: Anthropic's, Bedrock's). OpenAI's APIs have no row: they take an empty `content`
 * (https://platform.openai.com/docs/api-reference/chat/create, a message's `content` a string).
 */
export const refusedText = (rules: Rules, text: string): boolean =>
  rules.noBlankText !== undefined && (rules.noBlankText.whitespace === true ? isBlank(text) : text === "")

/**
 * Whether the part at `index` of a user message is a text the API of `rules` refuses, not sent (`noBlankText`): no
 * cache point after.
 */
export const isLeftOut = (rules: Rules, parts: ReadonlyArray<Message.Part>, index: number): boolean => {
  const part = parts[index]!
  return part._tag === "TextPart" && refusedText(rules, part.text) && parts[index + 1]?._tag !== "CachePointPart"
}

/** What each tool declared for a conversation's calls says of itself (`toolsForHistory`). */
export const historyToolDescription =
  "Not available in this request: declared because the conversation holds calls of it. Do not call it."

/** Whether a conversation holds tool calls or tool results (`toolsForHistory`). */
export const holdsToolCalls = (messages: ReadonlyArray<Message.Message>): boolean =>
  messages.some((message) =>
    message._tag === "ToolResultMessage" || (message._tag === "AssistantMessage" && message.toolCalls.length > 0)
  )

/**
 * The tools a request that declares none declares for its conversation's calls, to an API whose table is `rules`
 * (`toolsForHistory`): their names (`historyToolNames`) when `holds` (default: the conversation holds tool calls or
 * results); `undefined` without the row, or without such turns.
 */
export const historyToolsFor = (
  rules: Rules,
  messages: ReadonlyArray<Message.Message>,
  holds = holdsToolCalls(messages)
): ReadonlyArray<string> | undefined => has(rules, "toolsForHistory") && holds ? historyToolNames(messages) : undefined

/** The names of the tools a conversation's calls and results name that APIs take (`toolsForHistory`), or one. */
export const historyToolNames = (messages: ReadonlyArray<Message.Message>): ReadonlyArray<string> => {
  const names = new Set<string>()
  for (const message of messages) {
    if (message._tag === "AssistantMessage") { for (const call of message.toolCalls) names.add(call.name) }
    if (message._tag === "ToolResultMessage") names.add(message.name)
  }
  const valid = [...names].filter((name) => plain.test(name))
  return valid.length > 0 ? valid : ["earlier_tool"]
}

/** Whether a message is an assistant turn of `format` (the API's own), and which of them `only` says when given. */
const isOwn = (message: Message.Message, format: string, only?: (content: Message.ProviderContent) => boolean) =>
  message._tag === "AssistantMessage" && message.content?.provider === format &&
  (only === undefined || only(message.content))

/** The messages with the assistant turns of `format` (those `only` says, when given) as another provider's. */
const asAnotherProvider = (
  messages: ReadonlyArray<Message.Message>,
  format: string,
  only?: (content: Message.ProviderContent) => boolean
): ReadonlyArray<Message.Message> =>
  messages.some((message) => isOwn(message, format, only))
    ? messages.map((message) =>
      message._tag === "AssistantMessage" && isOwn(message, format, only)
        ? new Message.AssistantMessage({ text: message.text, toolCalls: message.toolCalls })
        : message
    )
    : messages

/** How an API's block is read for the state it holds (its `AssistantTurn.TurnBlocks`' `read`). */
type ReadBlock = (block: unknown) => { readonly state?: object | undefined } | undefined

/** The most turns a service keeps by their state as refused (the oldest go first). */
const maxKept = 4_096

/** The turns each model of an API refused (`unreadableTurns`), by content (weakly) and by their first state's hash. */
export class Refused {
  readonly #byContent = new WeakMap<Message.ProviderContent, Set<string>>()
  /** `model` and the hash of a turn's first state, oldest first. */
  readonly #byState = new Set<string>()
  readonly blocks: { readonly format: string; readonly read: ReadBlock }
  readonly refuses: (error: ProviderError.ProviderError) => boolean

  constructor(blocks: Refused["blocks"], rules: Rules) {
    this.blocks = blocks
    this.refuses = rules.unreadableTurns?.refuses ?? (() => false)
  }

  /** The key of a turn's first state for `model`, `undefined` for a turn without state. */
  #stateKey(content: Message.ProviderContent, model: string): string | undefined {
    for (const block of content.blocks) {
      const state = this.blocks.read(block)?.state
      if (state !== undefined) return `${model} ${TextHash.hex64(JSON.stringify(state))}`
    }
    return undefined
  }

  /** Whether `model` refused the turn of `content`. */
  has(content: Message.ProviderContent, model: string): boolean {
    if (this.#byContent.get(content)?.has(model) === true) return true
    if (this.#byState.size === 0) return false
    const key = this.#stateKey(content, model)
    return key !== undefined && this.#byState.has(key)
  }

  /** Keeps the turns of the API's format in `messages` as refused by `model`. */
  add(messages: ReadonlyArray<Message.Message>, model: string): void {
    for (const message of messages) {
      if (message._tag !== "AssistantMessage" || message.content?.provider !== this.blocks.format) continue
      const models = this.#byContent.get(message.content) ?? new Set()
      this.#byContent.set(message.content, models.add(model))
      const key = this.#stateKey(message.content, model)
      if (key === undefined) continue
      this.#byState.delete(key)
      this.#byState.add(key)
      if (this.#byState.size > maxKept) this.#byState.delete(this.#byState.values().next().value!)
    }
  }
}

/** Goes on from the first request's stream, posting another body in its place when it was refused. */
export type Retry<Body> = <A>(
  first: Stream.Stream<A, ProviderError.ProviderError>,
  post: (body: Body) => Stream.Stream<A, ProviderError.ProviderError>
) => Stream.Stream<A, ProviderError.ProviderError>

/** Streams a request to an API with `unreadableTurns`, its refused turns sent again as another provider's. */
export const streamEncoded = <
  R extends { readonly model: string; readonly messages: ReadonlyArray<Message.Message> },
  Body,
  A
>(
  provider: string,
  refused: Refused,
  request: R,
  encode: (request: R) => Result.Result<Body, CallRequest.Unsupported>,
  send: (body: Body, again: Retry<Body>) => Stream.Stream<A, ProviderError.ProviderError>
): Stream.Stream<A, ProviderError.ProviderError> => {
  const { format } = refused.blocks
  const messages = asAnotherProvider(request.messages, format, (content) => refused.has(content, request.model))
  const again: Retry<Body> = (first, post) => {
    if (!messages.some((message) => isOwn(message, format))) return first
    return first.pipe(Stream.catch((error) => {
      if (error.http === undefined || !refused.refuses(error)) return Stream.fail(error)
      const resent = encode({ ...request, messages: asAnotherProvider(messages, format) })
      if (Result.isFailure(resent)) return Stream.fail(error)
      refused.add(messages, request.model)
      // The host's own code, bounded and stripped of control characters: a proxy in between may send anything.
      const code = ErrorReport.loggable(error.errorType ?? String(error.http.status), 64)
      return Stream.fromEffect(
        Effect.logWarning(
          `${error.provider}: ${request.model} refused its earlier turns as they came (${code}: state another ` +
            "model, account or resource made, or text it takes no longer); sent again with them as another " +
            "provider's"
        )
      ).pipe(Stream.drain, Stream.concat(post(resent.success)))
    }))
  }
  const first = () => encode(messages === request.messages ? request : { ...request, messages })
  return CallRequest.streamEncoded(provider, first, (body) => send(body, again), request.model)
}
