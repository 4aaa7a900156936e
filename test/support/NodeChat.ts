/**
 * The `ai` package's own chat client (`AbstractChat` with `DefaultChatTransport`, what `useChat` runs) in Node,
 * talking to a server over HTTP: its state kept in plain fields, every body it POSTs recorded, and a way to wait
 * until it is ready again. It answers approvals with `addToolApprovalResponse` and sends them on by itself
 * (`lastAssistantMessageIsCompleteWithApprovalResponses`), as a page with `useChat` does.
 */
import {
  AbstractChat,
  type ChatState,
  type ChatStatus,
  DefaultChatTransport,
  lastAssistantMessageIsCompleteWithApprovalResponses,
  type UIMessage
} from "ai"

class State implements ChatState<UIMessage> {
  messages: Array<UIMessage> = []
  private currentStatus: ChatStatus = "ready"
  error: Error | undefined = undefined
  readonly listeners = new Set<() => void>()
  /** Every metadata an assistant message was given, in order: what a page showed as the answer came. */
  readonly metadataSeen: Array<any> = []
  get status(): ChatStatus {
    return this.currentStatus
  }
  set status(status: ChatStatus) {
    this.currentStatus = status
    for (const listener of [...this.listeners]) listener()
  }
  pushMessage = (message: UIMessage) => {
    this.seen(message)
    this.messages = [...this.messages, message]
  }
  popMessage = () => {
    this.messages = this.messages.slice(0, -1)
  }
  replaceMessage = (index: number, message: UIMessage) => {
    this.seen(message)
    const messages = [...this.messages]
    messages[index] = message
    this.messages = messages
  }
  snapshot = <T>(thing: T): T => structuredClone(thing)
  private seen(message: UIMessage): void {
    if (message.role === "assistant" && message.metadata !== undefined) {
      this.metadataSeen.push(structuredClone(message.metadata))
    }
  }
}

/**
 * A chat with the server at `url` (its `/api/chat`), sending with `send` (default: `fetch`); `posts` holds every
 * body it sent, as text.
 */
export class NodeChat extends AbstractChat<UIMessage> {
  readonly posts: Array<string>
  private readonly chatState: State

  constructor(url: string, id = `chat-${Math.random().toString(36).slice(2)}`, send: typeof fetch = fetch) {
    const state = new State()
    const posts: Array<string> = []
    super({
      id,
      state,
      sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
      transport: new DefaultChatTransport({
        api: `${url}/api/chat`,
        fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
          posts.push(String(init?.body))
          return send(input, init)
        }) as typeof fetch
      })
    })
    this.posts = posts
    this.chatState = state
  }

  /** Resolves once the last message's text has at least `length` characters. */
  streamed(length: number): Promise<void> {
    return new Promise((resolve) => {
      const poll = setInterval(() => {
        if (this.text.length < length) return
        clearInterval(poll)
        resolve()
      }, 10)
    })
  }

  /** The text of the last message. */
  get text(): string {
    const parts = this.messages.at(-1)?.parts ?? []
    return parts.flatMap((part) => part.type === "text" ? [part.text] : []).join("")
  }

  /** The metadata of the last message. */
  get metadata(): any {
    return this.messages.at(-1)?.metadata
  }

  /** Every metadata the assistant messages were given, in the order the client took them. */
  get metadataSeen(): ReadonlyArray<any> {
    return this.chatState.metadataSeen
  }

  /** Resolves once the chat is `ready` (or in `error`) again after `request` started a request. */
  settle(request: () => unknown): Promise<void> {
    return new Promise((resolve) => {
      let started = false
      const check = () => {
        if (this.status === "submitted" || this.status === "streaming") started = true
        else if (started) {
          this.chatState.listeners.delete(check)
          resolve()
        }
      }
      this.chatState.listeners.add(check)
      void request()
    })
  }

  /** The tool parts of the last message, as the client holds them. */
  get toolParts(): Array<any> {
    return (this.messages.at(-1)?.parts ?? []).filter((part) => part.type.startsWith("tool-"))
  }
}
