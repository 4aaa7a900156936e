/**
 * The bundled table's data as `PriceTable.current` loads it, with a dynamic `import()` of this module the
 * first time a call is priced without a table provided. Its own module, imported statically by none, and
 * importing nothing but the data: a bundler that splits code puts it and the data in a chunk fetched only
 * then (a static path to it from code a program loads at start would put them in a chunk loaded at start),
 * and one that does not (esbuild without `splitting`) has no module of the program to wrap for it.
 *
 * @internal
 */
export { prices } from "../../data/prices.js"
