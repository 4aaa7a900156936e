/**
 * The order of an AG-UI thread's steps, as its input is read, across its runs. Each run's steps are signed in the
 * run's message, each after the one before it, and are read as a UI message's are (`UIHistoryCheck`): once, in that
 * order, one right after the other (no other run's step between two of them). A run's first step is signed after the
 * step the thread held last when the run started (`RunInput.lastStep`, given to `fromSteps`): a run that goes on with
 * an answer (resumed after an interrupt, or after a client tool's result) cannot be moved before the steps of the runs
 * it goes on from, nor after other steps. A new answer's run starts after no step; a run served without `lastStep` is
 * signed `unplaced` (`UIHistoryFacts.unplaced`): taken anywhere, as before, and logged where it goes on from an
 * answer's steps.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as ProviderError from "../../core/ProviderError.js"
import * as UIHistoryCheck from "../history/UIHistoryCheck.js"
import * as UIHistoryFacts from "../history/UIHistoryFacts.js"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as SigningKey from "../signing/SigningKey.js"

/** A step read: the run's message it was signed in, and that message's order after it. */
interface At {
  readonly message: string
  readonly chain: UIHistoryFacts.Chain
}

/** A thread's steps read so far: each run's (by its message), the last one, whether a user's message came after it. */
export interface ThreadOrder {
  readonly runs: Map<string, UIHistoryCheck.Served>
  last: At | undefined
  asked: boolean
}

/** A thread before its first step. */
export const make = (): ThreadOrder => ({ runs: new Map(), last: undefined, asked: false })

/** A step as its order is checked: its fact's key and digest, whether signed before 0.7, whether text alone. */
export interface Step {
  readonly key: string
  readonly digest: string
  readonly before07: boolean
  readonly repeatable: boolean
}

/**
 * The order a run that goes on after the step `at` starts from, in its own message: after that step in its run's
 * message (a digest of both, base64url as `UIHistoryFacts.chainOf` reads a `lastStep`).
 */
const after = (at: At): Effect.Effect<UIHistoryFacts.Chain> =>
  Effect.map(
    SigningKey.digest(
      JSON.stringify(["effect-llm-stream/agui-after/v1", at.message, UIHistoryFacts.lastStepOf(at.chain) ?? null])
    ),
    (previous) => ({ previous, repeats: 0 })
  )

/**
 * Where a run that goes on with the thread's answer starts (`RunInput.lastStep`, opaque): after the last step read, or
 * (`""`) after none.
 */
export const lastStep = (order: ThreadOrder): Effect.Effect<string> =>
  order.last === undefined ? Effect.succeed("") : Effect.map(after(order.last), ({ previous }) => previous ?? "")

/**
 * The steps of the run of message `id` before its first (of digest `digest`): after the thread's last step, when the
 * first was signed so; else none (a new answer's run; or one served without `lastStep`, logged where no user's
 * message came after the thread's last step: it goes on from an answer its place is not checked in).
 */
const startOf = (
  order: ThreadOrder,
  signed: Readonly<Record<string, unknown>>,
  id: string,
  digest: string,
  binding: ApprovalGate.Binding | undefined
): Effect.Effect<UIHistoryCheck.Served> =>
  Effect.gen(function*() {
    const none = UIHistoryCheck.noneServed()
    if (order.last === undefined) return none
    const chain = yield* after(order.last)
    if (yield* UIHistoryFacts.inOrder(signed, id, digest, chain, binding)) return { keys: none.keys, chain }
    if (!order.asked && (yield* UIHistoryFacts.unplaced(signed, id, digest, binding))) {
      yield* Effect.logWarning(
        "readRunInput: a run went on without fromSteps' lastStep (RunInput.lastStep): the place of its first step " +
          "in its thread is not checked"
      )
    }
    return none
  })

/** The refusal of the message `field` names, a step out of the order its thread's runs served it in. */
const outOfOrder = (field: string) =>
  UIDecodedMessage.invalid(field, "an assistant message out of the order this server served it in")

/**
 * Refuses a step signed in its run's message `id` that comes twice there, or out of the order it was served in: the
 * model would read a call made, and run, twice, or calls run in another order. A run's first step stands after the
 * step the thread held last when the run started (`startOf`), each other right after the run's step before it (no
 * other run's between). `field` names the message.
 */
export const checked = (
  order: ThreadOrder,
  signed: Readonly<Record<string, unknown>>,
  id: string,
  step: Step,
  field: string,
  binding: ApprovalGate.Binding | undefined
): Effect.Effect<void, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const known = order.runs.get(id)
    // A run's steps follow each other: another run's step between two of them tells the model another story.
    if (known !== undefined && order.last?.message !== id) return yield* outOfOrder(field)
    const served = known ?? (yield* startOf(order, signed, id, step.digest, binding))
    order.runs.set(id, served)
    if (yield* UIHistoryCheck.comesTwice(signed, id, step, served, binding)) {
      return yield* UIDecodedMessage.invalid(field, "an assistant message that comes twice in its run")
    }
    served.keys.add(step.key)
    // A step signed before 0.7 was signed with no order: its place is not checked.
    if (!step.before07 && !(yield* UIHistoryCheck.inPlace(signed, id, step.digest, served, binding))) {
      return yield* outOfOrder(field)
    }
    served.chain = UIHistoryFacts.chainAfter(served.chain, step.digest)
    order.last = { message: id, chain: served.chain }
    order.asked = false
  })
