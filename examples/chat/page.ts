/**
 * The chat page: the `ai` package's `AbstractChat` with its `DefaultChatTransport`, no framework. This is what
 * `useChat` runs inside (`@ai-sdk/react` only adds React state): the page sends the conversation to
 * `/api/chat`, reads the UI message stream the Effect server writes, and renders each message as it grows. The
 * chat's id is kept for the tab (`sessionStorage`): a reload resumes the answer under way (`resumeStream`, what
 * `useChat({ resume: true })` does). "Stop" calls `chat.stop()` (the browser stops reading) and asks the server to
 * stop the answer (`POST /api/chat/:id/stop`), which saves what was sent. Bundled for the browser by the server
 * at start (esbuild).
 */
import { AbstractChat, type ChatState, type ChatStatus, DefaultChatTransport, type UIMessage } from "ai"

/** The chat's state, re-rendering the page on every change (what a framework's store does). */
class PageState implements ChatState<UIMessage> {
  private currentMessages: Array<UIMessage> = []
  private currentStatus: ChatStatus = "ready"
  private currentError: Error | undefined = undefined

  constructor(private readonly render: () => void) {}

  get messages(): Array<UIMessage> {
    return this.currentMessages
  }
  set messages(messages: Array<UIMessage>) {
    this.currentMessages = messages
    this.render()
  }
  get status(): ChatStatus {
    return this.currentStatus
  }
  set status(status: ChatStatus) {
    this.currentStatus = status
    this.render()
  }
  get error(): Error | undefined {
    return this.currentError
  }
  set error(error: Error | undefined) {
    this.currentError = error
    this.render()
  }
  pushMessage = (message: UIMessage) => {
    this.messages = [...this.currentMessages, message]
  }
  popMessage = () => {
    this.messages = this.currentMessages.slice(0, -1)
  }
  replaceMessage = (index: number, message: UIMessage) => {
    const messages = [...this.currentMessages]
    messages[index] = message
    this.messages = messages
  }
  snapshot = <T>(thing: T): T => structuredClone(thing)
}

/** The tab's chat id: kept across reloads, so that a reload resumes the answer under way. */
const chatId = sessionStorage.getItem("chat-id") ?? crypto.randomUUID()
sessionStorage.setItem("chat-id", chatId)

class PageChat extends AbstractChat<UIMessage> {
  constructor(render: () => void) {
    super({ id: chatId, transport: new DefaultChatTransport({ api: "/api/chat" }), state: new PageState(render) })
  }
}

const element = <K extends keyof HTMLElementTagNameMap>(tag: K, text: string, className?: string) => {
  const node = document.createElement(tag)
  node.textContent = text
  if (className !== undefined) node.className = className
  return node
}

const render = () => {
  const list = document.getElementById("messages")!
  list.replaceChildren(...chat.messages.map((message) => {
    const node = element("div", "", `message ${message.role}`)
    node.dataset["role"] = message.role
    for (const part of message.parts) {
      if (part.type === "text") node.append(element("p", part.text, "text"))
      else if (part.type === "reasoning") node.append(element("p", part.text, "reasoning"))
      else if (part.type.startsWith("tool-")) node.append(element("p", `[${part.type.slice(5)}]`, "tool"))
    }
    const metadata = message.metadata as
      | { cost?: string; usage?: { outputTokens?: number }; stopReason?: string }
      | undefined
    if (metadata?.usage !== undefined) {
      // An answer a budget or a spend limit cut says so.
      const cut = metadata.stopReason === "budget" || metadata.stopReason === "spend-limit"
        ? ` (cut: ${metadata.stopReason})`
        : ""
      node.append(
        element("small", `${metadata.usage.outputTokens ?? "?"} tokens, $${metadata.cost ?? "?"}${cut}`, "meta")
      )
    }
    return node
  }))
  document.getElementById("status")!.textContent = chat.status
  document.getElementById("error")!.textContent = chat.error?.message ?? ""
}

const chat: PageChat = new PageChat(() => {
  // The first renders come from the constructor, before `chat` is assigned.
  if (typeof chat !== "undefined") render()
})

document.getElementById("form")!.addEventListener("submit", (event) => {
  event.preventDefault()
  const input = document.getElementById("input") as HTMLInputElement
  const text = input.value.trim()
  if (text === "") return
  input.value = ""
  void chat.sendMessage({ text })
})
document.getElementById("stop")!.addEventListener("click", () => {
  void chat.stop()
  void fetch(`/api/chat/${encodeURIComponent(chatId)}/stop`, { method: "POST" })
})
render()
void chat.resumeStream()
