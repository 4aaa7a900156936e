/**
 * The provider's opaque state in a browser's assistant message: each reasoning, text and tool part holds the state
 * the server put on it. A step's parts make its turn (`UIHistoryFacts.TurnEntry`), which the step's signature covers;
 * once taken, the turn is written back as the provider's own blocks (`Message.ProviderContent`), in their order.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Message from "../../core/Message.js"
import type * as AssistantTurn from "../../core/provider/AssistantTurn.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as TurnCarry from "../../providers/TurnCarry.js"
import * as TurnState from "../../providers/TurnState.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import type * as UIRequestSchema from "../protocol/UIRequestSchema.js"
import type * as UIHistoryFacts from "./UIHistoryFacts.js"

type ToolPart = UIRequestSchema.ToolPart & UIDecodedMessage.Part

/** This library's entry of a part's provider metadata (a call's: its input's, or its failure's). */
const entryOf = (part: UIDecodedMessage.Part): unknown => {
  const metadata = UIDecodedMessage.isToolPart(part)
    ? part["callProviderMetadata"] ?? part["resultProviderMetadata"]
    : part["providerMetadata"]
  return typeof metadata === "object" && metadata !== null
    ? (metadata as Readonly<Record<string, unknown>>)[TurnState.metadataKey]
    : undefined
}

/** A step's turn, as its signature covers it: its reasoning with state, its text, its `calls`, in order. */
export const turnOf = (
  step: ReadonlyArray<UIDecodedMessage.Placed>,
  calls: ReadonlySet<UIDecodedMessage.Part>
): ReadonlyArray<UIHistoryFacts.TurnEntry> =>
  step.flatMap(({ part }): Array<UIHistoryFacts.TurnEntry> => {
    const state = entryOf(part)
    if (part.type === "text") return [{ kind: "text", text: part["text"] as string, state }]
    if (part.type === "reasoning") {
      return state === undefined
        ? []
        : [{ kind: "reasoning", text: part["text"] as string, state }]
    }
    return calls.has(part) ? [{ kind: "call", id: (part as ToolPart).toolCallId, state }] : []
  })

/** A part's state, read from its entry, or the refusal of an entry that is not state this server writes. */
const stateOf = (part: UIDecodedMessage.Placed, fieldOf: (at: number) => string) => {
  const located = TurnState.fromJson(entryOf(part.part))
  return located === "invalid"
    ? Effect.fail(UIDecodedMessage.invalid(fieldOf(part.at), "provider metadata that is not state this server wrote"))
    : Effect.succeed(located)
}

/**
 * The provider's blocks of a step whose parts hold state (its reasoning with state, its text, the calls it `sent`, each
 * with its input as `inputOf` reads it: as the model made it), in one format (a step is one call to one provider);
 * `undefined` without state. A refusal names the part's field.
 */
export const contentOf = (
  step: ReadonlyArray<UIDecodedMessage.Placed>,
  sent: ReadonlySet<UIDecodedMessage.Part>,
  fieldOf: (at: number) => string,
  inputOf: (call: ToolPart) => unknown = (call) => call.input
): Effect.Effect<Message.ProviderContent | undefined, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const parts: Array<AssistantTurn.Part> = []
    let format: AssistantTurn.Format | undefined
    let leftOut = false
    for (const placed of step) {
      const { part } = placed
      if (part.type !== "text" && part.type !== "reasoning" && !sent.has(part)) {
        // A program's call left out: the turn goes on without what only it needed (`TurnCarry.answeredBlocks`).
        leftOut ||= UIDecodedMessage.isToolPart(part) && part["providerExecuted"] !== true
        continue
      }
      const located = yield* stateOf(placed, fieldOf)
      if (located !== undefined && format !== undefined && located.format !== format) {
        return yield* UIDecodedMessage.invalid(fieldOf(placed.at), "the state of another provider than its step's")
      }
      format ??= located?.format
      const state = located?.state
      if (part.type === "text") parts.push({ _tag: "Text", text: part["text"] as string, state })
      else if (part.type === "reasoning") {
        if (state !== undefined) parts.push({ _tag: "Reasoning", text: part["text"] as string, state })
      } else {
        const call = part as ToolPart
        parts.push({
          _tag: "ToolCall",
          id: call.toolCallId,
          name: UIDecodedMessage.nameOf(call),
          input: inputOf(call) ?? {},
          state
        })
      }
    }
    if (format === undefined) return undefined
    // Every call written goes back; one left out already (`leftOut`) takes what only it needed with it.
    const blocks = TurnCarry.answeredBlocks(format, TurnState.blocksOf(format, parts), () => true, leftOut)
    return new Message.ProviderContent({ provider: format, blocks })
  })
