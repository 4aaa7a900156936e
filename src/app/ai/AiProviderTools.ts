/**
 * `effect/ai` provider-defined tools (`Tool.providerDefined`: a web search, a web fetch, code execution the
 * provider runs itself) → the request's `providerTools`, and the tool a server call of the response is a call of.
 *
 * - Anthropic's (`anthropic.<type>`): `{ type, name: providerName, ...args }`, the args' keys in the API's snake case
 *   (`maxUses` → `max_uses`), as `@anthropic-ai/sdk`'s `ToolUnion` declares them (`WebSearchTool20250305`). Their
 *   calls come back named `providerName` (`server_tool_use` blocks).
 * - OpenAI's (`openai.<type>`, the Responses API): `{ type: providerName, ...args }` (openai-node's `Tool`); their
 *   calls come back as `<providerName>_call` items.
 * - A provider-defined tool the program runs (`requiresHandler`: bash, a text editor), one of another provider than
 *   the model's, and Google's are refused, naming the tool.
 *
 * @internal
 */
import * as AiTool from "effect/ai/Tool"
import * as Result from "effect/Result"
import type * as Provider from "../../core/Provider.js"
import type * as AiErrors from "./AiErrors.js"

/** What a call's provider-defined tools send, and how their calls come back. */
export interface Declared {
  /** The tools as the request's `providerTools`. */
  readonly providerTools: ReadonlyArray<Readonly<Record<string, unknown>>>
  /** The name of the declared tool a server call is a call of (by its name, else its type), if there is one. */
  readonly toolOf: (call: { readonly name: string; readonly type: string }) => string | undefined
}

/** The providers whose own tools are sent this way, by the prefix of the tool's id. */
const owners: Readonly<Record<string, ReadonlyArray<Provider.Provider>>> = {
  anthropic: ["anthropic"],
  openai: ["openai", "azure"]
}

/** `maxUses` → `max_uses`, in the keys of objects at every depth (arrays' elements included). */
const snakeKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(snakeKeys)
  if (typeof value !== "object" || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined) out[key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)] = snakeKeys(field)
  }
  return out
}

type Defined = AiTool.ProviderDefined<`${string}.${string}`, string, any>

/** A provider-defined tool as the provider's API declares it, and the name its calls come back under. */
const declaration = (
  tool: Defined,
  provider: Provider.Provider
): Result.Result<{ readonly entry: Record<string, unknown>; readonly callName: string }, AiErrors.Unsupported> => {
  const parameter = `tools.${tool.name}`
  const owner = tool.id.slice(0, tool.id.indexOf("."))
  if (tool.requiresHandler) {
    return Result.fail({
      parameter,
      description: `tools.${tool.name} (${tool.id}) is a provider-defined tool the program runs, which ` +
        "effect-llm-stream cannot send: declare it as a tool of your own"
    })
  }
  if (!(owners[owner] ?? []).includes(provider)) {
    return Result.fail({
      parameter,
      description: owners[owner] === undefined
        ? `tools.${tool.name} (${tool.id}) is a provider-defined tool effect-llm-stream cannot send; declare the ` +
          "provider's own tools in the model layer's `providerTools`"
        : `tools.${tool.name} (${tool.id}) is a tool of ${owner}, and this model is served by ${provider}`
    })
  }
  const args = snakeKeys(tool.args ?? {}) as Record<string, unknown>
  return Result.succeed(
    owner === "anthropic"
      ? {
        entry: { ...args, type: tool.id.slice(owner.length + 1), name: tool.providerName },
        callName: tool.providerName
      }
      : { entry: { ...args, type: tool.providerName }, callName: `${tool.providerName}_call` }
  )
}

/** The provider-defined tools of a call, or the first that cannot be sent. */
export const declare = (
  tools: ReadonlyArray<AiTool.Any>,
  provider: Provider.Provider
): Result.Result<Declared, AiErrors.Unsupported> => {
  const providerTools: Array<Record<string, unknown>> = []
  const names = new Map<string, string>()
  for (const tool of tools) {
    if (!AiTool.isProviderDefined(tool)) continue
    const declared = declaration(tool, provider)
    if (Result.isFailure(declared)) return Result.fail(declared.failure)
    providerTools.push(declared.success.entry)
    names.set(declared.success.callName, tool.name)
  }
  return Result.succeed({ providerTools, toolOf: (call) => names.get(call.name) ?? names.get(call.type) })
}
