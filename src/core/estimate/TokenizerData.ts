/**
 * An encoding of `gpt-tokenizer` read from the package's `.tiktoken` data with Node's `fs`, rather than from its
 * encoding module (200,000 token strings whose source the engine keeps); `TokenizerData.browser.js` in a browser.
 *
 * @internal
 */

/** How gpt-tokenizer is asked to count: the special tokens it refuses (none, for an estimate). */
export interface CountOptions {
  readonly disallowedSpecial: Set<string>
}

/** What counts with an encoding: gpt-tokenizer's encoding API (`GptEncoding`, or an encoding module). */
export interface Counts {
  readonly countTokens: (text: string, options: CountOptions) => number
}

/** An encoding's ranks as gpt-tokenizer takes them: by rank, each token's text, or its bytes when they are not text. */
export type Ranks = Array<string | Array<number>>

// Specifiers bundlers leave alone: Node's modules and the package's, loaded only when an estimate needs counting.
const bufferModule = "node:buffer"
const fsModule = "node:fs/promises"
const nodeModule = "node:module"
const gptEncoding = "gpt-tokenizer/GptEncoding"

/** The encoding's counter from the package's `.tiktoken` data (`Buffer` decodes it: 8–9 MB less than `atob`). */
export const fromData = async (name: string, options: CountOptions): Promise<(text: string) => number> => {
  const [buffer, fs, module, gpt] = await Promise.all([
    import(/* @vite-ignore */ bufferModule) as Promise<typeof import("node:buffer")>,
    import(/* @vite-ignore */ fsModule) as Promise<typeof import("node:fs/promises")>,
    import(/* @vite-ignore */ nodeModule) as Promise<typeof import("node:module")>,
    import(/* @vite-ignore */ gptEncoding) as Promise<{
      readonly GptEncoding: { readonly getEncodingApi: (name: string, ranks: () => Ranks) => Counts }
    }>
  ])
  const path = module.createRequire(import.meta.url).resolve(`gpt-tokenizer/data/${name}.tiktoken`)
  const ranks = ranksOf(await fs.readFile(path, "utf8"), (text) => buffer.Buffer.from(text, "base64"))
  const api = gpt.GptEncoding.getEncodingApi(name, () => ranks)
  return (text) => api.countTokens(text, options)
}

/**
 * The ranks of a `.tiktoken` file (a line per token: its bytes in base64, a space, its rank), as gpt-tokenizer's own
 * encoding modules hold them: a token's text where its bytes are UTF-8, its bytes where they are not or where they
 * begin with a byte order mark (which a decoder would drop).
 */
export const ranksOf = (tiktoken: string, base64: (text: string) => Uint8Array): Ranks => {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
  const ranks: Ranks = []
  for (let at = 0; at < tiktoken.length;) {
    const newline = tiktoken.indexOf("\n", at)
    const end = newline === -1 ? tiktoken.length : newline
    const space = tiktoken.indexOf(" ", at)
    if (space > at && space < end) {
      const bytes = base64(tiktoken.slice(at, space))
      const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
      ranks[Number(tiktoken.slice(space + 1, end))] = bom ? Array.from(bytes) : textOr(decoder, bytes)
    }
    at = end + 1
  }
  return ranks
}

/** The bytes as text where they are UTF-8, else as an array of bytes. */
const textOr = (decoder: TextDecoder, bytes: Uint8Array): string | Array<number> => {
  try {
    return decoder.decode(bytes)
  } catch {
    return Array.from(bytes)
  }
}
