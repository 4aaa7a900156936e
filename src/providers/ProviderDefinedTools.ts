/**
 * How a provider declares a tool it runs itself that comes from `effect/ai` (`Tool.providerDefined`, whose id is
 * `<owner>.<type>`): the owner its tools' ids start with, the tool's `providerTools` entry, and the name (or type)
 * its calls come back under. A provider without an entry takes none this way. Its own table, loaded by the
 * `effect/ai` adapter alone.
 *
 * @internal
 */
import type * as Provider from "../core/Provider.js"
import type * as Tool from "../core/Tool.js"

/** How one provider declares the tools it runs itself. */
export interface DefinedTools {
  /** The start of its tools' ids (`anthropic` of `anthropic.web_search_20250305`). */
  readonly owner: string
  /** The `providerTools` entry of a tool: its `type` (its id after the owner), `providerName` and args (snake case). */
  readonly entry: (
    type: string,
    providerName: string,
    args: Readonly<Record<string, unknown>>
  ) => Readonly<Record<string, unknown>>
  /** The name, or the type, its calls come back under. */
  readonly callName: (type: string, providerName: string) => string
  /** The `params` of one of its calls, as the tool's `parameters` read them, from the call and its result. */
  readonly paramsOf: (call: Tool.ServerToolCall, result: Tool.ServerToolResult) => unknown
  /** Whether a result is a failure (what the tool's `failure` Schema decodes), not its `success`. */
  readonly failed: (result: Tool.ServerToolResult) => boolean
  /**
   * Whether its tools the program runs (`requiresHandler`: Anthropic's bash, text editor, memory) come back as calls
   * for the program named `providerName`, as any tool's calls do.
   */
  readonly programTools: boolean
  /**
   * The name a tool choice (`toolChoice: { tool }`) forces one of the tools it runs by; `undefined` where its API
   * forces them by no name this library sends (the Responses API's, by their type: `{ type: "web_search" }`).
   */
  readonly forcedName: (type: string, providerName: string) => string | undefined
}

/**
 * Anthropic's (`@anthropic-ai/sdk` `ToolUnion`): `{ type, name, ...args }`; the calls of those it runs are
 * `server_tool_use` blocks named `name`, of those the program runs `tool_use` blocks named `name`.
 */
const anthropic: DefinedTools = {
  owner: "anthropic",
  entry: (type, providerName, args) => ({ ...args, type, name: providerName }),
  callName: (_type, providerName) => providerName,
  paramsOf: (call) => call.input,
  // An error the API reports in the result's content: `web_fetch_tool_result_error`, `web_search_tool_result_error`, ...
  failed: (result) => {
    const type = (result.content as { readonly type?: unknown } | null | undefined)?.type
    return result.isError === true || (typeof type === "string" && type.endsWith("_error"))
  },
  programTools: true,
  // `tool_choice: { type: "tool", name }` names any tool of the request, the ones it runs by their `name`.
  forcedName: (_type, providerName) => providerName
}

/** The Responses API's (openai-node `Tool`): `{ type: providerName, ...args }`; its calls are `<type>_call` items. */
const openai: DefinedTools = {
  owner: "openai",
  entry: (_type, providerName, args) => ({ ...args, type: providerName }),
  callName: (_type, providerName) => `${providerName}_call`,
  // The call's item but its id, type and status (a web search's `{ action }`, as the AI SDK's OpenAI provider and
  // `@effect/ai-openai`'s `OpenAiTool.WebSearch` read it); its result is the whole item.
  paramsOf: (_call, result) => {
    if (typeof result.content !== "object" || result.content === null) return {}
    const { id: _id, status: _status, type: _type, ...params } = result.content as Record<string, unknown>
    return params
  },
  // A failed or incomplete item (`ResponsesEvents`).
  failed: (result) => result.isError === true,
  // Its tools the program runs (apply_patch, shell) come back as items of their own kinds, which are not read here.
  programTools: false,
  // A built-in tool is forced by its type (`tool_choice: { type: "web_search" }`), which `Tool.ToolChoice` does not
  // write: only a function is forced by a name.
  forcedName: () => undefined
}

/** Each provider's, where it has them (Azure serves OpenAI's Responses API). */
export const definedTools: Readonly<Partial<Record<Provider.Provider, DefinedTools>>> = {
  anthropic,
  openai,
  azure: openai
}

/** The tools `effect/ai` declares that the provider named `provider` runs itself, if it has any (no host has). */
export const definedToolsOf = (provider: Provider.Name): DefinedTools | undefined =>
  Object.hasOwn(definedTools, provider) ? definedTools[provider as Provider.Provider] : undefined
