/**
 * A chat page on `ChatEndpoint`, for the browser test: the `ai` package's `AbstractChat` with its
 * `DefaultChatTransport` (what `useChat` runs), its id the page's `#hash`, resuming the chat's answer when the page
 * loads (`resumeStream`, what `useChat({ resume: true })` does), sending answered approvals on by itself. Each tool
 * part waiting for approval shows "approve" and "deny"; "stop" stops the client's request and asks the server to
 * stop the answer (`POST /api/chat/:id/stop`). `?api=<origin>` puts the endpoint on another origin, and
 * `&credentials=include` sends its session cookie there. Bundled for the browser by the test.
 */
import {
  AbstractChat,
  type ChatState,
  type ChatStatus,
  DefaultChatTransport,
  lastAssistantMessageIsCompleteWithApprovalResponses,
  type UIMessage
} from "ai"

class PageState implements ChatState<UIMessage> {
  private current: Array<UIMessage> = []
  private currentStatus: ChatStatus = "ready"
  private currentError: Error | undefined = undefined
  constructor(private readonly render: () => void) {}
  get error(): Error | undefined {
    return this.currentError
  }
  set error(error: Error | undefined) {
    this.currentError = error
    this.render()
  }
  get messages(): Array<UIMessage> {
    return this.current
  }
  set messages(messages: Array<UIMessage>) {
    this.current = messages
    this.render()
  }
  get status(): ChatStatus {
    return this.currentStatus
  }
  set status(status: ChatStatus) {
    this.currentStatus = status
    this.render()
  }
  pushMessage = (message: UIMessage) => (this.messages = [...this.current, message])
  popMessage = () => (this.messages = this.current.slice(0, -1))
  replaceMessage = (index: number, message: UIMessage) => {
    const messages = [...this.current]
    messages[index] = message
    this.messages = messages
  }
  snapshot = <T>(thing: T): T => structuredClone(thing)
}

const chatId = location.hash.slice(1)
// The endpoint's origin, when it is not the page's (`?api=`), and the credentials mode its requests go with.
const query = new URLSearchParams(location.search)
const api = query.get("api") ?? ""
const credentials = (query.get("credentials") ?? undefined) as RequestCredentials | undefined

const button = (label: string, onClick: () => void) =>
  Object.assign(document.createElement("button"), { className: label, textContent: label, onclick: onClick })

const render = () => {
  if (typeof chat === "undefined") return
  document.getElementById("messages")!.replaceChildren(...chat.messages.map((message) => {
    const node = Object.assign(document.createElement("div"), { className: `message ${message.role}` })
    for (const part of message.parts as Array<any>) {
      if (part.type === "text") {
        node.append(Object.assign(document.createElement("p"), { className: "text", textContent: part.text }))
      }
      if (!part.type.startsWith("tool-")) continue
      const tool = Object.assign(document.createElement("p"), { className: `tool ${part.state}` })
      tool.textContent = `${part.type.slice(5)} ${JSON.stringify(part.input)}: ${part.state}`
      if (part.state === "approval-requested") {
        const id = part.approval.id
        tool.append(
          button("approve", () => void chat.addToolApprovalResponse({ id, approved: true })),
          button("deny", () => void chat.addToolApprovalResponse({ id, approved: false, reason: "not that one" }))
        )
      }
      node.append(tool)
    }
    const stopReason = (message.metadata as any)?.stopReason
    if (stopReason !== undefined) node.dataset["stopReason"] = stopReason
    return node
  }))
  document.getElementById("status")!.textContent = chat.status
  document.getElementById("error")!.textContent = chat.error?.message ?? ""
}

const chat: AbstractChat<UIMessage> = new (class extends AbstractChat<UIMessage> {})({
  id: chatId,
  transport: new DefaultChatTransport({
    api: `${api}/api/chat`,
    ...(credentials === undefined ? {} : { credentials })
  }),
  state: new PageState(render),
  sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses
})

document.getElementById("form")!.addEventListener("submit", (event) => {
  event.preventDefault()
  const input = document.getElementById("input") as HTMLInputElement
  void chat.sendMessage({ text: input.value })
  input.value = ""
})
document.getElementById("stop")!.addEventListener("click", () => {
  void chat.stop()
  void fetch(`${api}/api/chat/${encodeURIComponent(chatId)}/stop`, {
    method: "POST",
    ...(credentials ? { credentials } : {})
  })
})
render()
void chat.resumeStream()
