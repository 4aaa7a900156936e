/**
 * MCP tool names as every provider takes them: MCP allows any string; the providers' rules meet at `valid` (OpenAI,
 * Azure and Groq: letters, digits, `_` and `-`, at most 64; Anthropic up to 128; Bedrock up to 64; Gemini: starting
 * with a letter or `_`). Another name is mapped to one that does, stable and unique among the server's tools.
 *
 * @internal
 */
import * as TextHash from "../../core/request/TextHash.js"

/** The name rule every provider takes. */
export const valid = /^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$/

/** What a prefix may be: a valid start of a name, short enough to leave room for the tool's. */
export const validPrefix = /^[a-zA-Z_][a-zA-Z0-9_-]{0,31}$/

/** FNV-1a (32 bits) as 8 hex digits (`TextHash.hex64`'s first): stable across runs and platforms. */
const hash = (text: string): string => TextHash.hex64(text).slice(0, 8)

/** The name a tool is given: `<prefix>_<name>` (or the name), mapped when it breaks the rule (`attempt` > 0: again). */
export const providerName = (name: string, prefix: string | undefined, attempt = 0): string => {
  const full = prefix === undefined ? name : `${prefix}_${name}`
  if (attempt === 0 && valid.test(full)) return full
  const readable = full.replace(/[^a-zA-Z0-9_-]/g, "_")
  const start = /^[a-zA-Z_]/.test(readable) ? readable : `_${readable}`
  return `${start.slice(0, 55)}_${hash(attempt === 0 ? full : `${full}#${attempt}`)}`
}

/** The names of a server's tools (`undefined` for a name listed twice); kept names first, no mapped one takes them. */
export const assign = (
  names: ReadonlyArray<string>,
  prefix: string | undefined
): ReadonlyArray<string | undefined> => {
  const taken = new Set<string>()
  const seen = new Set<string>()
  const out: Array<string | undefined> = names.map(() => undefined)
  const order = names.map((name, index) => ({
    name,
    index,
    kept: providerName(name, prefix) === (prefix === undefined ? name : `${prefix}_${name}`)
  }))
  order.sort((a, b) => Number(b.kept) - Number(a.kept) || a.index - b.index)
  for (const { index, name } of order) {
    if (seen.has(name)) continue
    seen.add(name)
    let candidate = providerName(name, prefix)
    for (let attempt = 1; taken.has(candidate); attempt++) candidate = providerName(name, prefix, attempt)
    taken.add(candidate)
    out[index] = candidate
  }
  return out
}
