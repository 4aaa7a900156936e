/**
 * The page `npx effect-llm-stream chat` serves (with page.html): the `ai` package's chat client (`AbstractChat` with
 * `DefaultChatTransport`, what `useChat` runs) on `ChatEndpoint`, no framework. Send and Stop; the tab's conversation
 * kept (`sessionStorage`) and the answer under way resumed after a reload; what a tool or the budget asks shown whole
 * (the tool's name and arguments, a form as fields, a page to open with its URL and host, both amounts of the budget
 * question), answered with its buttons; each answer's model, cost in dollars and, when a bound or Stop ended it, why
 * in words; the model picked in the `<select>` goes with each message (`body: { model }`). `npm run build` bundles it
 * into dist/chat/page.js, so the command needs no bundler.
 */
import { AbstractChat, DefaultChatTransport, type UIMessage } from "ai"
import { lastAssistantMessageIsCompleteWithApprovalResponses as answered } from "ai"
import * as ChatPage from "effect-llm-stream/ChatPage"

const $ = <E extends HTMLElement>(id: string) => document.getElementById(id) as E
const el = (tag: string, props: object, ...children: Array<Node>) => {
  const node = Object.assign(document.createElement(tag), props)
  node.append(...children)
  return node
}

/** A form's field as an input: a checkbox, a list to pick from, or a text or number box. */
const input = (field: ChatPage.Field): HTMLElement =>
  field.options !== undefined
    ? el("select", { name: field.name }, ...field.options.map((option) => el("option", { textContent: option })))
    : el("input", {
      name: field.name,
      type: field.type === "boolean" ? "checkbox" : field.type === "string" ? "text" : "number",
      required: field.required && field.type !== "boolean"
    })

/**
 * A page a tool asks the person to open: its URL shown whole as text (never a link), its host on the button that
 * opens it in a tab of its own (`noopener`: the chat page cannot read it) once the person chooses to; "Done" once they
 * went there (an answer with no values), or "Decline".
 */
const askToOpen = (
  asked: Extract<ChatPage.Pending, { readonly _tag: "Link" }>,
  question: HTMLElement,
  reply: (approved: boolean, reason?: string) => () => void
): HTMLElement =>
  el(
    "div",
    {},
    question,
    el("code", { className: "url", textContent: asked.href }),
    el("button", {
      textContent: `Open ${asked.host}`,
      onclick: () => void window.open(asked.href, "_blank", "noopener,noreferrer")
    }),
    el("button", { textContent: "Done", onclick: reply(true, "{}") }),
    el("button", { textContent: "Decline", onclick: reply(false) })
  )

/** What a pending part asks, with the buttons that answer it (the answer goes back with its approval id). */
const ask = (asked: ChatPage.Pending): HTMLElement => {
  const id = asked.approvalId
  const reply = (approved: boolean, reason?: string) => () =>
    chat.addToolApprovalResponse(reason === undefined ? { id, approved } : { id, approved, reason })
  const question = el("p", { className: "asked", textContent: asked.text })
  if (asked._tag === "Link") return askToOpen(asked, question, reply)
  if (asked._tag !== "Form") {
    const [yes, no] = asked._tag === "Approval" ? ["Approve", "Deny"] : ["Go on", "End here"]
    return el(
      "div",
      {},
      question,
      el("button", { textContent: yes, onclick: reply(true) }),
      el("button", {
        textContent: no,
        onclick: reply(false)
      })
    )
  }
  // A form: a field per property, or its schema's JSON to fill in; sent as the approval's reason (its values' JSON).
  const fields = asked.fields?.map((field) => el("label", { textContent: `${field.label} ` }, input(field)))
  const json = el("textarea", { name: "json", placeholder: JSON.stringify(asked.schema) })
  const form = el(
    "form",
    {},
    question,
    ...(fields ?? [json]),
    el("button", { textContent: "Send" }),
    el("button", {
      type: "button",
      textContent: "Cancel",
      onclick: reply(false, "cancel")
    })
  ) as HTMLFormElement
  form.onsubmit = (event) => {
    event.preventDefault()
    const read = (field: ChatPage.Field) => {
      const node = form.elements.namedItem(field.name) as HTMLInputElement
      return node.type === "checkbox" ? node.checked : node.value
    }
    const values = asked.fields === undefined ? (json as HTMLTextAreaElement).value : JSON.stringify(
      ChatPage.valuesOf(asked.fields, read)
    )
    reply(true, values)()
  }
  return form
}

const render = () => {
  $("messages").replaceChildren(...chat.messages.map((message) => {
    const node = el("div", { className: `message ${message.role}` })
    for (const part of message.parts) {
      if (part.type === "text") node.append(el("p", { textContent: part.text }))
      const asked = ChatPage.pending(part)
      if (asked !== undefined) node.append(ask(asked))
    }
    // Under an answer that ended: its model, its cost in dollars, and why it ended when a bound or Stop ended it.
    const footer = ChatPage.footer(message.metadata)
    if (footer !== undefined) node.append(el("small", { className: "meta", textContent: footer }))
    return node
  }))
  $("status").textContent = chat.error?.message ?? chat.status
}

// The tab's chat id and its conversation, kept across reloads: a reload shows it and resumes the answer under way.
const id = sessionStorage.getItem("chat-id") ?? crypto.randomUUID()
sessionStorage.setItem("chat-id", id)
const state = ChatPage.kept<UIMessage>(render, { storage: sessionStorage, key: `chat-${id}` })
// The model picked goes with every request (`body: { model }`), approvals sent on by themselves included.
const transport = new DefaultChatTransport({ body: () => ({ model: $<HTMLSelectElement>("model").value }) })
const chat = new (class extends AbstractChat<UIMessage> {})({ id, state, transport, sendAutomaticallyWhen: answered })

$("form").onsubmit = (event) => {
  event.preventDefault()
  const input = $<HTMLInputElement>("input")
  if (input.value.trim() !== "") void chat.sendMessage({ text: input.value })
  input.value = ""
}
// Stop asks the server to stop the answer, which ends the stream with what it cost; without one, the client stops. The
// page's assistant message goes with it (the AI SDK's stop body), or the id of the person's message: an answer the
// server has not started yet (a call approved, a form sent, a message sent) stops as it starts, no tool run.
$("stop").onclick = () => {
  const last = chat.messages.at(-1)
  const body = JSON.stringify(last?.role === "assistant" ? { assistantMessage: last } : { messageId: last?.id })
  void fetch(`/api/chat/${id}/stop`, { method: "POST", body }).then((response) => response.ok ? undefined : chat.stop())
}
render()
if (state.answering) void chat.resumeStream()
