/**
 * The chat page: the `ai` package's `AbstractChat` with its `DefaultChatTransport`, no framework. This is what
 * `useChat` runs inside (`@ai-sdk/react` only adds React state): the page sends the conversation to
 * `/api/chat`, reads the UI message stream the Effect server writes, and renders each message as it grows. The
 * chat's id is kept for the tab (`sessionStorage`): a reload resumes the answer under way (`resumeStream`, what
 * `useChat({ resume: true })` does). "Stop" asks the server to stop the answer (`POST /api/chat/:id/stop`), which
 * saves what was sent and ends the stream with what it cost; the footer says so. A tool call waiting for the user is
 * shown whole (`ChatPage.pending`: its tool's name and arguments, the budget question's amounts). Bundled for the
 * browser by the server at start (esbuild).
 */
import { AbstractChat, type ChatState, type ChatStatus, DefaultChatTransport, type UIMessage } from "ai"
import * as ChatPage from "effect-llm-stream/ChatPage"

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

/** A tool call: what it asks when it waits for the user (its tool's name and arguments, Approve or Deny), else its name. */
const toolPart = (part: UIMessage["parts"][number]): HTMLElement => {
  const asked = ChatPage.pending(part)
  if (asked === undefined) {
    const name = part.type === "dynamic-tool" ? part.toolName : part.type.slice(5)
    return element("p", `[${name}]`, "tool")
  }
  const node = element("p", `${asked.text} `, "tool")
  const [yes, no] = asked._tag === "BudgetQuestion" ? ["Go on", "End here"] : ["Approve", "Deny"]
  for (const [text, approved] of [[yes, true], [no, false]] as const) {
    const button = element("button", text)
    button.onclick = () => void chat.addToolApprovalResponse({ id: asked.approvalId, approved })
    node.append(button)
  }
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
      else if (part.type === "dynamic-tool" || part.type.startsWith("tool-")) node.append(toolPart(part))
    }
    // An answer that ended: its model, its cost, and why a bound or a stop ended it, in words.
    const footer = ChatPage.footer(message.metadata)
    if (footer !== undefined) node.append(element("small", footer, "meta"))
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
// Stop asks the server to stop the answer: its stream ends with what the answer cost (the footer says "stopped").
// Without an answer of the server's to stop, the client stops reading. The page's assistant message goes with it (the
// AI SDK's stop body), or the id of the person's message: an answer the server has not started yet stops as it starts.
document.getElementById("stop")!.addEventListener("click", () => {
  const last = chat.messages.at(-1)
  const body = JSON.stringify(last?.role === "assistant" ? { assistantMessage: last } : { messageId: last?.id })
  void fetch(`/api/chat/${encodeURIComponent(chatId)}/stop`, { method: "POST", body }).then((response) =>
    response.ok ? undefined : chat.stop()
  )
})
render()
void chat.resumeStream()
