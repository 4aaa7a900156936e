/**
 * The margin a spend limit's reservation holds a call's estimated input with, until the provider reports the
 * input: the estimate's calibrated error times the largest under-estimate this guard has measured for the model.
 *
 * A model's error is measured by its first call under a limit: until the provider reports its input, the model's
 * other calls wait for it (`Gate`), so that calls started together cannot all spend past the limit on one
 * estimate's error. Concurrent calls then spend past a limit only by what their input exceeds the largest
 * under-estimate measured before them.
 *
 * @internal
 */
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import type * as CallBasis from "../estimate/CallBasis.js"
import * as Tokenizer from "../estimate/Tokenizer.js"

/** An estimate below this many tokens is measured as this many. */
export const smallestMeasured = 100

/** The most models a guard keeps measurements of (the oldest forgotten first). */
const mostModels = 256

/** The estimate's calibrated error: 5 % counted with the model's own tokenizer, 25 % otherwise. */
export const calibrated = (basis: CallBasis.Basis): number => Tokenizer.isExact(basis.family) ? 1.05 : 1.25

const modelOf = (basis: CallBasis.Basis): string => `${basis.provider}\u0000${basis.pricingModel}`

/**
 * What a call's estimated input is multiplied by for an under-estimate of `ratio`: the ratio is measured against an
 * estimate counted as at least `smallestMeasured` tokens, so it applies to that count (a request estimated at 8
 * tokens whose model reported 2,000 for one of 8 holds 2,000, not 8 × 20).
 */
const held = (basis: CallBasis.Basis, ratio: number): number => {
  const estimate = basis.inputTokens()
  return ratio === 1 ? 1 : ratio * Math.max(smallestMeasured, estimate) / Math.max(1, estimate)
}

/** A call's part in measuring its model: the model, and whether this call measures it. */
export interface Measuring {
  readonly model: string
  /** Whether this call measures its model (others wait for it). */
  readonly measures: boolean
}

/** What a guard has measured of each model's input estimates, and the call measuring each model now. */
export class Gate {
  /** The largest under-estimate measured, by model (1 or more; 1 where nothing could be measured). */
  readonly #ratios = new Map<string, number>()
  /** The call measuring a model (its basis), and the wait for it: completed when it has, or ended without. */
  readonly #measuring = new Map<string, { readonly basis: CallBasis.Basis; readonly done: Deferred.Deferred<void> }>()

  /** Waits while another call measures the model of `basis`; this call measures it when none has yet. */
  enter(basis: CallBasis.Basis): Effect.Effect<{ readonly margin: number; readonly measuring: Measuring }> {
    const model = modelOf(basis)
    return Effect.suspend(() => {
      // Until the measuring call's reservation holds its reported input, the room it leaves is not known.
      const running = this.#measuring.get(model)
      // The measuring call itself, under a second limit, does not wait for itself.
      if (running?.basis === basis) {
        return Effect.succeed({ margin: calibrated(basis), measuring: { model, measures: false } })
      }
      if (running !== undefined) return Effect.andThen(Deferred.await(running.done), this.enter(basis))
      const ratio = this.#ratios.get(model)
      if (ratio !== undefined) {
        return Effect.succeed({ margin: calibrated(basis) * held(basis, ratio), measuring: { model, measures: false } })
      }
      this.#measuring.set(model, { basis, done: Deferred.makeUnsafe<void>() })
      return Effect.succeed({ margin: calibrated(basis), measuring: { model, measures: true } })
    })
  }

  /** Records the input the provider reported for a call of `basis` (`inputTokens`). */
  reported(basis: CallBasis.Basis, measuring: Measuring, inputTokens: number): void {
    const ratio = inputTokens / Math.max(smallestMeasured, basis.inputTokens())
    this.#record(measuring.model, Math.max(1, ratio, this.#ratios.get(measuring.model) ?? 1))
  }

  /** A call's reservation holds its input, or it ended: the gate opens if it measured its model. */
  settled(measuring: Measuring, completed: boolean): void {
    if (!measuring.measures || !this.#measuring.has(measuring.model)) return
    if (completed && !this.#ratios.has(measuring.model)) this.#record(measuring.model, 1)
    this.#open(measuring.model)
  }

  #record(model: string, ratio: number): void {
    this.#ratios.delete(model)
    if (this.#ratios.size >= mostModels) this.#ratios.delete(this.#ratios.keys().next().value!)
    this.#ratios.set(model, ratio)
  }

  #open(model: string): void {
    const running = this.#measuring.get(model)
    if (running === undefined) return
    this.#measuring.delete(model)
    Deferred.doneUnsafe(running.done, Effect.void)
  }
}
