/**
 * What one answer served by `ChatEndpoint` sent, gathered as it runs: each model call's ending, the loop's
 * `DoneEvent`, and how its UI stream ended; `endingOf` makes the `ChatEnding` once the stored stream is settled.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type * as Stream from "effect/Stream"
import type * as CallEnding from "../../core/call/CallEnding.js"
import type * as CallResponse from "../../core/call/CallResponse.js"
import * as LoopSums from "../../core/spend/LoopSums.js"
import * as StreamStart from "../../core/stream/StreamStart.js"
import type * as StepEvents from "../loop/StepEvents.js"
import type * as SpentToken from "../signing/SpentToken.js"
import * as UIFromSteps from "../ui/UIFromSteps.js"
import type * as UIResumable from "../ui/UIResumable.js"
import * as ChatEnding from "./ChatEnding.js"

/** The `answerSpent` of a request that spent `spend` after the answer's earlier requests spent `earlier`. */
const answerSpent = (
  spend: CallResponse.Spend,
  earlier: BigDecimal.BigDecimal | undefined
): Pick<ChatEnding.Sent, "answerSpent"> =>
  Option.match(spend.cost, {
    onNone: () => ({}),
    onSome: (cost) => ({
      answerSpent: BigDecimal.normalize(earlier === undefined ? cost.total : BigDecimal.sum(earlier, cost.total))
    })
  })

export class AnswerTracker {
  private readonly calls: Array<CallEnding.Ending> = []
  private done: StepEvents.DoneEvent | undefined
  private exit: Exit.Exit<void, unknown> | undefined
  readonly messageId: string
  /** The id of the endpoint's `models` the request picked. */
  readonly modelId: string | undefined
  /**
   * What the answer's earlier requests spent, used and the steps they made (read back signed: `ChatRequest.spent`,
   * `spentUsage`, `spentSteps`), if it continues one.
   */
  readonly earlier: SpentToken.Spent | undefined

  constructor(messageId: string, modelId?: string, earlier?: SpentToken.Spent) {
    this.messageId = messageId
    this.modelId = modelId
    this.earlier = earlier
  }

  /** Hears a step's ending (`LoopStep.StepEndings`): the model calls of an answer stopped or failed midway too. */
  readonly hear = (ending: CallEnding.Ending): void => {
    this.calls.push(ending)
  }

  /**
   * The metadata with the id of the model picked, when one was: the finish's, and a stopped answer's (made by its
   * converter, `UIFromSteps.ServerOptions.stoppedMetadata`, of what it spent up to the stop).
   */
  readonly named = <M extends object>(metadata: M): M & { readonly modelId?: string } =>
    this.modelId === undefined ? metadata : { ...metadata, modelId: this.modelId }

  /** The metadata of the answer's `finish`, the loop's `DoneEvent` kept (no stage looks for it in every batch). */
  readonly metadata = (done: StepEvents.DoneEvent): UIFromSteps.LoopMetadata & { readonly modelId?: string } => {
    this.done = done
    return this.named(UIFromSteps.loopMetadata(done, this.earlier))
  }

  /** The answer's stream, how it ended kept. */
  watch<A, E, R>(self: Stream.Stream<A, E, R>): Stream.Stream<A, E, R> {
    return StreamStart.ensuringWith(self, (exit) =>
      Effect.sync(() => {
        this.exit = Exit.asVoid(exit)
      }))
  }

  private sent(): ChatEnding.Sent {
    const steps = this.calls.length > 0 ? this.calls : this.done?.steps ?? []
    const spend = LoopSums.spendOf(steps)
    return { messageId: this.messageId, steps, spend, ...answerSpent(spend, this.earlier?.usd) }
  }

  /** The answer failed with `error` before its stream was stored (its head failed). */
  failed(error: unknown): ChatEnding.Ending {
    return new ChatEnding.Failed({ ...this.sent(), error })
  }

  /** How the answer ended, once its stored stream was settled. */
  endingOf(settled: UIResumable.Settled): ChatEnding.Ending {
    const sent = this.sent()
    if (settled._tag === "Stopped") return new ChatEnding.Stopped(sent)
    if (settled._tag === "Dropped") return new ChatEnding.Dropped({ ...sent, storeFailure: settled.storeFailure })
    const exit = this.exit
    if (exit !== undefined && Exit.isFailure(exit)) {
      const error = Cause.findErrorOption(exit.cause)
      return new ChatEnding.Failed({ ...sent, error: Option.isSome(error) ? error.value : Cause.squash(exit.cause) })
    }
    return new ChatEnding.Done({ ...sent, reason: this.done?.reason ?? "stop" })
  }
}
