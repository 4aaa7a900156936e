/**
 * `effect/ai` provider-defined tools (`Tool.providerDefined`: a web search, a web fetch, code execution the
 * provider runs itself) → the request's `providerTools`, and the tool a server call of the response is a call of.
 *
 * - A tool of the model's provider is its entry in `ProviderDefinedTools` (Anthropic's and the Responses API's), the
 *   args' keys in the APIs' snake case (`maxUses` → `max_uses`).
 * - One the program runs (`requiresHandler`: Anthropic's bash, text editor, memory) is answered as any tool: its calls
 *   come back named as the provider names them (`bash`), and are the declared tool's (`AnthropicBash`) both ways.
 * - One of another provider than the model's, one of a provider without an entry (Google's), and one the program runs
 *   whose calls the provider sends as items of their own kinds (OpenAI's shell) are refused, naming the tool.
 *
 * @internal
 */
import * as AiTool from "effect/ai/Tool"
import * as Result from "effect/Result"
import type * as Provider from "../../core/Provider.js"
import type * as Tool from "../../core/Tool.js"
import * as ProviderDefinedTools from "../../providers/ProviderDefinedTools.js"
import type * as AiErrors from "./AiErrors.js"

/** What a call's provider-defined tools send, and how their calls come back. */
export interface Declared {
  /** The tools as the request's `providerTools`. */
  readonly providerTools: ReadonlyArray<Readonly<Record<string, unknown>>>
  /** The name of the declared tool a server call is a call of (by its name, else its type), if there is one. */
  readonly toolOf: (call: { readonly name: string; readonly type: string }) => string | undefined
  /** The declared tool the program runs that a call named `name` on the wire is a call of (`bash`: `AnthropicBash`). */
  readonly programToolOf: (name: string) => string
  /** The name on the wire of a declared tool the program runs (`AnthropicBash`: `bash`); any other tool's, as it is. */
  readonly wireNameOf: (name: string) => string
  /** The `params` of a server call of a declared tool, from the call and its result, as the provider gives them. */
  readonly paramsOf: (call: Tool.ServerToolCall, result: Tool.ServerToolResult) => unknown
  /** Whether a server call's result is a failure, as the provider reports one. */
  readonly failed: (result: Tool.ServerToolResult) => boolean
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
  provider: Provider.Name
): Result.Result<
  { readonly entry: Readonly<Record<string, unknown>>; readonly callName: string },
  AiErrors.Unsupported
> => {
  const parameter = `tools.${tool.name}`
  const owner = tool.id.slice(0, tool.id.indexOf("."))
  const type = tool.id.slice(owner.length + 1)
  const defined = ProviderDefinedTools.definedToolsOf(provider)
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
  if (tool.requiresHandler && !defined.programTools) {
    return Result.fail({
      parameter,
      description: `tools.${tool.name} (${tool.id}) is a provider-defined tool the program runs, whose calls ` +
        `effect-llm-stream does not read back from ${provider}: declare it as a tool of your own`
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
  provider: Provider.Name
): Result.Result<Declared, AiErrors.Unsupported> => {
  const providerTools: Array<Readonly<Record<string, unknown>>> = []
  // The declared tool of a server call's name or type; of a call for the program on the wire; and back.
  const names = new Map<string, string>()
  const programTools = new Map<string, string>()
  const wireNames = new Map<string, string>()
  for (const tool of tools) {
    if (!AiTool.isProviderDefined(tool)) continue
    const declared = declaration(tool, provider)
    if (Result.isFailure(declared)) return Result.fail(declared.failure)
    providerTools.push(declared.success.entry)
    if (tool.requiresHandler) {
      programTools.set(declared.success.callName, tool.name)
      wireNames.set(tool.name, declared.success.callName)
    } else names.set(declared.success.callName, tool.name)
  }
  return Result.succeed({
    providerTools,
    toolOf: (call) => names.get(call.name) ?? names.get(call.type),
    programToolOf: (name) => programTools.get(name) ?? name,
    wireNameOf: (name) => wireNames.get(name) ?? name,
    paramsOf: ProviderDefinedTools.definedToolsOf(provider)?.paramsOf ?? ((call) => call.input),
    failed: ProviderDefinedTools.definedToolsOf(provider)?.failed ?? ((result) => result.isError === true)
  })
}
