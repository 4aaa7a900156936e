/**
 * A conversation read as messages, tool calls and their tool results, and what a request may send of it to each API.
 *
 * One invariant holds for every API: **each tool call sent has its tool result right after it.** `paired` makes a
 * conversation so in one pass over its turns (an assistant message and what follows it up to the next): a result
 * moves up, right after its turn's results before it (a user message typed while the tools ran, a reminder a
 * program added between two results of a parallel batch keep their order after them); a result that answers no call
 * of the turn before it is left out (a window cut between a call and its result), as is one whose tool is not its
 * call's (`answers`); a call that a user message follows unanswered is left out of its turn (a call waiting for the
 * user's approval when the user asked something else instead). A result answers a call by its id and its tool.
 *
 * The calls a conversation leaves unanswered are never run by a history a client supplies: from a browser's `useChat`
 * body or an AG-UI run input, trusted or not, a call no result and no approval of the same input answers is left out
 * before the loop sees it (`unansweredFrom`, applied by `UIMessageStream.toMessages` and `AgUi.readRunInput`), so a
 * client that sends its history cut right after a call, or forges one, makes nothing run. From the app's own storage
 * (`runTools({ messages })`, a durable run) the last turn's unanswered calls (`pendingOf`) are run by both loops
 * before they ask the model, each at most once: the loop's `ApprovalGate.claimPending` claims the call in the
 * `StreamStore` first.
 *
 * What else an API refuses is a table of named rules per API (`Rules`), beside each API's request encoder: each row
 * says what the rule does, the provider's own 400 it avoids and where the API says so. The rules that rewrite
 * messages are applied by `sendable`; the others by the encoder, which reads its table (`has`). A newly learned rule
 * is a row (and, when it rewrites messages, its function in `rewrites`).
 *
 * @internal
 */
import * as Message from "../Message.js"
import * as Tool from "../Tool.js"
import * as TextHash from "./TextHash.js"

/** The rules an API's table may hold, by name. */
export type Name =
  | "toolResultsAfterCalls"
  | "distinctCallIds"
  | "plainCallIds"
  | "boundedCallIds"
  | "noBlankText"
  | "resultWithContent"
  | "toolsForHistory"
  | "startsWithUser"
  | "noTrailingWhitespace"
  | "unreadableTurns"

/** A row of an API's table: what the rule does, the provider's own 400 it avoids, and where the API says so. */
export interface Rule {
  readonly does: string
  readonly refusal: string
  readonly source: string
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
  }
}

/** Whether `result` answers the call `id` of the tool `name`: the same id and tool (a result naming none: the id). */
export const answers = (result: Message.ToolResultMessage, id: string, name: string): boolean =>
  result.toolCallId === id && (result.name === "" || result.name === name)

/** The tool results among `messages`, by the id of the call each answers. */
export const resultsById = (
  messages: ReadonlyArray<Message.Message | Tool.ToolApproval>
): ReadonlyMap<string, ReadonlyArray<Message.ToolResultMessage>> => {
  const results = new Map<string, Array<Message.ToolResultMessage>>()
  for (const message of messages) {
    if (message._tag !== "ToolResultMessage") continue
    const same = results.get(message.toolCallId)
    if (same === undefined) results.set(message.toolCallId, [message])
    else same.push(message)
  }
  return results
}

/** Whether one of `results` (`resultsById`) answers `call`. */
export const isAnswered = (
  results: ReadonlyMap<string, ReadonlyArray<Message.ToolResultMessage>>,
  call: Tool.ToolCall
): boolean => (results.get(call.id) ?? []).some((result) => answers(result, call.id, call.name))

/** A tool call, and the position of the turn that made it. */
export interface Made {
  readonly turn: number
  readonly call: Tool.ToolCall
}

/**
 * For each message, the call it answers, when it is a tool result or an approval: the latest call of its id before it
 * (for a result, of its tool too: `answers`), and its turn. Two turns may share an id (0.4 gave Gemini's calls
 * `gemini_call_0` in every step): the turn tells their calls apart. Each is looked up, not scanned for.
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

/**
 * The results among `followers` that answer a call of the turn before them (`names`, by call id), each under its
 * call's name (Gemini takes a `functionResponse` only under its `functionCall`'s name).
 */
const resultsOf = (
  followers: ReadonlyArray<Message.Message>,
  names: ReadonlyMap<string, string>
): Array<Message.ToolResultMessage> =>
  followers.flatMap((follower) => {
    if (follower._tag !== "ToolResultMessage") return []
    const name = names.get(follower.toolCallId)
    if (name === undefined || !answers(follower, follower.toolCallId, name)) return []
    return [name === follower.name ? follower : new Message.ToolResultMessage({ ...follower, name })]
  })

/** A turn without the calls `results` does not answer, as another provider's turn goes (its text and its calls). */
const answeredTurn = (turn: Message.AssistantMessage, results: ReadonlyArray<Message.ToolResultMessage>) => {
  const ids = new Set(results.map((result) => result.toolCallId))
  if (turn.toolCalls.every((call) => ids.has(call.id))) return turn
  return new Message.AssistantMessage({ text: turn.text, toolCalls: turn.toolCalls.filter((call) => ids.has(call.id)) })
}

/** The conversation with each call's result right after it (see the module); itself when it is so already. */
export const paired = (messages: ReadonlyArray<Message.Message>): ReadonlyArray<Message.Message> => {
  const sent: Array<Message.Message> = []
  let turn: Message.AssistantMessage | undefined
  for (let index = 0; index <= messages.length;) {
    let end = index
    while (end < messages.length && messages[end]!._tag !== "AssistantMessage") end++
    const followers = messages.slice(index, end)
    const results = resultsOf(followers, new Map(turn?.toolCalls.map((call) => [call.id, call.name])))
    if (turn !== undefined) {
      sent.push(followers.some((message) => message._tag === "UserMessage") ? answeredTurn(turn, results) : turn)
    }
    sent.push(...results, ...followers.filter((follower) => follower._tag !== "ToolResultMessage"))
    turn = messages[end] as Message.AssistantMessage | undefined
    if (turn === undefined) break
    index = end + 1
  }
  return sent.length === messages.length && sent.every((message, at) => message === messages[at]) ? messages : sent
}

/**
 * The last turn (its position) and its calls that no result after it answers, nor `answered` says are answered:
 * the calls a stored conversation's loop runs first, each at most once (see the module).
 */
export const pendingOf = (
  messages: ReadonlyArray<Message.Message | Tool.ToolApproval>,
  answered: (turn: number, call: Tool.ToolCall) => boolean = () => false
): { readonly turn: number; readonly calls: ReadonlyArray<Tool.ToolCall> } | undefined => {
  let turn = messages.length - 1
  for (; turn >= 0; turn--) {
    const message = messages[turn]!
    if (message._tag === "AssistantMessage") break
    if (message._tag === "UserMessage") return undefined
  }
  const last = messages[turn]
  if (last?._tag !== "AssistantMessage") return undefined
  const results = resultsById(messages.slice(turn + 1))
  const calls = last.toolCalls.filter((call) => !isAnswered(results, call) && !answered(turn, call))
  return calls.length === 0 ? undefined : { turn, calls }
}

/**
 * The ids of the calls of the turns from `from` to `to` (the part of `messages` a client supplied) that no result in
 * `messages` answers and no approval of the same input (`approved`, by call id) answers: left out, never run.
 */
export const unansweredFrom = (
  messages: ReadonlyArray<Message.Message>,
  from: number,
  approved: ReadonlySet<string>,
  to = messages.length
): Set<string> => {
  const results = resultsById(messages)
  return new Set(
    messages.slice(from, to).flatMap((message) =>
      message._tag === "AssistantMessage"
        ? message.toolCalls.flatMap((call) => approved.has(call.id) || isAnswered(results, call) ? [] : [call.id])
        : []
    )
  )
}

/**
 * A tool call's id as an API that restricts its characters takes it (`plainCallIds`): itself when it is one, else
 * its allowed characters (the others as `_`), cut, `_` and a hash of the whole id, so a call and its result stay
 * paired and two ids give two.
 */
export const plainCallId = (id: string): string =>
  plain.test(id) ? id : hashed(id, id.replace(/[^a-zA-Z0-9_-]/g, "_"), 64)

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

/**
 * What each message's calls or result go under (`distinctCallIds`): a call whose id an earlier call has goes under
 * `<id>#<n>` (`n` from 2, the first free), the results answering it too (a result answers the latest call of its id
 * before it). An id depends only on the messages before it, so a cached prefix stays cached; the API's own turns
 * (`own`, sent with their blocks) keep theirs.
 */
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

/**
 * The rules that rewrite a conversation's messages, in the order they apply (`own`: the format of the API's own
 * turns, sent with their blocks).
 */
const rewrites: ReadonlyArray<
  readonly [Name, (messages: ReadonlyArray<Message.Message>, own: string) => ReadonlyArray<Message.Message>]
> = [["toolResultsAfterCalls", paired], ["distinctCallIds", distinctCallIds]]

/** The conversation as an API whose table is `rules` may be sent it: its rules that rewrite messages applied. */
export const sendable = (
  messages: ReadonlyArray<Message.Message>,
  rules: Rules,
  own = ""
): ReadonlyArray<Message.Message> =>
  rewrites.reduce((sent, [name, rewrite]) => has(rules, name) ? rewrite(sent, own) : sent, messages)

/** Whether a text has nothing in it (`noBlankText`): empty, or only whitespace. */
export const isBlank = (text: string): boolean => text.trim() === ""

/** What a tool result with no output says where the API takes no empty one (`resultWithContent`). */
export const noOutput = "(no output)"

/**
 * Whether the part at `index` of a user message is an empty text an API that refuses empty text is not sent (the `ai`
 * client sends its message box's text, empty or not, beside the files): one no cache point follows.
 */
export const isLeftOut = (parts: ReadonlyArray<Message.Part>, index: number): boolean => {
  const part = parts[index]!
  return part._tag === "TextPart" && part.text === "" && parts[index + 1]?._tag !== "CachePointPart"
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
 * The names of the tools a conversation's calls and results name, in order, those the APIs take as names
 * (`toolsForHistory`; with none left, one stands for them).
 */
export const historyToolNames = (messages: ReadonlyArray<Message.Message>): ReadonlyArray<string> => {
  const names = new Set<string>()
  for (const message of messages) {
    if (message._tag === "AssistantMessage") { for (const call of message.toolCalls) names.add(call.name) }
    if (message._tag === "ToolResultMessage") names.add(message.name)
  }
  const valid = [...names].filter((name) => plain.test(name))
  return valid.length > 0 ? valid : ["earlier_tool"]
}
