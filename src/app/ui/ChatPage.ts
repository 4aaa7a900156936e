/**
 * What a chat page needs beside the `ai` package's client, without a framework: the state its `AbstractChat` keeps,
 * calling back on every change (kept in the tab's `sessionStorage` across reloads with `kept`), what a part waiting
 * for the user asks in words (`pending`: a tool's name and arguments, the budget question's amounts, a form's fields),
 * and an answer's finish metadata in words. It imports nothing.
 *
 * @example
 * ```ts
 * import { AbstractChat, DefaultChatTransport, type UIMessage } from "ai"
 * import { ChatPage } from "effect-llm-stream"
 *
 * const render = () => {}
 * const chat = new (class extends AbstractChat<UIMessage> {})({
 *   state: ChatPage.state<UIMessage>(render),
 *   transport: new DefaultChatTransport()
 * })
 * ```
 *
 * @since 0.6.0
 */

/**
 * The status of a chat, as the `ai` client names it.
 *
 * @since 0.6.0
 * @category Models
 */
export type Status = "submitted" | "streaming" | "ready" | "error"

/**
 * The state `AbstractChat` keeps (the `ai` package's `ChatState`), with `onChange` called after each change.
 *
 * @since 0.6.0
 * @category Models
 */
export interface State<Message> {
  messages: Array<Message>
  status: Status
  error: Error | undefined
  readonly pushMessage: (message: Message) => void
  readonly popMessage: () => void
  readonly replaceMessage: (index: number, message: Message) => void
  readonly snapshot: <T>(thing: T) => T
}

/**
 * A chat's state for `AbstractChat`, calling `onChange` after each change (in a task of its own, as the client changes
 * several fields in a row). An answer the server refused (a 400 to the request that carried it: the client's `error`,
 * the server's sentence, with the status `"error"`) is taken back: its part waits for an answer again, as it was asked.
 *
 * @since 0.6.0
 * @category Constructors
 */
export const state = <Message>(onChange: () => void): State<Message> => stateOf<Message>(onChange, [], () => {})

/**
 * Where a page keeps its conversation across reloads: a `Storage` (the tab's `sessionStorage`) and the key under
 * which it is kept.
 *
 * @since 0.7.0
 * @category Models
 */
export interface Keeping {
  readonly storage: {
    readonly getItem: (key: string) => string | null
    readonly setItem: (key: string, value: string) => void
  }
  readonly key: string
}

/**
 * A chat's state kept in `storage`, as `state`'s, and whether an answer was under way when it was last kept
 * (`answering`: resume it with `chat.resumeStream()`).
 *
 * @since 0.7.0
 * @category Models
 */
export interface Kept<Message> extends State<Message> {
  readonly answering: boolean
}

/**
 * A chat's state as `state`'s, kept in a `Storage` (the tab's `sessionStorage`) so that a reload keeps the
 * conversation: the messages as they were sent when a request starts (`answering`: the answer the server stores is
 * resumed on top of them, never doubled), and whole once the chat is `ready` again (after an answer ended, was
 * stopped, an approval was given, or an answer refused was taken back). A storage that is full or refuses keeps what it
 * had.
 *
 * @since 0.7.0
 * @category Constructors
 */
export const kept = <Message>(onChange: () => void, keeping: Keeping): Kept<Message> => {
  const read = readKept<Message>(keeping)
  const keep = (messages: Array<Message>, status: Status) => {
    if (status === "streaming" || status === "submitted") return
    write(keeping, messages, false)
  }
  const made = stateOf<Message>(onChange, read.messages, keep, (messages) => write(keeping, messages, true))
  return Object.assign(made, { answering: read.answering })
}

/** What `keeping` holds: the messages and whether an answer was under way; nothing for what it cannot read. */
const readKept = <Message>(keeping: Keeping): { messages: Array<Message>; answering: boolean } => {
  try {
    const held = JSON.parse(keeping.storage.getItem(keeping.key) ?? "null") as unknown
    return isRecord(held) && Array.isArray(held["messages"])
      ? { messages: held["messages"] as Array<Message>, answering: held["answering"] === true }
      : { messages: [], answering: false }
  } catch {
    return { messages: [], answering: false }
  }
}

const write = (keeping: Keeping, messages: ReadonlyArray<unknown>, answering: boolean): void => {
  try {
    keeping.storage.setItem(keeping.key, JSON.stringify({ messages, answering }))
  } catch {
    // A full storage keeps what it had: the page works on, a reload shows less.
  }
}

/** The approval ids a request answers: those of the parts answered in its last message, an assistant's. */
const answeredIn = (messages: ReadonlyArray<unknown>): ReadonlySet<string> => {
  const last = messages.at(-1)
  if (!isRecord(last) || last["role"] !== "assistant" || !Array.isArray(last["parts"])) return new Set()
  return new Set(last["parts"].flatMap((part: unknown) => {
    const id = isRecord(part) && part["state"] === "approval-responded" && isRecord(part["approval"])
      ? part["approval"]["id"]
      : undefined
    return typeof id === "string" ? [id] : []
  }))
}

/**
 * A part answered under one of `ids` as it was asked, before the answer: waiting for it again, its approval without
 * what the `ai` client wrote into it (`approved`, `reason`); any other part as it is.
 */
const askedAgain = (part: unknown, ids: ReadonlySet<string>): unknown => {
  if (!isRecord(part) || part["state"] !== "approval-responded" || !isRecord(part["approval"])) return part
  const { approved: _approved, reason: _reason, ...approval } = part["approval"]
  return typeof approval["id"] === "string" && ids.has(approval["id"])
    ? { ...part, state: "approval-requested", approval }
    : part
}

/**
 * The messages with the answers of `ids` taken back: the request that carried them was refused whole with a 400 (the
 * `ai` client's error's `statusCode`; the server checks every answer before it takes any), so each asks again.
 */
const answersRefused = <Message>(messages: Array<Message>, ids: ReadonlySet<string>, error: unknown) => {
  if (ids.size === 0 || !isRecord(error) || error["statusCode"] !== 400) return messages
  return messages.map((message) => {
    if (!isRecord(message) || !Array.isArray(message["parts"])) return message
    const parts: Array<unknown> = message["parts"]
    const again = parts.map((part) => askedAgain(part, ids))
    return again.some((part, at) => part !== parts[at]) ? { ...message, parts: again } as Message : message
  })
}

const stateOf = <Message>(
  onChange: () => void,
  initial: Array<Message>,
  keep: (messages: Array<Message>, status: Status) => void,
  started: (messages: Array<Message>) => void = () => {}
): State<Message> => {
  let messages: Array<Message> = initial
  let status: Status = "ready"
  let error: Error | undefined
  // The approvals the request under way answers, asked again if the server refuses it.
  let answered: ReadonlySet<string> = new Set()
  const changed = () => {
    keep(messages, status)
    setTimeout(onChange)
  }
  return {
    get messages() {
      return messages
    },
    set messages(next) {
      messages = next
      changed()
    },
    get status() {
      return status
    },
    set status(next) {
      if (next === "submitted") {
        started(messages)
        answered = answeredIn(messages)
      }
      status = next
      changed()
    },
    get error() {
      return error
    },
    // The `ai` client sets the status `"error"`, then the error.
    set error(next) {
      error = next
      if (status === "error") messages = answersRefused(messages, answered, next)
      changed()
    },
    pushMessage: (message) => {
      messages = [...messages, message]
      changed()
    },
    popMessage: () => {
      messages = messages.slice(0, -1)
      changed()
    },
    replaceMessage: (index, message) => {
      messages = messages.map((old, at) => at === index ? message : old)
      changed()
    },
    snapshot: (thing) => structuredClone(thing)
  }
}

/** Why a bound, the model or a stop ended an answer, in words, by the metadata's `stopReason` or `finishReason`. */
const cuts: Readonly<Record<string, string>> = {
  budget: "cut: it reached its budget",
  "spend-limit": "cut: you reached your spend limit",
  length: "cut: the model's output limit",
  stopped: "stopped"
}

/**
 * An answer's finish metadata in words: its model, its cost (`about` an estimate) and why a bound cut it or a stop
 * ended it (`"gpt · $0.0001 · cut: it reached its budget"`, `"gpt · about $0.0001 · stopped"`: a stopped answer's
 * metadata says what it spent and no reason it finished); `undefined` for an answer not finished.
 *
 * @since 0.6.0
 * @category Formatting
 */
export const footer = (metadata: unknown): string | undefined => {
  if (typeof metadata !== "object" || metadata === null || !("usage" in metadata)) return undefined
  const { cost, finishReason, modelId, spend, stopReason } = metadata as Record<string, unknown>
  const stopped = stopReason === undefined && finishReason === undefined ? "stopped" : undefined
  const reason = [stopReason, finishReason, stopped].find((given) =>
    typeof given === "string" && Object.hasOwn(cuts, given)
  )
  const cut = reason === undefined ? undefined : cuts[reason as string]
  const about = (spend as { readonly estimated?: unknown } | undefined)?.estimated === true ? "about " : ""
  return [modelId, typeof cost === "string" ? `${about}$${cost}` : undefined, cut].filter(Boolean).join(" · ")
}

/**
 * One field of a form whose schema is simple enough to show as fields: a property of type string, number, integer or
 * boolean, or a list of strings to pick from (`enum`).
 *
 * @since 0.7.0
 * @category Models
 */
export interface Field {
  readonly name: string
  /** What the field is called for a person: the property's `title`, else its `description`, else its name. */
  readonly label: string
  readonly type: "string" | "number" | "integer" | "boolean"
  /** The values to pick from (a schema's `enum` of strings). */
  readonly options?: ReadonlyArray<string> | undefined
  readonly required: boolean
}

/**
 * What a part waiting for the user asks, worded whole: a tool call to approve (the tool's name and its arguments),
 * the budget question (what the answer spent and its cap), a tool's form (its message, its schema, and its fields
 * when the schema is simple), or a page a tool asks the person to open (its message, the URL and its host). `text`
 * is one sentence for a person; `approvalId` is what the answer goes back with
 * (`addToolApprovalResponse({ id: approvalId, ... })`).
 *
 * @since 0.7.0
 * @category Models
 */
export type Pending =
  | {
    readonly _tag: "Approval"
    readonly approvalId: string
    readonly toolName: string
    readonly input: unknown
    /**
     * Who runs the call once approved, when not this app: a remote MCP server's label, for a call its provider runs
     * (the descriptor's `server`).
     *
     * @since 0.7.0
     */
    readonly server?: string | undefined
    readonly text: string
  }
  | {
    readonly _tag: "BudgetQuestion"
    readonly approvalId: string
    /** What the answer spent, in dollars. */
    readonly spent: string
    /** The answer's budget, in dollars. */
    readonly cap: string
    readonly text: string
  }
  | {
    /**
     * A page the tool's server asks the person to open (MCP URL-mode elicitation), a form of no fields: approved (with
     * no values, `reason: "{}"`) once they consented to open it and went there, else declined or cancelled. Show `href`
     * whole and `host` plainly (punycode for an international domain) before they consent; open it only when they do,
     * in a browser of its own (a new tab, `noopener`), never fetched or framed by the page.
     *
     * @since 0.7.0
     */
    readonly _tag: "Link"
    readonly approvalId: string
    readonly toolName: string
    readonly input: unknown
    /** The URL, as it resolves. */
    readonly href: string
    /** Its host, in ASCII. */
    readonly host: string
    /** The answer's schema: an object of no members. */
    readonly schema: Readonly<Record<string, unknown>>
    readonly text: string
  }
  | {
    readonly _tag: "Form"
    readonly approvalId: string
    readonly toolName: string
    readonly input: unknown
    /** The form's JSON Schema, as the tool sent it. */
    readonly schema: Readonly<Record<string, unknown>>
    /** Its fields, for a schema of simple properties only; `undefined`: show the schema as JSON to fill in. */
    readonly fields: ReadonlyArray<Field> | undefined
    readonly text: string
  }

/** What a call waiting for the user carries: its tool's name, its input, and what the request showed. */
export interface Asked {
  readonly approvalId: string
  readonly toolName: string
  readonly input: unknown
  /**
   * The approval's descriptor: a tool's form as `{ elicitation: { message, requestedSchema } }`; a call its provider
   * runs once approved as `{ server }`, the remote MCP server's label.
   */
  readonly descriptor?: unknown
  /**
   * Whether it is a budget's question, where the protocol says so by its kind (AG-UI's loop events); else it is read
   * from the UI message stream's part name for it (`UIMessageStream.budgetQuestionPart`).
   */
  readonly question?: boolean | undefined
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** A text cut to `max` characters, with an ellipsis when cut. */
const cut = (text: string, max: number): string => text.length > max ? `${text.slice(0, max - 1)}…` : text

/**
 * A call's arguments for a person: `name: value` for each argument (values as JSON), the whole as JSON when the input
 * is no object, and nothing for no arguments (`text: "buy milk", tags: ["home"]`).
 *
 * @since 0.7.0
 * @category Formatting
 */
export const argumentsOf = (input: unknown): string =>
  isRecord(input)
    ? Object.entries(input).map(([name, value]) => `${name}: ${JSON.stringify(value) ?? "null"}`).join(", ")
    : input === undefined
    ? ""
    : JSON.stringify(input) ?? ""

/**
 * The amounts of a budget question: on the UI message stream a dynamic tool part `budget_question` (its mapping's
 * name, `UIMessageStream.budgetQuestionPart`, written out: this module imports nothing), whose input is `{ spent, cap
 * }`. The one place that knows how a budget question looks.
 */
const budgetOf = (asked: Asked): { readonly spent: string; readonly cap: string } | undefined => {
  const { input, toolName } = asked
  return (asked.question ?? toolName === "budget_question") && isRecord(input) && typeof input["spent"] === "string" &&
      typeof input["cap"] === "string"
    ? { spent: input["spent"], cap: input["cap"] }
    : undefined
}

/** A form's fields, if each of its properties is simple; `undefined` for any other schema. */
export const fieldsOf = (schema: unknown): ReadonlyArray<Field> | undefined => {
  if (!isRecord(schema) || !isRecord(schema["properties"])) return undefined
  const required = Array.isArray(schema["required"]) ? schema["required"] : []
  const fields: Array<Field> = []
  for (const [name, property] of Object.entries(schema["properties"])) {
    if (!isRecord(property)) return undefined
    const options = Array.isArray(property["enum"]) && property["enum"].every((one) => typeof one === "string")
      ? property["enum"] as ReadonlyArray<string>
      : undefined
    const type = property["type"] ?? (options === undefined ? undefined : "string")
    if (type !== "string" && type !== "number" && type !== "integer" && type !== "boolean") return undefined
    const label = [property["title"], property["description"]].find((text) => typeof text === "string" && text !== "")
    fields.push({
      name,
      label: (label as string | undefined) ?? name,
      type,
      ...(options === undefined ? {} : { options }),
      required: required.includes(name)
    })
  }
  return fields
}

/**
 * What a call waiting for the user asks, worded whole (`Pending`): the budget question with both amounts, a tool's
 * form with its own message, else the approval of the call with the tool's name and its arguments. The one mapping
 * from what a protocol carries to what a person is asked; AG-UI's interrupts are worded by it too.
 *
 * @since 0.7.0
 * @category Formatting
 */
export const asked = (call: Asked): Pending => {
  const { approvalId, input, toolName } = call
  const budget = budgetOf(call)
  if (budget !== undefined) {
    const text = `This answer has spent $${budget.spent} of its $${budget.cap} budget: go on?`
    return { _tag: "BudgetQuestion", approvalId, ...budget, text }
  }
  const form = isRecord(call.descriptor) && isRecord(call.descriptor["elicitation"])
    ? call.descriptor["elicitation"]
    : undefined
  if (form !== undefined) {
    const schema = isRecord(form["requestedSchema"]) ? form["requestedSchema"] : {}
    const text = typeof form["message"] === "string" ? form["message"] : `${toolName} asks for input.`
    const link = linkOf(form["url"])
    if (link !== undefined) {
      const question = `${text} Open ${link.href} (${link.host})?`
      return { _tag: "Link", approvalId, toolName, input, ...link, schema, text: question }
    }
    return { _tag: "Form", approvalId, toolName, input, schema, fields: fieldsOf(schema), text }
  }
  const args = cut(argumentsOf(input), 300)
  const server = serverOf(call.descriptor)
  const on = server === undefined ? "" : ` on ${server}`
  const text = `Run ${toolName}${on}${args === "" ? "" : ` (${args})`}?`
  return { _tag: "Approval", approvalId, toolName, input, ...(server === undefined ? {} : { server }), text }
}

/**
 * The page a tool's question asks the person to open (the descriptor's `elicitation.url`), read again from its `href`:
 * the URL as it resolves and its host as the URL names it (never a host given beside it), for `https:` and `http:`
 * without a user name or password; `undefined` for any other.
 */
const linkOf = (url: unknown): { readonly href: string; readonly host: string } | undefined => {
  const href = isRecord(url) ? url["href"] : undefined
  if (typeof href !== "string" || !URL.canParse(href)) return undefined
  const parsed = new URL(href)
  const web = parsed.protocol === "https:" || parsed.protocol === "http:"
  return web && parsed.username === "" && parsed.password === "" ? { href: parsed.href, host: parsed.host } : undefined
}

/**
 * Who runs a call once approved, as a person reads it: the descriptor's `server` (a remote MCP server's label, which
 * the model's provider echoes), on one line and cut to 100 characters; `undefined` for none.
 */
const serverOf = (descriptor: unknown): string | undefined => {
  const server = isRecord(descriptor) ? descriptor["server"] : undefined
  if (typeof server !== "string") return undefined
  const line = server.replace(/\s+/g, " ").trim()
  return line === "" ? undefined : cut(line, 100)
}

/**
 * What a message part waiting for the user's answer asks (`state: "approval-requested"`), worded whole; `undefined`
 * for any other part. The tool's name is a dynamic tool part's `toolName`, a static one's type after `tool-`.
 *
 * @example
 * ```ts
 * import { ChatPage } from "effect-llm-stream"
 *
 * const part = {
 *   type: "tool-save_note",
 *   toolCallId: "c1",
 *   state: "approval-requested",
 *   input: { text: "buy milk" },
 *   approval: { id: "a1" }
 * }
 * ChatPage.pending(part)?.text // 'Run save_note (text: "buy milk")?'
 * ```
 *
 * @since 0.7.0
 * @category Formatting
 */
export const pending = (part: unknown): Pending | undefined => {
  if (!isRecord(part) || part["state"] !== "approval-requested" || !isRecord(part["approval"])) return undefined
  const { approval, type } = part
  const toolName = type === "dynamic-tool"
    ? part["toolName"]
    : typeof type === "string" && type.startsWith("tool-")
    ? type.slice(5)
    : undefined
  if (typeof toolName !== "string" || typeof approval["id"] !== "string") return undefined
  return asked({ approvalId: approval["id"], toolName, input: part["input"], descriptor: approval["descriptor"] })
}

/**
 * A form's values as its schema types them, from what its fields hold (text, or a checkbox's boolean): a number field's
 * text as a number, an empty optional field left out. Send them as the approval's `reason`, as JSON.
 *
 * @since 0.7.0
 * @category Formatting
 */
export const valuesOf = (
  fields: ReadonlyArray<Field>,
  read: (field: Field) => string | boolean
): Record<string, string | number | boolean> => {
  const values: Record<string, string | number | boolean> = {}
  for (const field of fields) {
    const value = read(field)
    if (value === "" && !field.required) continue
    values[field.name] = typeof value === "boolean" || field.type === "string" ? value : Number(value)
  }
  return values
}
