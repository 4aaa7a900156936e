/**
 * What a bundle for the browser has of `TokenizerData` (the package's `browser` field puts it in its place): no
 * files to read.
 *
 * @internal
 */
import type { CountOptions } from "./TokenizerData.js"

export type { CountOptions, Counts, Ranks } from "./TokenizerData.js"

/** A browser reads no files. */
export const fromData = (_name: string, _options: CountOptions): Promise<(text: string) => number> =>
  Promise.reject(new Error("no files to read in a browser"))
