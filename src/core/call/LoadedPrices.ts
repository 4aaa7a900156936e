/**
 * The bundled table's data as `PriceTable.current` loads it, with the other hosts' entries (`hostPrices`), with a
 * dynamic `import()` the first time a call is priced without a table provided. Imported statically by none and
 * importing nothing but the data, so that a bundler that splits code puts it and the data in a chunk fetched only then.
 *
 * @internal
 */
export { hostPrices } from "../../data/hostPrices.js"
export { prices } from "../../data/prices.js"
