/**
 * What a bundle for the browser has of `TokenizerData`: no files to read. The package's `browser` field puts this
 * module in the place of `TokenizerData.js` for bundlers that build for the browser; `Tokenizer.load` then imports
 * the encoding's module, which a bundle does not carry either (an estimate counts characters).
 *
 * @internal
 */
import type { CountOptions } from "./TokenizerData.js"

export type { CountOptions, Counts, Ranks } from "./TokenizerData.js"

/** A browser reads no files. */
export const fromData = (_name: string, _options: CountOptions): Promise<(text: string) => number> =>
  Promise.reject(new Error("no files to read in a browser"))
