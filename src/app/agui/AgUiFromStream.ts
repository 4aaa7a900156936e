/**
 * Converts a call's stream into AG-UI events: its UI message stream (`UIFromStream`) converted by `AgUiConverter`,
 * the call's response read when the stream ends.
 *
 * @internal
 */
import type * as BigDecimal from "effect/BigDecimal"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as CallResponseChunk from "../../core/call/CallResponseChunk.js"
import type * as Usage from "../../core/Usage.js"
import * as SigningKey from "../signing/SigningKey.js"
import * as UIFromStream from "../ui/UIFromStream.js"
import * as UIMetadata from "../ui/UIMetadata.js"
import * as AgUiConverter from "./AgUiConverter.js"
import type * as AgUiEvent from "./AgUiEvent.js"
import * as AgUiInterrupt from "./AgUiInterrupt.js"
import * as AgUiUsage from "./AgUiUsage.js"

/**
 * How a stream is served as a run. What the run signs (its messages, its interrupt ids) holds in its `threadId` (and
 * for its `owner`) alone: `readRunInput` refuses it in another thread.
 *
 * @since 0.5.0
 * @category Models
 */
export interface Options<E = unknown> extends Pick<UIFromStream.Options<E>, "sendReasoning" | "tools" | "onError"> {
  readonly threadId: string
  readonly runId: string
  readonly parentRunId?: string | undefined
  /**
   * The id of the first assistant message (default: a random UUID; the n-th step's is `<messageId>-<n>`). Give each
   * run its own: a client adds the events of a message id it holds to that message (`HttpAgent` joins two runs' text
   * into one, which the next input sends back changed).
   */
  readonly messageId?: string | undefined
  /**
   * Whose thread it is (a signed-in user's id): the owner `readRunInput` read the input for, `input.owner` (said once,
   * to `readRunInput`). @since 0.6.0
   */
  readonly owner?: string | undefined
  /**
   * What the answer's earlier runs spent, in USD (`RunInput.spent`): `RUN_FINISHED`'s cost and spend count it, and a
   * step's assistant message carries it on, signed (`UIFromSteps.Options.spent`). @since 0.7.0
   */
  readonly spent?: BigDecimal.BigDecimal | undefined
  /**
   * The tokens the answer's earlier runs used (`RunInput.spentUsage`): `RUN_FINISHED`'s usage counts them
   * (`UIFromSteps.Options.spentUsage`). @since 0.7.0
   */
  readonly spentUsage?: Usage.Usage | undefined
  /**
   * The steps the answer's earlier runs made (`RunInput.spentSteps`): `RUN_FINISHED`'s `effect-llm-stream/steps` counts
   * them, so the count shown is the whole answer's (`UIFromSteps.Options.spentSteps`). @since 0.7.0
   */
  readonly spentSteps?: number | undefined
  /**
   * The answer's budget question was answered `continue` in an earlier run (`RunInput.questionAnswered`): a step's
   * assistant message carries it on, signed with what the answer spent (`UIFromSteps.Options.questionAnswered`), so
   * that the run after it knows it too. @since 0.7.0
   */
  readonly questionAnswered?: boolean | undefined
  /**
   * The spend limits whose question was answered `continue` earlier in the answer (`RunInput.limitsAnswered`): carried
   * on, signed, as `questionAnswered` is (`UIFromSteps.Options.limitsAnswered`). @since 0.7.0
   */
  readonly limitsAnswered?: ReadonlyArray<string> | undefined
  /**
   * Where the run goes on in its thread: the one `readRunInput` read its input with (`RunInput.lastStep`). Its first
   * step is then signed after the last step of the answer it continues (a resume after an interrupt), and cannot be
   * moved before the steps of the runs it goes on from. Without it, that first step's place is not checked (and the
   * input that sends it back after them logs a warning). @since 0.7.0
   */
  readonly lastStep?: string | undefined
}

/** The run's ids, its first message's id made once. */
export const idsOf = <E>(options: Options<E>): AgUiConverter.RunIds => ({
  threadId: options.threadId,
  runId: options.runId,
  parentRunId: options.parentRunId,
  messageId: options.messageId ?? crypto.randomUUID()
})

/** The UI message stream's options of a run: signed (and its approvals issued) for the thread and its owner. */
export const uiOptions = <E>(options: Options<E>, messageId: string) => ({
  messageId,
  sendReasoning: options.sendReasoning,
  tools: options.tools,
  onError: options.onError,
  binding: { chatId: options.threadId, owner: options.owner },
  spent: options.spent,
  spentUsage: options.spentUsage,
  spentSteps: options.spentSteps,
  questionAnswered: options.questionAnswered,
  limitsAnswered: options.limitsAnswered,
  lastStep: options.lastStep
})

/**
 * The AG-UI events `make` converts, made as the stream starts from the signing key. Under a resumable run, the UI
 * message stream converted takes its store's stop (`StopHeard.take`): a stopped run then ends with its converter's
 * cancelled `RUN_FINISHED` with its sums (`AgUiConverter.convert`).
 */
export const converting = <E, R>(
  make: (key: SigningKey.Service) => Stream.Stream<AgUiEvent.Event, E, R>
): Stream.Stream<AgUiEvent.Event, E, R> =>
  Stream.unwrap(Effect.withFiber((fiber) => Effect.succeed(make(Context.get(fiber.context, SigningKey.Signing)))))

/** The AG-UI events of a call's stream. */
export const fromStream = <E, R>(
  self: Stream.Stream<CallResponseChunk.Common, E, R>,
  options: Options<E>
): Stream.Stream<AgUiEvent.Event, E, R> =>
  converting((key) => {
    const ids = idsOf(options)
    // The call's answer, as the UI message stream reads it from the fold when the stream ends (or is stopped).
    const cell: { answer: UIMetadata.Answer | undefined } = { answer: undefined }
    const chunks = UIFromStream.fromStream(self, {
      ...uiOptions(options, ids.messageId),
      metadata: (response, stopReason) => {
        cell.answer = UIMetadata.ofResponse(response, stopReason)
        return undefined
      }
    })
    return AgUiConverter.convert(chunks, ids, {
      sums: () => cell.answer === undefined ? undefined : AgUiUsage.sumsOf(cell.answer),
      deniedText: () => undefined,
      // A stopped call's stream ends with the UI message stream's `abort`.
      stopped: () => false,
      expiresAt: AgUiInterrupt.expiryOf(key),
      callOf: () => undefined,
      // A budget's question is a tool loop's: a call's stream asks none.
      isQuestion: () => false,
      finishReason: () => cell.answer?.responses.at(-1)?.commonFinishReasons[0]
    })
  })
