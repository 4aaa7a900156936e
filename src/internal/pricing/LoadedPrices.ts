/**
 * The bundled table as `PriceTable.current` loads it, with a dynamic `import()` of this module the first
 * time a call is priced without a table provided. Its own module, imported statically by none: a bundler
 * that splits code puts it and the data in a chunk fetched only then (a static path to the module, from
 * code a program loads at start, would put them in a chunk loaded at start).
 *
 * @internal
 */
import { prices } from "../../data/prices.js"
import * as PriceTableCore from "./PriceTableCore.js"

export const table: PriceTableCore.Service = PriceTableCore.fromData(prices)
