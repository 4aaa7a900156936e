/**
 * The bundled table, decoded the first time it is read: `PriceTable.bundled`, and the default of
 * `PriceTable.PriceTable`. Only a program that uses one of them reaches it.
 *
 * @internal
 */
import { prices } from "../../data/prices.js"
import * as PriceTableCore from "./PriceTableCore.js"

// Pure: a bundle that never uses it drops it, and the data with it.
/**
 * The table shipped with this version of the library.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const bundled: PriceTableCore.Service = /* @__PURE__ */ PriceTableCore.bundledFrom(prices)
