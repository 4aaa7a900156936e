/**
 * What a chat page needs beside the `ai` package's client, without a framework: the state its `AbstractChat` keeps,
 * calling back on every change, and an answer's finish metadata in words. It imports nothing.
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
 * several fields in a row).
 *
 * @since 0.6.0
 * @category Constructors
 */
export const state = <Message>(onChange: () => void): State<Message> => {
  let messages: Array<Message> = []
  let status: Status = "ready"
  let error: Error | undefined
  const changed = () => void setTimeout(onChange)
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
      status = next
      changed()
    },
    get error() {
      return error
    },
    set error(next) {
      error = next
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

/** Why a bound or the model cut an answer, in words, by the metadata's `stopReason` or `finishReason`. */
const cuts: Readonly<Record<string, string>> = {
  budget: "cut: it reached its budget",
  "spend-limit": "cut: you reached your spend limit",
  length: "cut: the model's output limit"
}

/**
 * An answer's finish metadata in words: its model, its cost (`about` an estimate) and why a bound cut it (`"gpt ·
 * $0.0001 · cut: it reached its budget"`); `undefined` for an answer not finished.
 *
 * @since 0.6.0
 * @category Formatting
 */
export const footer = (metadata: unknown): string | undefined => {
  if (typeof metadata !== "object" || metadata === null || !("usage" in metadata)) return undefined
  const { cost, finishReason, modelId, spend, stopReason } = metadata as Record<string, unknown>
  const reason = [stopReason, finishReason].find((given) => typeof given === "string" && Object.hasOwn(cuts, given))
  const cut = reason === undefined ? undefined : cuts[reason as string]
  const about = (spend as { readonly estimated?: unknown } | undefined)?.estimated === true ? "about " : ""
  return [modelId, typeof cost === "string" ? `${about}$${cost}` : undefined, cut].filter(Boolean).join(" · ")
}
