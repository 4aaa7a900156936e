/**
 * A tool server's input requests (SEP-2322) asked of the user through the approval channel (`Mcp.tools({
 * elicitation: "approval" })`), one form at a time (`ToolInput.InputRequired`); once every form is answered
 * (`ToolInput.Answer`, checked against its schema) the call is made again with the `inputResponses` and the
 * `requestState` as it came. What a call waits on stays in the connection's memory (`Waiting`, keyed by the call's id,
 * tool and arguments, at most `maxWaiting`), and a durable loop's journal (`ToolInput.Kept`), never sent to the
 * client, so no client can alter it; the first answer takes it. A served loop's gate also checks the approval's signed id and claims it once in the `StreamStore`.
 *
 * @internal
 */
import type * as McpClientError from "effect/ai/McpClientError"
import type * as McpSchema from "effect/ai/McpSchema"
import * as Effect from "effect/Effect"
import * as JsonSchemaCheck from "../../core/schema/JsonSchemaCheck.js"
import type * as Tool from "../../core/Tool.js"
import * as ToolInput from "../loop/ToolInput.js"
import type * as McpCall from "./McpCall.js"
import type * as McpConnect from "./McpConnect.js"

/** A call that waits for the user: what it was called with, the server's state, its forms and the answers so far. */
interface Pending {
  readonly name: string
  readonly args: string
  readonly requestState: string | undefined
  readonly forms: ReadonlyArray<McpCall.Form>
  readonly at: number
  readonly responses: { readonly [key: string]: ToolInput.InputAnswer }
}

/** The calls of a connection that wait for the user, by call id. */
export type Waiting = Map<string, Pending>

/** At most this many calls wait at once (an answer's content is at most `ToolInput.maxAnswer` characters of JSON). */
const maxWaiting = 256

type Answer = McpCall.Outcome | ToolInput.InputRequired

const refused = (text: string): Answer => ({ _tag: "Refused", text })

/** Asks the user the pending call's form, the next not answered. */
const ask = (pending: Pending, input: unknown): Answer => {
  const { message, requestedSchema } = pending.forms[pending.at]!
  return new ToolInput.InputRequired({ elicitation: { message, requestedSchema }, input, kept: pending })
}

/** A call's outcome, its forms kept waiting (past `maxWaiting`, the oldest forgotten) and asked. */
const waitOn = (waiting: Waiting, call: Tool.ToolCall, input: unknown, outcome: McpCall.Outcome): Answer => {
  if (outcome._tag !== "Input") return outcome
  if (waiting.size >= maxWaiting) waiting.delete(waiting.keys().next().value!)
  const { forms, requestState } = outcome
  const pending: Pending = { name: call.name, args: call.arguments, requestState, forms, at: 0, responses: {} }
  waiting.set(call.id, pending)
  return ask(pending, input)
}

/** Why an accepted answer does not fit its form, or `undefined` when it does. */
const misfit = (form: McpCall.Form, content: { readonly [key: string]: unknown }): string | undefined => {
  if ((JSON.stringify(content) ?? "").length > ToolInput.maxAnswer) return `over ${ToolInput.maxAnswer} characters`
  const definitions = form.requestedSchema["$defs"]
  const issues = JsonSchemaCheck.issues(
    form.requestedSchema,
    typeof definitions === "object" && definitions !== null ? definitions as Record<string, unknown> : {},
    content
  )
  return issues.length === 0 ? undefined : issues.slice(0, 3).join("; ")
}

/**
 * Calls the tool, or goes on with a call that waits: unanswered, its form is asked again (the server not called);
 * answered, the answer is checked and kept, and the next form asked, or the call made again with every answer.
 */
export const call = (
  waiting: Waiting,
  connection: McpConnect.Connection,
  descriptor: McpSchema.Tool,
  input: unknown,
  call: Tool.ToolCall
): Effect.Effect<Answer, McpClientError.McpClientError> =>
  Effect.gen(function*() {
    const args = input as { readonly [key: string]: unknown }
    const answer = yield* ToolInput.Answer
    // A durable loop's journal gives back what waits, when this process did not ask.
    const found = waiting.get(call.id) ?? (yield* ToolInput.Kept) as Pending | undefined
    const pending = found?.name === call.name && found.args === call.arguments ? found : undefined
    if (answer === undefined) {
      if (pending !== undefined) return ask(pending, input)
      return waitOn(waiting, call, input, yield* connection.call(descriptor, args))
    }
    if (pending === undefined) return refused("not run: no request of this call for input waits for an answer")
    // Taken by the first answer, whatever it comes to.
    waiting.delete(call.id)
    const form = pending.forms[pending.at]!
    const wrong = answer.action === "accept" ? misfit(form, answer.content) : undefined
    if (wrong !== undefined) return refused(`not run: the user's answer does not fit the tool's form (${wrong})`)
    const responses = { ...pending.responses, [form.key]: answer }
    if (answer.action !== "cancel" && pending.at + 1 < pending.forms.length) {
      const next = { ...pending, at: pending.at + 1, responses }
      waiting.set(call.id, next)
      return ask(next, input)
    }
    // A cancel answers the forms left too.
    for (const left of pending.forms.slice(pending.at + 1)) responses[left.key] = { action: "cancel" }
    const state = pending.requestState === undefined ? {} : { requestState: pending.requestState }
    return waitOn(
      waiting,
      call,
      input,
      yield* connection.call(descriptor, args, { inputResponses: responses, ...state })
    )
  })
