/**
 * What the model was told of a tool call whose result the browser is shown otherwise (a failure's detail, redacted;
 * a result with parts, as text, where the protocol does not show the parts themselves as AG-UI does). Written back
 * from the browser's part, the next request would tell the model another conversation (and Anthropic refuses thinking
 * after a changed `tool_result`). So it goes to the browser sealed (`Sealing`), bound to the outcome's signed fact
 * (not to another call with the same id, as gateways number calls `call_0`), and comes back as it was.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Message from "../../core/Message.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import * as ForUser from "../loop/ForUser.js"
import type * as StepEvents from "../loop/StepEvents.js"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as Sealing from "../signing/Sealing.js"
import * as UIHistoryFacts from "./UIHistoryFacts.js"

/** Where a message's (or a tool message's) metadata keeps the sealed results, by the key of their outcome's fact. */
export const metadataKey = "effect-llm-stream/results"

/** A result to seal for a call: the tool message as the model read it. */
export interface Pending {
  readonly toolCallId: string
  readonly message: Message.ToolResultMessage
}

/** A tool message as JSON (the `Message` Schema's), for the sealed result. */
const codec = Schema.toCodecJson(Message.Message)

/**
 * What the model was told of `event`, for the signer to seal, when the browser is shown other than that (its parts
 * as text: not when `partsShown`, the parts themselves, which the outcome's signature covers; parts for the user
 * alone, `ForUser`, which the model never reads, beside an output or a failure).
 */
export const pendingOf = (
  event: StepEvents.ToolResultEvent,
  shown: UIChunk.Chunk,
  partsShown = false
): Pending | undefined => {
  const other = (event.message.parts !== undefined && !partsShown) ||
    (shown.type === "tool-output-error" &&
      (shown.errorText !== event.message.content || ForUser.ofErrorMetadata(shown.providerMetadata) !== undefined)) ||
    (shown.type === "tool-output-available" && ForUser.carries(shown.output))
  return other ? { toolCallId: event.call.id, message: event.message } : undefined
}

/** The metadata of `pending` sealed for its outcome's signed fact, `fact` (in the chat `binding` names). */
export const sealed = (
  pending: Pending,
  fact: string,
  binding?: ApprovalGate.Binding | undefined
): Effect.Effect<Record<string, Record<string, string>>> =>
  Effect.gen(function*() {
    const json = yield* Effect.orDie(Schema.encodeEffect(codec)(pending.message))
    const key = yield* UIHistoryFacts.keyOf(fact)
    return { [metadataKey]: { [key]: yield* Sealing.sealJson(json, UIHistoryFacts.sealedFor(fact, binding)) } }
  })

/**
 * The tool message the model read for `call`, when `metadata` carries it sealed for one of `outcomes`; one this
 * server did not seal for that outcome, or changed, is a refusal naming `field`, and so is an output with parts for
 * the user alone (`ForUser`) without it: read as it is, the model would read them.
 */
export const modelResult = (
  metadata: unknown,
  call: UIHistoryFacts.CallFact,
  outcomes: ReadonlyArray<UIHistoryFacts.Outcome>,
  field: string,
  binding?: ApprovalGate.Binding | undefined
): Effect.Effect<Message.ToolResultMessage | undefined, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const texts = typeof metadata === "object" && metadata !== null
      ? (metadata as Readonly<Record<string, unknown>>)[metadataKey]
      : undefined
    if (typeof texts !== "object" || texts === null) return yield* unsealed(call, outcomes, field)
    for (const outcome of outcomes) {
      const fact = yield* UIHistoryFacts.outcomeFact(call, outcome)
      const key = yield* UIHistoryFacts.keyOf(fact)
      if (!Object.hasOwn(texts, key)) continue
      const changed = UIDecodedMessage.invalid(
        field,
        `the result of tool call ${JSON.stringify(call.id)} changed since this server served it`
      )
      const sealed = (texts as Readonly<Record<string, unknown>>)[key]
      const json = yield* Sealing.openJson(sealed, UIHistoryFacts.sealedFor(fact, binding))
      if (json === undefined) return yield* changed
      const message = yield* Effect.mapError(Schema.decodeUnknownEffect(codec)(json), () => changed)
      if (message._tag !== "ToolResultMessage" || message.toolCallId !== call.id) return yield* changed
      return message
    }
    return yield* unsealed(call, outcomes, field)
  })

/** Whether an outcome shows parts for the user alone (`ForUser`): beside an output, or beside a failure. */
const carriesForUser = (outcome: UIHistoryFacts.Outcome): boolean =>
  outcome.kind === "output"
    ? ForUser.carries(outcome.output)
    : outcome.kind === "error" && outcome.forUser !== undefined

/** No result sealed for `outcomes`: nothing, or a refusal naming `field` when one has parts for the user alone. */
const unsealed = (
  call: UIHistoryFacts.CallFact,
  outcomes: ReadonlyArray<UIHistoryFacts.Outcome>,
  field: string
): Effect.Effect<undefined, ProviderError.InvalidRequestError> =>
  outcomes.some(carriesForUser)
    ? Effect.fail(UIDecodedMessage.invalid(
      field,
      `the result of tool call ${JSON.stringify(call.id)} has parts for the user alone without the result this ` +
        "server sealed with it"
    ))
    : Effect.succeed(undefined)
