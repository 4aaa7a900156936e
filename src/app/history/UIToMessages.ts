/**
 * Decodes a chat request from `useChat` into this library's `Message` list, taking from the body only what a browser
 * may say (see `toMessages`); every refusal is a 400 naming the field.
 *
 * @internal
 */
import type * as BigDecimal from "effect/BigDecimal"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import * as Message from "../../core/Message.js"
import * as Provider from "../../core/Provider.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as JsonDepth from "../../core/schema/JsonDepth.js"
import * as Tool from "../../core/Tool.js"
import type * as Usage from "../../core/Usage.js"
import * as TurnCarry from "../../providers/TurnCarry.js"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import * as FormFit from "../loop/FormFit.js"
import * as UIChunk from "../protocol/UIChunk.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as UIRequestSchema from "../protocol/UIRequestSchema.js"
import * as SpentToken from "../signing/SpentToken.js"
import * as UIApprovalGate from "../signing/UIApprovalGate.js"
import * as UIBudgetAnswers from "./UIBudgetAnswers.js"
import * as UIHistoryCheck from "./UIHistoryCheck.js"
import * as UIHistoryFacts from "./UIHistoryFacts.js"
import * as UIHistoryTurn from "./UIHistoryTurn.js"
import * as UIRequestScan from "./UIRequestScan.js"

/**
 * A chat request decoded by `toMessages`: the chat's `id`, the `trigger` (`submit-message` or
 * `regenerate-message`), the `messageId` to regenerate, the conversation as `messages`, and (since 0.4.0) the
 * `approvals` the browser answered and the `responseMessageId` an answer continues.
 *
 * @since 0.3.0
 * @category Models
 */
export interface ChatRequest {
  readonly id: string | undefined
  readonly trigger: "submit-message" | "regenerate-message" | undefined
  /** The message to regenerate, with `regenerate-message`. */
  readonly messageId: string | undefined
  readonly messages: ReadonlyArray<Message.Message>
  /** For `runTools({ messages: [...messages, ...approvals] })`. */
  readonly approvals: ReadonlyArray<Tool.ToolApproval>
  /** The assistant message the answer continues: serve it under that id (`fromSteps({ messageId })`). */
  readonly responseMessageId: string | undefined
  /**
   * Where the answer goes on in its message (opaque): after the last step of the assistant message it continues, as
   * this server signed it, or (`""`) a new answer's first; `undefined` when not read (`history`, `trustHistory`). Serve
   * the answer with it (`fromSteps({ lastStep })`): its first step is signed after that step, and cannot be moved
   * before the steps it followed. @since 0.7.0
   */
  readonly lastStep: string | undefined
  /**
   * The chat (and owner) the request was checked in, given a `binding`: serve the answer with it (`fromSteps({
   * binding })`). @since 0.6.0
   */
  readonly binding: UIHistoryFacts.ChatBinding | undefined
  /** The body's `model` (the AI SDK's `body: { model }`), as sent: unchecked. @since 0.6.0 */
  readonly model: unknown
  /**
   * What the answer the body continues spent before (signed, taken once), for `runTools({ budget: { usd, spent } })`.
   * @since 0.6.0
   */
  readonly spent: BigDecimal.BigDecimal | undefined
  /**
   * The tokens the answer the body continues used before, signed with `spent` (`undefined` with `spent` given: not
   * known, a 0.6 message), for `fromSteps({ spent, spentUsage })`. @since 0.7.0
   */
  readonly spentUsage: Usage.Usage | undefined
  /**
   * The steps the answer the body continues made before, signed with `spent` (`undefined` with `spent` given: not
   * known, a fact signed before they were counted), for `fromSteps({ spent, spentUsage, spentSteps })`: its finish
   * metadata's `steps` are then the whole answer's. @since 0.7.0
   */
  readonly spentSteps: number | undefined
  /**
   * The answer the body continues had its budget question answered `continue` before (the part shown answered checked
   * against this server's signature that it took that answer in that answer; one without is a 400): the question is
   * not asked again in that answer (`runTools({ budget })` without its `askAt`). A spend limit's question answered
   * so is not the budget's: it leaves this `false`. @since 0.7.0
   */
  readonly questionAnswered: boolean
  /**
   * The spend limits whose question was answered `continue` earlier in the answer the body continues, by id, as this
   * server signed them with what it spent (`[]` for a new answer: a user's message asks them again):
   * `runTools({ limitsAnswered })` does not ask them again, and `fromSteps({ limitsAnswered })` carries them on.
   * @since 0.7.0
   */
  readonly limitsAnswered: ReadonlyArray<string>
  /**
   * The tools `clientTools` names, as the model is told of them (each takes any object; no handler: a call of one
   * waits for the browser's output): `runTools({ tools: [...yours, ...tools] })`, so that naming a browser's tool in
   * `clientTools` alone declares it. @since 0.7.0
   */
  readonly tools: ReadonlyArray<Tool.Tool>
  /**
   * The ids of the body's messages that have one, in order: the answers the browser holds (a page that stopped an
   * answer and goes on sends it back). @since 0.7.0
   */
  readonly messageIds: ReadonlyArray<string>
}

/**
 * A tool the browser runs, as the model is told of it: a name alone takes any object; a `Tool` is itself.
 *
 * @since 0.7.0
 * @category Requests
 */
export const clientTool = (tool: string | Tool.Tool): Tool.Tool =>
  typeof tool === "string" ? Tool.make(tool, { jsonSchema: { type: "object" } }) : tool

/**
 * What `toMessages` takes from a body:
 *
 * - `allowSystem`: take a `system` message from the browser (default: a 400 naming it).
 * - `history`: the conversation as the app stored it; only the new turn is taken from the body (its last
 *   message: the user's, or the answers to approvals and the outputs of `clientTools` for calls of the history).
 * - `trustHistory`: take the body's assistant turns and tool results as they are. Unsafe on a public endpoint (the
 *   model then reads what the browser says); it never runs a tool: a call with no result is left out.
 * - `clientTools`: the tools that run in the browser, whose outputs are the browser's to give.
 * - `maxMessages`: the most messages a body may have (default 1,000).
 * - `binding` (since 0.6.0): the chat and owner the request is for (`ChatBinding`; `chatId` default: the body's `id`):
 *   what it signed must have been served in that chat, to that owner.
 * - `fileIds` (since 0.7.0): whether this user may have the model read a file a provider holds that a file part names
 *   (`providerReference`: the ids, by provider), as a file they uploaded: `false` is a 400 naming the part. Without
 *   it every id goes as it came, and the provider reads it with the server's key: a user who knows another user's
 *   file id has the model read that file.
 *
 * @since 0.4.0
 * @category Requests
 */
export interface Options {
  readonly allowSystem?: boolean | undefined
  readonly history?: ReadonlyArray<Message.Message> | undefined
  readonly trustHistory?: boolean | undefined
  readonly clientTools?: ReadonlyArray<string> | undefined
  readonly maxMessages?: number | undefined
  readonly binding?: UIHistoryFacts.ChatBinding | undefined
  /** @since 0.7.0 */
  readonly fileIds?: ((ids: Readonly<Record<string, string>>) => Effect.Effect<boolean>) | undefined
}

/**
 * Refuses the first file a provider holds, named in the messages taken (with the app's `history`, the body's last
 * alone), that `fileIds` says this user may not send.
 */
const checkFileIds = (decoded: ReadonlyArray<UIDecodedMessage.DecodedMessage>, options: Options) => {
  const fileIds = options.fileIds
  if (fileIds === undefined) return Effect.void
  const from = options.history === undefined ? 0 : decoded.length - 1
  return Effect.forEach(
    UIDecodedMessage.namedFiles(decoded, from),
    ({ field, ids }) =>
      Effect.flatMap(fileIds(ids), (allowed) =>
        allowed
          ? Effect.void
          : UIDecodedMessage.invalid(field, "a file this user may not send (its id is not one of their files)")),
    {
      discard: true
    }
  )
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const tooDeep = () => UIDecodedMessage.invalid("", JsonDepth.tooDeep)

/** Decodes `input` with `schema`, a failure naming the field under `at`. */
export const decode = <A>(schema: Schema.Decoder<A>, input: unknown, at: ReadonlyArray<PropertyKey>) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  if (result._tag === "Success") return Effect.succeed(result.success)
  const issue = formatter(result.failure.issue).issues[0]
  const path = (issue?.path ?? []).map((key) => typeof key === "object" ? key.key : key)
  return Effect.fail(
    UIDecodedMessage.invalid(UIDecodedMessage.fieldOf([...at, ...path]), issue?.message ?? result.failure.message)
  )
}

/** The longest request text read (a chat with images as `data:` URLs stays far under it). */
export const maxBodyLength = 64 * 1024 * 1024

/** The most parts a request's messages may have in all. */
export const maxParts = 100_000

/** The most messages a request may have unless `maxMessages` says otherwise. */
export const defaultMaxMessages = 1_000

/** The most JSON values (array elements and object members, anywhere) a request text may hold. */
export const maxValues = 400_000

/** How many messages and parts a request not decoded yet has. */
const countOf = (json: unknown): { readonly messages: number; readonly parts: number } => {
  const messages = (json as { readonly messages?: unknown } | null)?.messages
  if (!Array.isArray(messages)) return { messages: 0, parts: 0 }
  let parts = 0
  for (const message of messages) {
    const list = (message as { readonly parts?: unknown } | null)?.parts
    parts += Array.isArray(list) ? list.length : 0
  }
  return { messages: messages.length, parts }
}

/** The refusal of a body past a bound (`exact`: the count is the body's; else where the scan stopped). */
const excess = (found: UIRequestScan.Excess, maxMessages: number, exact = false) => {
  const count = found._tag === "TooDeep" ? 0 : exact ? `${found.count}` : `more than ${found.count - 1}`
  switch (found._tag) {
    case "TooDeep":
      return tooDeep()
    case "TooManyMessages":
      return UIDecodedMessage.invalid("messages", `${count} messages, over the limit of ${maxMessages} (maxMessages)`)
    case "TooManyParts":
      return UIDecodedMessage.invalid("messages", `${count} parts in all, over the limit of ${maxParts}`)
    case "TooManyValues":
      return UIDecodedMessage.invalid("", `${count} JSON values, over the limit of ${maxValues}`)
  }
}

/** The request's JSON, refused before any work that grows with it when it is past a bound. */
export const parse = (body: unknown, maxMessages: number) =>
  Effect.suspend((): Effect.Effect<unknown, ProviderError.InvalidRequestError> => {
    if (typeof body !== "string") {
      if (JsonDepth.valueNestsTooDeep(body)) return Effect.fail(tooDeep())
      const counts = countOf(body)
      if (counts.messages > maxMessages) {
        return Effect.fail(excess({ _tag: "TooManyMessages", count: counts.messages }, maxMessages, true))
      }
      if (counts.parts > maxParts) {
        return Effect.fail(excess({ _tag: "TooManyParts", count: counts.parts }, maxMessages, true))
      }
      return Effect.succeed(body)
    }
    if (body.length > maxBodyLength) {
      return Effect.fail(UIDecodedMessage.invalid("", `${body.length} characters, over the limit of ${maxBodyLength}`))
    }
    const found = UIRequestScan.scan(body, { maxMessages, maxParts, maxValues })
    if (found !== undefined) return Effect.fail(excess(found, maxMessages))
    try {
      return Effect.succeed(JSON.parse(body))
    } catch {
      return Effect.fail(UIDecodedMessage.invalid("", "not JSON"))
    }
  })

/**
 * Decodes what `useChat` POSTs (the parsed JSON, or its text) into the conversation to send a model, taking only what
 * a browser may say. User messages are their text and files (`Message.image`, `Message.file`). An assistant message
 * is one assistant turn per step, its tool calls with an outcome each followed by its result, taken only if this
 * server served it (`fromStream` and `fromSteps` sign what they send): one it did not serve, or changed since, is a
 * 400 naming it; the last step of an answer the browser stopped is not sent back. The outputs of `clientTools` are the
 * browser's. The last message's answers to approvals are `approvals` (each id checked against its call). A `system`
 * message is a 400 unless `allowSystem`, and so (since 0.7.0) is a `regenerate-message` whose last message is an
 * assistant's: the `ai` client sends the conversation before the answer it replaces.
 *
 * Every refusal is an `InvalidRequestError` with `status` 400 and `parameter` naming the field
 * (`messages[1].parts[0].type`). A hostile body is refused before any work that grows with it: text over 64 MiB, JSON
 * nested deeper than 1,000 levels, more than `maxMessages` messages (1,000), 100,000 parts or 400,000 JSON values.
 * Cap the body's size where it is read.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { LanguageModel, UIMessageStream } from "effect-llm-stream"
 *
 * const chat = (body: string) =>
 *   Effect.gen(function*() {
 *     const request = yield* UIMessageStream.toMessages(body, { clientTools: ["getLocation"] })
 *     return yield* LanguageModel.runTools({ messages: [...request.messages, ...request.approvals] }).pipe(
 *       UIMessageStream.fromSteps({ messageId: request.responseMessageId, lastStep: request.lastStep }),
 *       UIMessageStream.toResponse()
 *     )
 *   })
 * ```
 *
 * @since 0.3.0
 * @category Requests
 */
export const toMessages: (
  body: unknown,
  options?: Options
) => Effect.Effect<ChatRequest, ProviderError.InvalidRequestError> = Effect.fnUntraced(
  function*(body: unknown, options: Options = {}) {
    const maxMessages = options.maxMessages ?? defaultMaxMessages
    const json = yield* parse(body, maxMessages)
    const request = yield* decode(UIRequestSchema.ChatRequest, json, [])
    yield* regenerateMistake(request)
    const answers: Answers = { given: [], continued: [] }
    const decoded = yield* decodeMessages(request, json as Raw, options, answers)
    const binding = options.binding === undefined
      ? undefined
      : { chatId: options.binding.chatId ?? request.id, owner: options.binding.owner }
    const trust: UIHistoryCheck.Trust = {
      signed: options.trustHistory !== true,
      clientTools: new Set(options.clientTools ?? []),
      binding: UIHistoryFacts.bindingOf(binding)
    }
    const last = decoded[decoded.length - 1]
    yield* checkFileIds(decoded, options)
    const read = yield* Effect.mapError(
      options.history !== undefined
        ? UIHistoryTurn.readTurn(options.history, last, decoded.length - 1, trust)
        : readAll(decoded, trust),
      (error) => withAnswered(error, request.id, last)
    )
    // A budget answer is checked before what the answer spent is claimed: a refused body spends nothing.
    const asked = last?.role === "assistant"
      ? yield* SpentToken.questionOf(last.metadata, [last.id ?? ""], trust.binding)
      : undefined
    const questionWasAnswered = yield* questionAnswered(answers, asked, last, trust)
    const earlier = last?.role === "assistant"
      ? yield* spentOf(last.metadata, [last.id ?? ""], `messages[${decoded.length - 1}]`, trust.binding)
      : undefined
    // A call of the browser's history that nothing answers is left out, never run (`Conversation.unansweredLeaving`).
    const answered = new Set(read.approvals.map((approval) => approval.toolCallId))
    const from = options.history === undefined ? 0 : options.history.length
    return {
      id: request.id,
      trigger: request.trigger,
      messageId: request.messageId,
      messages: TurnCarry.withoutUnanswered(read.messages, answered, from),
      approvals: [...read.approvals, ...answers.given.map((given) => given.approval)],
      responseMessageId: last?.role === "assistant" ? last.id : undefined,
      lastStep: last?.role === "assistant"
        ? read.lastStep
        : options.history === undefined && trust.signed
        ? ""
        : undefined,
      binding,
      model: request.model,
      spent: earlier?.usd,
      spentUsage: earlier?.usage,
      spentSteps: earlier?.steps,
      questionAnswered: questionWasAnswered,
      limitsAnswered: earlier?.limits ?? [],
      tools: (options.clientTools ?? []).map(clientTool),
      messageIds: decoded.flatMap((message) => message.id === undefined ? [] : [message.id])
    }
  }
)

/**
 * `error` with what the request answered (its chat, the assistant message `last` it continues, the approvals answered
 * there) where it is a form's refusal (`FormFit.Refusal`): the endpoint asks that form again (`FormAskedAgain`).
 */
const withAnswered = <E>(
  error: E,
  chatId: string | undefined,
  last: UIDecodedMessage.DecodedMessage | undefined
): E | FormFit.Refusal => {
  if (!(error instanceof FormFit.Refusal) || chatId === undefined) return error
  if (last?.role !== "assistant" || last.id === undefined) return error
  const approvalIds = last.parts.flatMap((part) =>
    UIDecodedMessage.isToolPart(part) && part.state === "approval-responded" && part.approval !== undefined
      ? [part.approval.id]
      : []
  )
  return FormFit.refusal(error.parameter ?? "", error.message, { chatId, messageId: last.id, approvalIds })
}

/** A body's messages as JSON gave them: each one's parts as sent. */
type Raw = { readonly messages: ReadonlyArray<{ readonly parts: ReadonlyArray<unknown> }> }

/**
 * The body's messages, each decoded with its parts (a system message is a 400 unless `allowSystem`); the answers
 * given in its last message, an assistant's (a budget question is answered in the answer that asked it), go in
 * `answers`.
 */
const decodeMessages = Effect.fnUntraced(function*(
  request: typeof UIRequestSchema.ChatRequest.Type,
  raw: Raw,
  options: Options,
  answers: Answers
) {
  const decoded: Array<UIDecodedMessage.DecodedMessage> = []
  for (const [index, message] of request.messages.entries()) {
    if (message.role === "system" && options.allowSystem !== true) {
      return yield* UIDecodedMessage.invalid(
        `messages[${index}].role`,
        "a system message from the browser (the server writes the system prompt; allowSystem: true takes it)"
      )
    }
    const answering = index === request.messages.length - 1 && message.role === "assistant"
    const parts = yield* partsOf(message.parts, index, raw.messages[index]!.parts, answering ? answers : undefined)
    decoded.push({ role: message.role, id: message.id, metadata: message.metadata, parts })
  }
  return decoded
})

/**
 * A regenerate whose last message is an answer: the `ai` client sends a regenerate without the answer it replaces, so
 * such a body answers what it says it replaces (a pause's approval, past the check that a continuation continues the
 * chat's latest answer): a 400 naming that message.
 */
const regenerateMistake = (request: typeof UIRequestSchema.ChatRequest.Type) => {
  const last = request.messages.length - 1
  return request.trigger === "regenerate-message" && request.messages[last]?.role === "assistant"
    ? UIDecodedMessage.invalid(
      `messages[${last}]`,
      "a regenerate sends the conversation before the answer it replaces, not that answer"
    )
    : Effect.void
}

/**
 * A budget question's parts in the last message: the answers given now (each with its part's field), and those
 * shown answered `continue` before (the question's id, its part's call and field).
 */
interface Answers {
  readonly given: Array<{ readonly approval: Tool.ToolApproval; readonly field: string }>
  readonly continued: Array<{
    readonly id: string
    readonly call: { readonly id: string; readonly name: string }
    readonly field: string
  }>
}

/**
 * Whether the answer the body continues had the budget's question answered `continue` before (a spend limit's question
 * answered so, signed as such, does not count: the budget's `askAt` still holds): each part shown so must
 * carry this server's signature that it took that answer in this answer (`UIBudgetAnswers`; a trusted history's, a
 * question this server asked in the chat), else a 400 naming it, as a result the server did not produce is. A
 * question answered now must be the one the answer waits on, `asked` (signed with what it spent:
 * `SpentToken.questionOf`; an expired one too, the loop asks it again), else a 400 naming it, as a forged approval is:
 * no answer is given before its question.
 */
const questionAnswered = Effect.fnUntraced(function*(
  answers: Answers,
  asked: string | undefined,
  last: UIDecodedMessage.DecodedMessage | undefined,
  trust: UIHistoryCheck.Trust
) {
  for (const { approval, field } of answers.given) {
    if (asked === undefined || approval.approvalId !== asked) {
      return yield* UIDecodedMessage.invalid(
        `${field}.approval.id`,
        "not the budget question this server asked in this answer"
      )
    }
  }
  let budget = false
  for (const { call, field, id } of answers.continued) {
    const taken = trust.signed
      ? yield* UIBudgetAnswers.continued(last?.metadata, call, last?.id ?? "", id, trust.binding)
      : (yield* UIApprovalGate.isQuestionId(id, trust.binding))
      ? "budget"
      : undefined
    if (taken === undefined) {
      return yield* UIDecodedMessage.invalid(
        `${field}.state`,
        "a budget question shown as answered, which this server did not take an answer to in this answer"
      )
    }
    budget ||= taken === "budget"
  }
  return budget
})

/** A message's parts, each decoded by its type; a budget question's answer (last message) goes to `answers`. */
const partsOf = Effect.fnUntraced(function*(
  parts: ReadonlyArray<{ readonly type: string }>,
  index: number,
  raw: ReadonlyArray<unknown>,
  answers: Answers | undefined
) {
  const decoded: Array<UIDecodedMessage.Part> = []
  for (const [position, part] of parts.entries()) {
    const at = ["messages", index, "parts", position]
    const schema = UIRequestSchema.partSchema(part.type)
    if (schema === undefined) {
      const field = UIDecodedMessage.fieldOf([...at, "type"])
      return yield* UIDecodedMessage.invalid(field, `unknown part type ${JSON.stringify(part.type)}`)
    }
    const read = (yield* decode(schema, raw[position], at)) as UIDecodedMessage.Part
    if (read.type !== "dynamic-tool" || (read as UIRequestSchema.ToolPart).toolName !== UIChunk.budgetQuestionPart) {
      decoded.push(read)
    } else if (answers !== undefined) budgetAnswerOf(read, answers, UIDecodedMessage.fieldOf(at))
  }
  return decoded
})

/** The answer a `UIChunk.budgetQuestionPart` part holds, if the user gave one (approved: go on; denied: stop). */
const budgetAnswerOf = (part: UIDecodedMessage.Part, answers: Answers, field: string): void => {
  const { approval, state, toolCallId, toolName } = part as UIRequestSchema.ToolPart
  if (approval?.approved === undefined) return
  if (state === "approval-responded") {
    answers.given.push({
      approval: Tool.budgetAnswer({ questionId: approval.id, answer: approval.approved ? "continue" : "stop" }),
      field
    })
  } else if (state === "output-available" && approval.approved) {
    answers.continued.push({ id: approval.id, call: { id: toolCallId, name: toolName ?? toolCallId }, field })
  }
}

/**
 * What the answer a request continues spent, as this server signed it in its metadata (`SpentToken`). A fact another
 * request took already (a second tab continuing the same pause, a body sent again) is a 409 in the person's words:
 * the answer went on elsewhere, and a reload shows it.
 */
export const spentOf = (
  metadata: unknown,
  messageIds: ReadonlyArray<string>,
  at: string,
  binding: ApprovalGate.Binding | undefined
) =>
  Effect.mapError(SpentToken.read(metadata, messageIds, binding), (why) => {
    const field = `${at}.metadata["${SpentToken.metadataKey}"]`
    return why === SpentToken.usedBefore
      ? new ProviderError.InvalidRequestError({
        provider: Provider.browser,
        message: "This answer was continued already, in this tab or another; reload to see it.",
        parameter: field,
        status: 409
      })
      : UIDecodedMessage.invalid(field, why === SpentToken.expired ? why : `what this answer spent: ${why}`)
  })

/** Every message of the body, its assistant messages checked. */
const readAll = Effect.fnUntraced(function*(
  decoded: ReadonlyArray<UIDecodedMessage.DecodedMessage>,
  trust: UIHistoryCheck.Trust
) {
  const read: UIHistoryCheck.Read = { messages: [], approvals: [] }
  for (const [index, message] of decoded.entries()) {
    if (message.role === "system") read.messages.push(Message.system(UIDecodedMessage.textOf(message.parts)))
    else if (message.role === "user") read.messages.push(yield* UIHistoryCheck.userTurn(message, index))
    else {
      const answering = index === decoded.length - 1
      const assistant = yield* UIHistoryCheck.readAssistant(message, index, answering, trust)
      if (!answering && assistant.messages.length === 0) leaveOutBlocked(message, read.messages)
      read.messages.push(...assistant.messages)
      read.approvals.push(...assistant.approvals)
      // The message an answer continues: its first step goes on after this one.
      if (answering) read.lastStep = assistant.lastStep
    }
  }
  yield* warnUnsentApprovals(decoded)
  return read
})

/**
 * Leaves out the user messages an answer with no turn answers (`read`'s last) where its provider refused them on its
 * policy before any answer (its metadata's `finishReason` `content_filter`, written with the failure): the model never
 * read them, and sent again, with the person's next message joined to them, they are refused again (Gemini's
 * `promptFeedback.blockReason`: "the prompt was blocked and no candidates are returned. Rephrase the prompt.",
 * ai.google.dev/api/generate-content#PromptFeedback). Unsigned: the browser may leave its own messages out anyway.
 */
const leaveOutBlocked = (message: UIDecodedMessage.DecodedMessage, read: Array<Message.Message>): void => {
  if (UIHistoryCheck.finishReasonOf(message.metadata, "finishReason") !== "content_filter") return
  while (read.at(-1)?._tag === "UserMessage") read.pop()
}

/**
 * Logs the approvals answered that come back with a user message after them: not acted on (the `ai` client sends
 * them on by themselves only with `sendAutomaticallyWhen`).
 */
const warnUnsentApprovals = (decoded: ReadonlyArray<UIDecodedMessage.DecodedMessage>): Effect.Effect<void> => {
  let last = decoded.length - 1
  while (last >= 0 && decoded[last]!.role !== "assistant") last--
  if (last === -1 || last === decoded.length - 1) return Effect.void
  // The body's ids, bounded and without control characters in the log line.
  const ids = decoded[last]!.parts.flatMap((part) =>
    UIDecodedMessage.isToolPart(part) && part.state === "approval-responded"
      ? [JSON.stringify(ErrorReport.loggable(part.toolCallId, 64))]
      : []
  ).slice(0, 8)
  return ids.length === 0 ? Effect.void : Effect.logWarning(
    `toMessages: the approval of tool call ${ids.join(", ")} came back with the user's next message, not on its own: ` +
      "not acted on (the call is left out); send approvals on by themselves (the ai client's sendAutomaticallyWhen: " +
      "lastAssistantMessageIsCompleteWithApprovalResponses)"
  )
}
