/**
 * A tool server's input requests (SEP-2322), and a task's (SEP-2663), asked through the approval channel one form at a
 * time; a URL to open (`McpUrl`) is asked as a form that takes no content, and answered with none; the URLs of a
 * `URLElicitationRequiredError`, all accepted, have the call made again, once per answer, when the server says their
 * pages are done (`McpCompletions`, at most half the call's timeout waited). What a call waits on is kept
 * in the `StreamStore` under the approval's id and the run's owner (`put`, in that owner's share of the store), sealed
 * (`Sealing`: a store's reader learns nothing of it), where no client can alter it (a durable loop keeps it in its
 * journal: `InputRequired.kept`).
 *
 * @internal
 */
import type * as McpClientError from "effect/ai/McpClientError"
import type * as McpSchema from "effect/ai/McpSchema"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Tool from "../../core/Tool.js"
import * as FormFit from "../loop/FormFit.js"
import * as ToolInput from "../loop/ToolInput.js"
import * as Sealing from "../signing/Sealing.js"
import * as SigningKey from "../signing/SigningKey.js"
import * as StreamStore from "../store/StreamStore.js"
import type * as McpCall from "./McpCall.js"
import type * as McpConnect from "./McpConnect.js"

/** A call that waits for the user: its call, the server's state or task, its forms, the answers so far. */
interface Pending {
  readonly name: string
  readonly args: string
  readonly requestState?: string | undefined
  readonly taskId?: string | undefined
  readonly forms: ReadonlyArray<McpCall.Form>
  readonly at: number
  readonly responses: { readonly [key: string]: unknown }
  /** Whether a `URLElicitationRequiredError` asked (`McpCall.Outcome`): answered, the call is made again. */
  readonly required?: boolean | undefined
  /** Whether the server asked them within the call, which then failed (`McpCall.Outcome`). */
  readonly within?: boolean | undefined
}

type Answer = McpCall.Outcome | ToolInput.InputRequired | ToolInput.AnswerMisfit

const refused = (text: string): Answer => ({ _tag: "Refused", text })

/** Where a call's `Pending` is kept: under the approval's id, else (a loop that issues none) the call's digest. */
const keyOf = (call: Tool.ToolCall, approvalId: string | undefined): Effect.Effect<string> =>
  approvalId !== undefined
    ? Effect.succeed(`mcp-input.${approvalId}`)
    : Effect.map(SigningKey.digest(JSON.stringify([call.id, call.name, call.arguments])), (d) => `mcp-input.${d}`)

/**
 * Keeps `pending` in the store, sealed (`put`, for the store's `ttl`), under the owner of the run that asks (in that
 * owner's share of the store: another user's forms never push it out), and beside it the form asked (`FormFit.keep`:
 * an answer is checked against it where the server reads it); a failure is logged.
 */
const keep = (call: Tool.ToolCall, pending: Pending) => (approvalId: string | undefined, owner?: string) =>
  Effect.gen(function*() {
    const key = yield* keyOf(call, approvalId)
    const store = yield* StreamStore.StreamStore
    yield* store.put(key, { sealed: yield* Sealing.sealJson(pending, key) }, { ttl: store.ttl, owner })
  }).pipe(
    Effect.catch((error) => Effect.logWarning(`a request for input was not kept: ${error.message}`)),
    Effect.andThen(FormFit.keep(pending.forms[pending.at]!, approvalId, owner))
  )

/** What `call` waits on, kept under `approvalId` (or its digest) for `owner`; `undefined` when nothing is. */
export const waitsForInput = (
  call: Tool.ToolCall,
  approvalId: string | undefined,
  owner?: string
): Effect.Effect<unknown> =>
  Effect.gen(function*() {
    const key = yield* keyOf(call, approvalId)
    const kept = (yield* (yield* StreamStore.StreamStore).get(key, { owner })) as { sealed?: unknown } | undefined
    const pending = (yield* Sealing.openJson(kept?.sealed, key)) as Pending | undefined
    return pending?.name === call.name && pending.args === call.arguments ? pending : undefined
  }).pipe(Effect.orElseSucceed(() => undefined))

/** Asks the user the pending call's form, the next not answered. */
const ask = (call: Tool.ToolCall, pending: Pending, input: unknown): Answer => {
  const { message, requestedSchema, url } = pending.forms[pending.at]!
  const elicitation = { message, requestedSchema, ...(url === undefined ? {} : { url }) }
  return new ToolInput.InputRequired({ elicitation, input, keep: keep(call, pending), kept: pending })
}

/** A call's outcome, its forms asked (from the first). */
const waitOn = (call: Tool.ToolCall, input: unknown, outcome: McpCall.Outcome): Answer => {
  if (outcome._tag !== "Input") return outcome
  const { forms, requestState, required, taskId, within } = outcome
  const asked = { name: call.name, args: call.arguments, requestState, taskId, forms, at: 0, responses: {} }
  return ask(call, required === true ? { ...asked, required, ...(within === true ? { within } : {}) } : asked, input)
}

/**
 * The call made again once the URLs a `URLElicitationRequiredError` named, or the server asked within the call
 * (`within`), are all accepted (MCP 2025-11-25, client/elicitation: the client MAY retry), as it was; else what the
 * model reads. An accept is consent to open a page, not the end of what is done there: the retry waits, at most
 * `wait`, for the server's completion of every page (`McpCompletions`; at once where none can be heard). Heard, a
 * retry that still asks for a page is refused in a sentence (the server asks again for what it said was done); not
 * heard in time, the user is asked again (the spec's manual control, for a server that sends no completion).
 */
const retried = (
  connection: McpConnect.Connection,
  descriptor: McpSchema.Tool,
  args: { readonly [key: string]: unknown },
  call: Tool.ToolCall,
  pending: Pending,
  responses: { readonly [key: string]: unknown },
  wait: Duration.Input
): Effect.Effect<Answer, McpClientError.McpClientError> => {
  const refusal = Object.values(responses).find((response) => (response as ToolInput.InputAnswer).action !== "accept")
  if (refusal === undefined) {
    const completed = connection.completions.completed(pending.forms.map((form) => form.key), wait)
    return Effect.flatMap(
      completed,
      (heard) =>
        Effect.map(
          connection.call(descriptor, args),
          (outcome) =>
            heard === "heard" && outcome._tag === "Input" && outcome.required === true
              ? refused(
                "the tool asked the user to open a page again after it said the last one was done; it was not " +
                  "called again"
              )
              : waitOn(call, args, outcome)
        )
    )
  }
  const { action } = refusal as ToolInput.InputAnswer
  return Effect.succeed(refused(
    pending.within === true
      ? `the call failed, and was not made again: the user did not open the page the tool asked for (${action})`
      : `not run: the user did not open the page the tool needs (${action})`
  ))
}

/**
 * Calls the tool, or goes on with a call that waits: its answer checked, the next form asked, or the call made (after
 * accepted pages, once their completion is heard or `wait` has passed: `retried`).
 */
export const call = (
  connection: McpConnect.Connection,
  descriptor: McpSchema.Tool,
  input: unknown,
  call: Tool.ToolCall,
  wait: Duration.Input
): Effect.Effect<Answer, McpClientError.McpClientError> =>
  Effect.gen(function*() {
    const args = input as { readonly [key: string]: unknown }
    const answering = yield* ToolInput.Answer
    if (answering === undefined) return waitOn(call, input, yield* connection.call(descriptor, args))
    const pending = answering.kept as Pending | undefined
    if (pending === undefined) return refused("not run: no request of this call for input waits for an answer")
    const { answer } = answering
    const form = pending.forms[pending.at]!
    // Checked at the server's read of the answer (`FormFit`); again here, the last guard before the server is sent it.
    const wrong = answer.action === "accept" ? FormFit.misfit(form.requestedSchema, answer.content) : undefined
    if (wrong !== undefined) return wrong
    // A URL's answer carries no content (client/elicitation, "Response Actions").
    const response = form.url !== undefined && answer.action === "accept" ? { action: "accept" } : answer
    const responses: Record<string, unknown> = { ...pending.responses, [form.key]: response }
    if (answer.action !== "cancel" && pending.at + 1 < pending.forms.length) {
      return ask(call, { ...pending, at: pending.at + 1, responses }, input)
    }
    // A cancel answers the forms left too.
    for (const left of pending.forms.slice(pending.at + 1)) responses[left.key] = { action: "cancel" }
    if (pending.required === true) return yield* retried(connection, descriptor, args, call, pending, responses, wait)
    const { requestState, taskId } = pending
    const state = requestState === undefined ? {} : { requestState }
    const answered = { inputResponses: responses, ...state, ...(taskId === undefined ? {} : { taskId }) }
    return waitOn(call, input, yield* connection.call(descriptor, args, answered))
  })
