/**
 * Decodes a run's input (`RunAgentInput`, its text or its parsed JSON) into what a tool loop runs with, with the caps
 * and the trust of `UIMessageStream.toMessages`: the history checked (`AgUiMessages`, `AgUiHistory`), the resume's
 * answers checked against the calls waiting (`AgUiResume`).
 *
 * @internal
 */
import type * as BigDecimal from "effect/BigDecimal"
import * as Effect from "effect/Effect"
import type * as Message from "../../core/Message.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as Tool from "../../core/Tool.js"
import type * as Usage from "../../core/Usage.js"
import * as UIHistoryFacts from "../history/UIHistoryFacts.js"
import * as UIToMessages from "../history/UIToMessages.js"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as SpentToken from "../signing/SpentToken.js"
import * as AgUiInputSchema from "./AgUiInputSchema.js"
import * as AgUiMessages from "./AgUiMessages.js"
import * as AgUiResume from "./AgUiResume.js"
import * as AgUiThreadOrder from "./AgUiThreadOrder.js"
import * as AgUiThreadRun from "./AgUiThreadRun.js"
import * as AgUiTurn from "./AgUiTurn.js"

/**
 * What `readRunInput` takes from an input, as `UIMessageStream.toMessages` does (`clientTools`, `history`,
 * `trustHistory`, `allowSystem`, `maxMessages`), and (since 0.6.0) `owner`: whose thread it is, as `fromSteps` was
 * given it. The input's messages and interrupts must have been signed in its `threadId` (and for that owner).
 *
 * @since 0.5.0
 * @category Requests
 */
export interface Options extends Omit<UIToMessages.Options, "binding"> {
  readonly owner?: string | undefined
}

/**
 * A run's input decoded: the ids to serve the run under, the conversation as `messages`, the answers to the run
 * before's interrupts as `approvals` (pass both to `runTools`), the client's `tools` that `clientTools` names (without
 * a handler: their calls end the run for the client), and the input's `state`, `context` and `forwardedProps`.
 *
 * @since 0.5.0
 * @category Requests
 */
export interface RunInput {
  readonly threadId: string
  readonly runId: string
  readonly parentRunId: string | undefined
  /**
   * The owner the input was read for (`Options.owner`): give it to `fromSteps` or `fromStream` (`owner: input.owner`),
   * so that the owner is said once: what a run signs, and its pause, hold for the owner it is given.
   * @since 0.7.0
   */
  readonly owner: string | undefined
  readonly messages: ReadonlyArray<Message.Message>
  readonly approvals: ReadonlyArray<Tool.ToolApproval>
  readonly tools: ReadonlyArray<Tool.Tool>
  readonly state: unknown
  readonly context: ReadonlyArray<{ readonly description: string; readonly value: string }>
  readonly forwardedProps: unknown
  /** @since 0.6.0 what the answer the input continues spent before (as `UIMessageStream.ChatRequest.spent`) */
  readonly spent: BigDecimal.BigDecimal | undefined
  /** @since 0.7.0 the tokens it used before (as `UIMessageStream.ChatRequest.spentUsage`) */
  readonly spentUsage: Usage.Usage | undefined
  /** @since 0.7.0 the steps it made before (as `UIMessageStream.ChatRequest.spentSteps`) */
  readonly spentSteps: number | undefined
  /**
   * The answer the input continues had its budget question answered `continue` in an earlier run, as this server
   * signed it with what the answer spent (as `UIMessageStream.ChatRequest.questionAnswered`): run it without `askAt`,
   * and pass this to `fromSteps` (as `spent`), so that it is not asked again in that answer. A spend limit's question
   * answered `continue` is not the budget's: it leaves this `false`. @since 0.7.0
   */
  readonly questionAnswered: boolean
  /**
   * The spend limits whose question was answered `continue` earlier in the answer the input continues, by id, as this
   * server signed them with what it spent (as `UIMessageStream.ChatRequest.limitsAnswered`; `[]` for a new answer):
   * pass them to `runTools` and `fromSteps` (`limitsAnswered`), so that they are not asked again in that answer.
   * @since 0.7.0
   */
  readonly limitsAnswered: ReadonlyArray<string>
  /**
   * Where the run goes on in its thread (opaque): after the last step of the answer the input continues (a resume
   * after an interrupt, a client tool's result), as this server signed it, or (`""`) a new answer's first; `undefined`
   * when the history was not read (`history`, `trustHistory`). Serve the run with it (`fromSteps({ lastStep })`, as
   * `UIMessageStream.ChatRequest.lastStep`): its first step is signed after that step, and cannot be moved before the
   * steps it followed. @since 0.7.0
   */
  readonly lastStep: string | undefined
}

/**
 * The answer an input continues (its last assistant message, where, and its ids: its own, or its run's `<id>-<n>`);
 * with `pastUser`, the last answer, though the user's messages follow it.
 */
const continued = (messages: ReadonlyArray<AgUiInputSchema.Message>, pastUser = false) => {
  let at = messages.length - 1
  while (at >= 0 && (messages[at]!.role === "tool" || (pastUser && messages[at]!.role === "user"))) at--
  const message = messages[at]
  if (message?.role !== "assistant") return undefined
  return { at, metadata: message.metadata, ids: [message.id, message.id.replace(/-[0-9]+$/, "")] }
}

/** What the answer an input continues spent, on its last assistant message. */
const spentOf = (messages: ReadonlyArray<AgUiInputSchema.Message>, binding: ApprovalGate.Binding | undefined) => {
  const answer = continued(messages)
  return answer === undefined
    ? Effect.undefined
    : UIToMessages.spentOf(answer.metadata, answer.ids, `messages[${answer.at}]`, binding)
}

/**
 * The budget question the last answer waits on (its id, signed with what it spent), if any, and whether the input
 * continues that answer (no message of the user's follows it: only then is it answered, else only cancelled).
 */
const questionOf = (
  messages: ReadonlyArray<AgUiInputSchema.Message>,
  binding: ApprovalGate.Binding | undefined
): Effect.Effect<AgUiResume.Asked | undefined> => {
  const answer = continued(messages, true)
  if (answer === undefined) return Effect.undefined
  return Effect.map(
    SpentToken.questionOf(answer.metadata, answer.ids, binding),
    (id) => id === undefined ? undefined : { id, continued: continued(messages) !== undefined }
  )
}

/**
 * Where the input's run goes on in its thread (`RunInput.lastStep`): after the thread's last step read, when it
 * continues an answer; after none (`""`) when it starts one; `undefined` when the history was not read.
 */
const lastStepOf = (
  messages: ReadonlyArray<AgUiInputSchema.Message>,
  read: AgUiMessages.Read,
  signed: boolean
): Effect.Effect<string | undefined> => {
  if (!signed || read.order === undefined) return Effect.undefined
  return continued(messages) === undefined ? Effect.succeed("") : AgUiThreadOrder.lastStep(read.order)
}

type Input = typeof AgUiInputSchema.RunAgentInput.Type

/** Each message decoded by its role, naming the field a refusal is about. */
const messagesOf = (json: unknown, input: Input) =>
  Effect.gen(function*() {
    const raw = (json as { readonly messages: ReadonlyArray<unknown> }).messages
    const decoded: Array<AgUiInputSchema.Message> = []
    let parts = 0
    for (const [index, message] of input.messages.entries()) {
      const schema = AgUiInputSchema.messageSchema(message.role)
      if (schema === undefined) {
        return yield* UIDecodedMessage.invalid(
          `messages[${index}].role`,
          `unknown role ${JSON.stringify(message.role)}`
        )
      }
      const read = (yield* UIToMessages.decode(schema, raw[index], ["messages", index])) as AgUiInputSchema.Message
      if ("content" in read && Array.isArray(read.content)) parts += read.content.length
      if (read.role === "assistant") parts += AgUiTurn.partCount(read.metadata)
      if (parts > UIToMessages.maxParts) {
        return yield* UIDecodedMessage.invalid("messages", `more than ${UIToMessages.maxParts} parts in all`)
      }
      decoded.push(read)
    }
    return decoded
  })

/** The tools `clientTools` names, as the client describes them in its `tools`, or by name (taking any object). */
const toolsOf = (tools: Input["tools"], clientTools: ReadonlySet<string>): ReadonlyArray<Tool.Tool> => {
  const described = (tools ?? []).flatMap((tool) => {
    if (!clientTools.has(tool.name)) return []
    const parameters = tool.parameters
    const jsonSchema = typeof parameters === "object" && parameters !== null && !Array.isArray(parameters)
      ? parameters as Tool.JsonSchema
      : { type: "object" }
    return [Tool.make(tool.name, { description: tool.description, jsonSchema })]
  })
  const named = new Set(described.map((tool) => tool.name))
  const undescribed = [...clientTools].filter((name) => !named.has(name))
  return [...described, ...undescribed.map((name) => Tool.make(name, { jsonSchema: { type: "object" } }))]
}

/**
 * Decodes what an AG-UI client POSTs, a `RunAgentInput` (its text, or its parsed JSON), taking only what a client may
 * say. User messages are their text and parts (images, documents, audio). An assistant message is taken only as this
 * server served it (signed, with the provider's state on its parts, which goes back to the provider); a tool result
 * must be one the server signed, or one of `clientTools`'. Each `resume` entry must answer, once, an interrupt this
 * server issued for a call still waiting: `resolved` with `payload: { approved, reason? }` is an approval for
 * `runTools` (since 0.6.0 `content`, a form's values, or `action: "cancel"`), `cancelled` takes the call out (and,
 * since 0.7.0, uses its interrupt up, as an answer does). Every refusal is an `InvalidRequestError` (`status` 400,
 * `parameter` naming the field), before any work that grows with the body past the caps of `toMessages`; since 0.7.0 a
 * `threadId`, `runId` or `parentRunId` over 256 characters is one too (a run is kept as its thread's latest).
 *
 * Since 0.7.0, an input's run is kept in the `StreamStore` as its thread's latest (for `owner`), and a resume of an
 * interrupt of any other run of the thread (another tab went on without it) is refused with `status` 409 and one
 * sentence for the person ("This answer was replaced in another tab; reload to see the thread's current answer."),
 * naming `resume[i].interruptId` in `parameter`: nothing runs. The check and the keeping are one step of the store
 * (`StreamStore.Service.swap`), on every instance: of a resume and another run at once, the resume is taken only if it
 * came first; a resume whose thread other runs keep changing is a 409 too ("This thread is changing in another tab;
 * wait a moment and send again.", `parameter` `threadId`). `fromSteps` keeps the interrupts a run pauses with under
 * the owner it is given: give it the input's, `owner: input.owner`.
 *
 * @since 0.5.0
 * @category Requests
 */
export const readRunInput = (
  body: unknown,
  options: Options = {}
): Effect.Effect<RunInput, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const json = yield* UIToMessages.parse(body, options.maxMessages ?? UIToMessages.defaultMaxMessages)
    const input = yield* UIToMessages.decode(AgUiInputSchema.RunAgentInput, json, [])
    const decoded = yield* messagesOf(json, input)
    const clientTools = new Set(options.clientTools ?? [])
    // What the input's run signed holds in its thread (and for its owner) alone.
    const binding = UIHistoryFacts.bindingOf({ chatId: input.threadId, owner: options.owner })
    const taking: AgUiMessages.Taking = {
      signed: options.trustHistory !== true,
      clientTools,
      allowSystem: options.allowSystem === true,
      binding
    }
    const read = options.history === undefined
      ? yield* AgUiMessages.readAll(decoded, taking)
      : yield* AgUiMessages.readTurn(options.history, decoded, taking)
    const asked = yield* questionOf(decoded, binding)
    const answered = yield* AgUiResume.answer(input.resume ?? [], read, binding, asked)
    const earlier = yield* spentOf(decoded, binding)
    const lastStep = yield* lastStepOf(decoded, read, taking.signed)
    // Checked, the input's run is the thread's latest; what it cancelled, used up.
    const resumed = (input.resume ?? []).map((entry) => entry.interruptId)
    yield* AgUiThreadRun.start({ threadId: input.threadId, owner: options.owner }, input.runId, resumed)
    yield* AgUiResume.useUp(answered.cancelled, binding)
    return {
      threadId: input.threadId,
      runId: input.runId,
      owner: options.owner,
      parentRunId: input.parentRunId,
      messages: answered.messages,
      approvals: answered.approvals,
      tools: toolsOf(input.tools, clientTools),
      state: input.state,
      context: input.context ?? [],
      forwardedProps: input.forwardedProps,
      spent: earlier?.usd,
      spentUsage: earlier?.usage,
      spentSteps: earlier?.steps,
      questionAnswered: earlier?.continued === true,
      limitsAnswered: earlier?.limits ?? [],
      lastStep
    }
  })
