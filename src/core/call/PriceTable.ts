/**
 * Model prices: a bundled, versioned table, and the service that looks them up. Every entry names its source and
 * the date it was checked, and holds dated price periods (a price change never re-prices older calls); dated
 * snapshot names and aliases resolve to their model. Without a layer the bundled table is used; `layer(entries)`
 * overrides or extends it, and `layerReplace(data)` replaces it.
 *
 * @since 0.1.0
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { bundled } from "./BundledPrices.js"
import * as PriceTableCore from "./PriceTableCore.js"
import type { Entry, Service, TableData } from "./PriceTableCore.js"

export { Entry, make, Period, Price, Rates, TableData, Tier, TimeOfDay, UnknownModel } from "./PriceTableCore.js"
export type { ModelPrice, Service } from "./PriceTableCore.js"

export { bundled } from "./BundledPrices.js"

/**
 * The price table in context; the bundled table when none is provided.
 *
 * @since 0.1.0
 * @category Context
 */
export const PriceTable: Context.Reference<Service> = /* @__PURE__ */ Context.Reference<Service>(
  "effect-llm-stream/PriceTable",
  { defaultValue: () => bundled }
)

/**
 * The table a layer provided, if one did: the key of `PriceTable` without its default, so that reading it never
 * loads the bundled table.
 *
 * @internal
 */
export const Provided = /* @__PURE__ */ Context.Service<Service>("effect-llm-stream/PriceTable")

/** Loads the bundled table once, with a dynamic import (a reference's default is kept; an interrupted load is not). */
const BundledLoader = /* @__PURE__ */ Context.Reference<Effect.Effect<Service>>(
  "effect-llm-stream/PriceTable/BundledLoader",
  {
    defaultValue: () =>
      Effect.runSync(Effect.cached(Effect.map(
        Effect.promise(() => import("./LoadedPrices.js")),
        (module) => PriceTableCore.bundledFrom(module.prices, module.hostPrices)
      )))
  }
)

/**
 * The price table in context: the one a layer provides, else the bundled table, whose data is loaded the
 * first time a call is priced (in a chunk of its own where the bundler splits code: see docs/browser.md).
 *
 * @example
 * ```ts
 * import { PriceTable } from "effect-llm-stream"
 * import { Effect } from "effect"
 *
 * const program = Effect.map(PriceTable.current, (table) => table.lookup("openai", "gpt-4o-mini"))
 * ```
 *
 * @since 0.3.0
 * @category Context
 */
export const current: Effect.Effect<Service> = /* @__PURE__ */ Effect.withFiber((fiber) => {
  const provided = Context.getOption(fiber.context, Provided)
  return Option.isSome(provided) ? Effect.succeed(provided.value) : fiber.getRef(BundledLoader)
})

/**
 * A layer providing the bundled table. `cost` on a response uses it without one; telemetry prices calls
 * only with a table provided (see `Telemetry`), and this is the one to provide for the bundled prices.
 *
 * @example
 * ```ts
 * import { PriceTable } from "effect-llm-stream"
 * import { Effect } from "effect"
 *
 * const priced = <A, E, R>(program: Effect.Effect<A, E, R>) => Effect.provide(program, PriceTable.layerBundled)
 * ```
 *
 * @since 0.3.0
 * @category Layers
 */
export const layerBundled: Layer.Layer<never> = /* @__PURE__ */ Layer.sync(PriceTable, () => bundled)

/**
 * Provides the bundled table with `entries` added; an entry for an id the table already has replaces it.
 *
 * @example
 * ```ts
 * import { PriceTable } from "effect-llm-stream"
 *
 * const MyPrices = PriceTable.layer([{
 *   provider: "openai",
 *   model: "my-fine-tune",
 *   source: "https://platform.openai.com/docs/pricing",
 *   checkedAt: "2026-11-21",
 *   periods: [{ from: null, rates: { input: "3.75", output: "15" } }]
 * }])
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (entries: ReadonlyArray<Entry>, base: Service = bundled): Layer.Layer<never> =>
  Layer.succeed(
    PriceTable,
    PriceTableCore.make({
      version: 1,
      generatedAt: base.version,
      entries: [...base.entries, ...entries],
      ...(base.pricedLike === undefined ? {} : { pricedLike: base.pricedLike })
    })
  )

/**
 * A layer replacing the table with `data`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerReplace = (data: TableData): Layer.Layer<never> =>
  Layer.succeed(PriceTable, PriceTableCore.make(data))

/**
 * Reads a rate as an exact decimal.
 *
 * @since 0.1.0
 * @category Utils
 */
export const decimal = (price: string): BigDecimal.BigDecimal => BigDecimal.fromStringUnsafe(price)
