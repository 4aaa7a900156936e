/**
 * The accessors every chunk class derives the same way from its own `usage` and `finishReasons`.
 *
 * @internal
 */
import * as CostMetadata from "../CostMetadata.js"
import type * as FinishReason from "../FinishReason.js"
import type * as Usage from "../Usage.js"

/** A constructor (a `Schema.Class`) to extend. */
export type Constructor = abstract new(...args: Array<any>) => object

/**
 * Adds `commonFinishReasons`, `commonUsage`, `inputTokens`, `cachedTokens`, `outputTokens` and
 * `costMetadata`, computed from the provider class's `usage` and `finishReasons`.
 */
export const withDerivedAccessors = <U, B extends Constructor>(
  Base: B,
  options: {
    readonly toCommonFinishReason: (raw: string) => FinishReason.FinishReason
    readonly normaliseUsage: (usage: U) => Usage.Usage
  }
) => {
  abstract class WithDerivedAccessors extends Base {
    /** The provider's raw usage object, when this chunk carries one. */
    abstract readonly usage: U | undefined
    /** The provider's raw finish reasons reported in this chunk. */
    abstract readonly finishReasons: ReadonlyArray<string>
    /** `finishReasons` in the common set. */
    get commonFinishReasons(): ReadonlyArray<FinishReason.FinishReason> {
      return this.finishReasons.map(options.toCommonFinishReason)
    }
    /** Normalised usage (input includes cache reads and writes), when this chunk carries usage. */
    get commonUsage(): Usage.Usage | undefined {
      const usage = this.usage
      return usage === undefined ? undefined : options.normaliseUsage(usage)
    }
    /** All input tokens, cache reads and writes included. */
    get inputTokens(): number | undefined {
      return this.commonUsage?.inputTokens
    }
    /** Input tokens read from the prompt cache. */
    get cachedTokens(): number | undefined {
      return this.commonUsage?.cachedTokens
    }
    /** All output tokens, reasoning and audio included. */
    get outputTokens(): number | undefined {
      return this.commonUsage?.outputTokens
    }
    /** What the call's cost depends on, as far as this chunk reports it. */
    get costMetadata(): CostMetadata.CostMetadata {
      const usage = this.commonUsage
      return CostMetadata.fromUsage(usage, usage === undefined ? {} : this.costExtras())
    }
    /** Non-token facts the price depends on (service tier, region); providers that report them override this. */
    protected costExtras(): CostMetadata.Extras {
      return {}
    }
  }
  return WithDerivedAccessors
}
