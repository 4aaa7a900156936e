/**
 * A converter's source under a resumable run, which takes its store's stop (`StopHeard.Within`): ended on the stop as
 * a stop from within ends it (`Stream.interruptWhen`), so that the converter writes its stopped ending with its sums,
 * and each step's ending heard as its call ends (`LoopStep.StepEndings`), so that those sums count a call the stop cut
 * short, as far as it went. One piece for every converter: the UI message stream's (`UIFromStream`, `UIFromSteps`),
 * which AG-UI's read.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Stream from "effect/Stream"
import type * as CallEnding from "../../core/call/CallEnding.js"
import * as LoopStep from "../loop/LoopStep.js"
import * as StopHeard from "./StopHeard.js"

/**
 * `self` as a converter reads it in `context`: under a resumable run, ended on its store's stop (taken), each step's
 * ending told to `hear` as its call ends, then to whoever heard it before (`LoopStep.StepEndings`); as it is outside
 * a resumable run (nothing taken, nothing provided: no step per pull).
 */
export const source = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  context: Context.Context<never>,
  hear?: ((ending: CallEnding.Ending) => void) | undefined
): Stream.Stream<A, E, R> => {
  const within = Context.getOrUndefined(context, StopHeard.Within)
  if (within === undefined) return self
  const stoppable = Stream.interruptWhen(self, within.take())
  if (hear === undefined) return stoppable
  const before = Context.get(context, LoopStep.StepEndings)
  return Stream.provideService(stoppable, LoopStep.StepEndings, (ending) => {
    hear(ending)
    before?.(ending)
  })
}
