/**
 * `effect/ai` provider-defined tools (`Tool.providerDefined`: a web search, a web fetch, code execution the
 * provider runs itself) → the request's `providerTools`, and the tool a server call of the response is a call of.
 *
 * - A tool of the model's provider is its entry in `ProviderDefinedTools` (Anthropic's and the Responses API's), the
 *   args' keys in the APIs' snake case (`maxUses` → `max_uses`).
 * - A provider-defined tool the program runs (`requiresHandler`: bash, a text editor), one of another provider than
 *   the model's, and one of a provider without such an entry (Google's) are refused, naming the tool.
 *
 * @internal
 */
import * as AiTool from "effect/ai/Tool"
import * as Result from "effect/Result"
import type * as Provider from "../../core/Provider.js"
import * as ProviderDefinedTools from "../../providers/ProviderDefinedTools.js"
import type * as AiErrors from "./AiErrors.js"

/** What a call's provider-defined tools send, and how their calls come back. */
export interface Declared {
  /** The tools as the request's `providerTools`. */
  readonly providerTools: ReadonlyArray<Readonly<Record<string, unknown>>>
  /** The name of the declared tool a server call is a call of (by its name, else its type), if there is one. */
  readonly toolOf: (call: { readonly name: string; readonly type: string }) => string | undefined
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
): Result.Result<
  { readonly entry: Readonly<Record<string, unknown>>; readonly callName: string },
  AiErrors.Unsupported
> => {
  const parameter = `tools.${tool.name}`
  const owner = tool.id.slice(0, tool.id.indexOf("."))
  const type = tool.id.slice(owner.length + 1)
  const defined = ProviderDefinedTools.definedTools[provider]
  if (tool.requiresHandler) {
    return Result.fail({
      parameter,
      description: `tools.${tool.name} (${tool.id}) is a provider-defined tool the program runs, which ` +
        "effect-llm-stream cannot send: declare it as a tool of your own"
    })
  }
  if (defined?.owner !== owner) {
    const known = Object.values(ProviderDefinedTools.definedTools).some((tools) => tools?.owner === owner)
    return Result.fail({
      parameter,
      description: known
        ? `tools.${tool.name} is a tool of ${owner} (${tool.id}), and this model is served by ${provider}`
        : `tools.${tool.name} (${tool.id}) is a provider-defined tool effect-llm-stream cannot send; declare the ` +
          "provider's own tools in the model layer's `providerTools`"
    })
  }
  const args = snakeKeys(tool.args ?? {}) as Readonly<Record<string, unknown>>
  return Result.succeed({
    entry: defined.entry(type, tool.providerName, args),
    callName: defined.callName(type, tool.providerName)
  })
}

/** The provider-defined tools of a call, or the first that cannot be sent. */
export const declare = (
  tools: ReadonlyArray<AiTool.Any>,
  provider: Provider.Provider
): Result.Result<Declared, AiErrors.Unsupported> => {
  const providerTools: Array<Readonly<Record<string, unknown>>> = []
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
