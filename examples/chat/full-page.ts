/**
 * The page `npx effect-llm-stream chat` serves (with page.html): the `ai` package's chat client (`AbstractChat` with
 * `DefaultChatTransport`, what `useChat` runs) on `ChatEndpoint`, no framework. Send and Stop; the answer under way
 * resumed after a reload; Approve or Deny for a tool that asks; each answer's model, cost in dollars and, when a
 * bound cut it, why in words; the model picked in the `<select>` goes with each message (`body: { model }`).
 * `npm run build` bundles it into dist/chat/page.js, so the command needs no bundler.
 */
import { AbstractChat, DefaultChatTransport, type UIMessage } from "ai"
import { lastAssistantMessageIsCompleteWithApprovalResponses as answered } from "ai"
import * as ChatPage from "effect-llm-stream/ChatPage"

const $ = <E extends HTMLElement>(id: string) => document.getElementById(id) as E
const el = (tag: string, props: object) => Object.assign(document.createElement(tag), props)

const render = () => {
  $("messages").replaceChildren(...chat.messages.map((message) => {
    const node = el("div", { className: `message ${message.role}` })
    for (const part of message.parts as Array<any>) {
      if (part.type === "text") node.append(el("p", { textContent: part.text }))
      if (part.state !== "approval-requested") continue
      const answer = (approved: boolean) => () => chat.addToolApprovalResponse({ id: part.approval.id, approved })
      node.append(
        el("p", { textContent: `${part.type.slice(5)}? ` }),
        el("button", { textContent: "Approve", onclick: answer(true) }),
        el("button", { textContent: "Deny", onclick: answer(false) })
      )
    }
    // Under a finished answer: its model, its cost in dollars, and why a bound cut it, if one did.
    const footer = ChatPage.footer(message.metadata)
    if (footer !== undefined) node.append(el("small", { className: "meta", textContent: footer }))
    return node
  }))
  $("status").textContent = chat.error?.message ?? chat.status
}

// The tab's chat id, kept across reloads: a reload resumes the answer under way.
const id = sessionStorage.getItem("chat-id") ?? crypto.randomUUID()
sessionStorage.setItem("chat-id", id)
// The model picked goes with every request (`body: { model }`), approvals sent on by themselves included.
const transport = new DefaultChatTransport({ body: () => ({ model: $<HTMLSelectElement>("model").value }) })
// The chat's state re-renders the page on every change (what a framework's store does).
const state = ChatPage.state<UIMessage>(render)
const chat = new (class extends AbstractChat<UIMessage> {})({ id, state, transport, sendAutomaticallyWhen: answered })

$("form").onsubmit = (event) => {
  event.preventDefault()
  const input = $<HTMLInputElement>("input")
  if (input.value.trim() !== "") void chat.sendMessage({ text: input.value })
  input.value = ""
}
$("stop").onclick = () => void chat.stop().then(() => fetch(`/api/chat/${id}/stop`, { method: "POST" }))
render()
void chat.resumeStream()
