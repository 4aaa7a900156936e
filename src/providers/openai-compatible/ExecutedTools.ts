/**
 * The built-in tools a compound system ran, as its delta names them (Groq's `executed_tools`, groq-sdk 1.6.0
 * `ChatCompletionChunk.Choice.Delta.ExecutedTool`: `index`, `type`, `arguments`, and, once it ran, `output`,
 * `search_results`, `code_results`, `browser_results`), read by hand and bounded: what each run bills (its type), the
 * tool call the host ran (its name, arguments and output) and the pages it found (its sources). How each kind is read
 * is a row of `kinds`.
 *
 * Groq names a run twice under its index: once as it starts, again with its output (each time with its whole
 * arguments). The host ran the call itself and the assistant message Groq takes back has no field for it
 * (`ChatCompletionAssistantMessageParam`: content, name, reasoning, tool_calls): such a call is shown, never sent back.
 *
 * @internal
 */
import * as Payload from "../../core/payload/Payload.js"

/** One page a run found: its URL, with its title when sent. */
export interface Page {
  readonly url: string
  readonly title: string | undefined
}

/** One run read: its index in the call, its type as streamed, the tool's name, its arguments, its output and pages. */
export interface Run {
  readonly index: number
  readonly type: string
  readonly name: string
  /** The arguments as the JSON text sent (`""` when not a string). */
  readonly arguments: string
  /** What the run gave back, when this entry carries it (its second naming): the fields of it as sent. */
  readonly output: Readonly<Record<string, unknown>> | undefined
  readonly pages: ReadonlyArray<Page>
}

/** How one kind of run is read: the types Groq streams it as, the name it is shown by, where its pages are. */
interface Kind {
  readonly types: ReadonlyArray<string>
  readonly name: string
  /** The fields of `output` that list the pages the run found (`url`, `title` each). */
  readonly pages: (entry: Readonly<Record<string, unknown>>) => unknown
  readonly source: string
}

const none = (): unknown => undefined

/**
 * Each kind of built-in tool, by the types its runs stream as. The names are the tools' own in Groq's docs
 * (console.groq.com/docs/tool-use/built-in-tools, `compound_custom.tools.enabled_tools`, read 2026-11-29); the
 * types streamed are those of `PRICES-SOURCES.md`'s Groq rows. A type no row names is shown by its own name, with no pages.
 */
const kinds: ReadonlyArray<Kind> = [
  {
    types: ["search", "web_search"],
    name: "web_search",
    // `ExecutedTool.SearchResults`: `results: [{ title, url, content, score }]`, `images`.
    pages: (entry) => Payload.isRecord(entry["search_results"]) ? entry["search_results"]["results"] : undefined,
    source: "groq-sdk 1.6.0 ExecutedTool.search_results; console.groq.com/docs/web-search"
  },
  {
    types: ["visit_website"],
    name: "visit_website",
    pages: none,
    source: "groq-sdk 1.6.0 ExecutedTool.output; console.groq.com/docs/tool-use/built-in-tools"
  },
  {
    types: ["python", "code_interpreter"],
    name: "code_interpreter",
    pages: none,
    source: "groq-sdk 1.6.0 ExecutedTool.code_results (text, png, charts); console.groq.com/docs/code-execution"
  },
  {
    types: ["browser_automation"],
    name: "browser_automation",
    // `ExecutedTool.BrowserResult`: `{ title, url, content, live_view_url }`, one per browser window.
    pages: (entry) => entry["browser_results"],
    source: "groq-sdk 1.6.0 ExecutedTool.browser_results; console.groq.com/docs/tool-use/built-in-tools"
  },
  {
    types: ["wolfram_alpha"],
    name: "wolfram_alpha",
    pages: none,
    source: "groq-sdk 1.6.0 ExecutedTool.output; console.groq.com/docs/tool-use/built-in-tools"
  }
]

const kindOf = (type: string): Kind | undefined => kinds.find((kind) => kind.types.includes(type))

/** The most runs read of one chunk; more are one run that cannot be read. */
const maxRunsPerChunk = 100

/** The longest type read; a longer one makes its run unreadable. */
const maxTypeLength = 64

/** The most pages read of one run. */
const maxPages = 100

/** The longest URL, and title, of a page read; a longer URL is no page, a longer title none. */
const maxUrlLength = 2048
const maxTitleLength = 1024

/** The fields of an entry that are what the run gave back, each kept as sent when of the type groq-sdk gives it. */
const outputFields = {
  output: (value: unknown) => typeof value === "string",
  search_results: Payload.isRecord,
  code_results: Array.isArray,
  browser_results: Array.isArray
} as const

/** A text or a list with something in it. */
const nonEmpty = (value: unknown): boolean =>
  typeof value === "string" ? value !== "" : Array.isArray(value) && value.length > 0

/**
 * Whether a field says the run gave something back: a run's first naming may carry its fields empty (Groq's
 * `search_results: { results: [] }` as a search starts, in pydantic-ai's recording
 * `tests/models/cassettes/test_groq/test_groq_model_web_search_tool_stream.yaml`, whose `_map_executed_tool`,
 * pydantic_ai/models/groq.py, reads a search's results only when `images` or `results` has any).
 */
const says = (value: unknown): boolean =>
  nonEmpty(value) || (Payload.isRecord(value) && Object.values(value).some(nonEmpty))

/**
 * What an entry says the run gave back (its fields of the type groq-sdk gives them), or `undefined` for an entry
 * that says none (its start: no such field, or each empty).
 */
const outputOf = (entry: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> | undefined => {
  let output: Record<string, unknown> | undefined
  for (const [field, isOf] of Object.entries(outputFields)) {
    const value = entry[field]
    if (isOf(value)) (output ??= {})[field] = value
  }
  return output !== undefined && Object.values(output).some(says) ? output : undefined
}

/** The pages of a list sent (`{ url, title }` each), bounded; an entry without a URL is none. */
const pagesOf = (listed: unknown): ReadonlyArray<Page> => {
  if (!Array.isArray(listed)) return []
  const pages: Array<Page> = []
  for (const entry of listed.slice(0, maxPages)) {
    const url = Payload.isRecord(entry) ? entry["url"] : undefined
    if (typeof url !== "string" || url === "" || url.length > maxUrlLength) continue
    const title = (entry as Readonly<Record<string, unknown>>)["title"]
    pages.push({ url, title: typeof title === "string" && title.length <= maxTitleLength ? title : undefined })
  }
  return pages
}

/** One entry read, or `undefined` when it is not a run (no index, no type). */
const runOf = (entry: unknown): Run | undefined => {
  if (!Payload.isRecord(entry)) return undefined
  const { arguments: args, index, type } = entry
  if (!Payload.isIndex(index) || typeof type !== "string" || type.length > maxTypeLength) return undefined
  const kind = kindOf(type)
  const output = outputOf(entry)
  return {
    index,
    type,
    name: kind?.name ?? type,
    arguments: typeof args === "string" ? args : "",
    output,
    pages: output === undefined || kind === undefined ? [] : pagesOf(kind.pages(entry))
  }
}

/**
 * The runs a delta's `executed_tools` names, in order: each read, or `undefined` for one that cannot be (not an
 * array: one such; past `maxRunsPerChunk`: one more such). `undefined` and `null` name none.
 */
export const runsOf = (executed: unknown): ReadonlyArray<Run | undefined> => {
  if (executed === undefined || executed === null) return []
  if (!Array.isArray(executed)) return [undefined]
  const runs = executed.slice(0, maxRunsPerChunk).map(runOf)
  return executed.length > maxRunsPerChunk ? [...runs, undefined] : runs
}
