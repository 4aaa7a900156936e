/**
 * `effect/ai` tools, tool choice and response format → this library's tools, tool choice and output; and, back, a
 * tool call's streamed arguments → the `params` of a `tool-call` part.
 *
 * - A tool annotated `Tool.Strict`, on a provider whose profile says its tools take a strict mode, gets OpenAI's
 *   strict-mode schema (`OpenAiStructuredOutput.toCodecOpenAI`), and its calls are decoded with that codec and
 *   re-encoded with the tool's own Schema.
 * - Structured output (`responseFormat: json`) is the request's `output`, sent as each provider's tables say (the
 *   same as `CallStream.object`).
 * - A provider-defined tool (`Tool.providerDefined`) of the model's provider is its `ProviderDefinedTools` entry in
 *   the request's `providerTools`. One the program runs (`requiresHandler`: Anthropic's bash) comes back named as the
 *   provider names it (`bash`), and is the declared tool (`AnthropicBash`) both ways. One of another provider, of a
 *   provider without an entry (Google's), or one whose calls come back as items of their own kinds (OpenAI's shell)
 *   is refused, naming the tool.
 *
 * @internal
 */
import * as AiError from "effect/ai/AiError"
import type * as LanguageModel from "effect/ai/LanguageModel"
import * as OpenAiStructuredOutput from "effect/ai/OpenAiStructuredOutput"
import * as AiTool from "effect/ai/Tool"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"
import * as Output from "../../core/Output.js"
import * as StrictSchema from "../../core/output/StrictSchema.js"
import type * as Provider from "../../core/Provider.js"
import * as ModelJsonSchema from "../../core/schema/ModelJsonSchema.js"
import * as Tool from "../../core/Tool.js"
import * as ProviderDefinedTools from "../../providers/ProviderDefinedTools.js"
import * as ProviderProfiles from "../../providers/ProviderProfiles.js"
import type * as AiErrors from "./AiErrors.js"

/** Whether the provider's tools take a strict mode (its profile says). */
const takesStrict = (provider: Provider.Name): boolean => ProviderProfiles.profileOf(provider)?.strictTools === true

/**
 * The codec transformer `effect/ai` decodes structured output with, the same for every provider: the `null`s strict
 * mode writes for absent optional fields taken out, then the Schema's JSON codec.
 */
export const codecTransformer: LanguageModel.CodecTransformer = (schema) => {
  const output = Output.make(schema as Schema.Codec<unknown, unknown>)
  const codec = Schema.Unknown.pipe(
    Schema.decodeTo(
      Schema.toCodecJson(schema as Schema.Codec<unknown, unknown>),
      SchemaTransformation.transform<any, unknown>({
        decode: (answer) => StrictSchema.restoreAbsent(answer, output.jsonSchema),
        encode: (value) => value
      })
    )
  )
  return { codec: codec as any, jsonSchema: output.jsonSchema as any }
}

/** A name as providers accept it for a tool or a JSON schema: `[a-zA-Z0-9_-]{1,64}`. */
const providerName = (name: string): string => (name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64) || "output")

/** How the tools of a call are sent, and how their calls come back. */
export interface Plan {
  readonly tools: ReadonlyArray<Tool.Tool> | undefined
  readonly toolChoice: Tool.ToolChoice | undefined
  /**
   * The structured output of a `responseFormat: json` call (`generateObject`), sent as the request's `output`; a call
   * to a tool of its name is the answer (where the provider uses a tool).
   */
  readonly output: Output.Output | undefined
  /**
   * The `params` of a `tool-call` part, from the call's tool name and its complete arguments; or, as `effect/ai`'s own
   * providers report them, a call of a tool the request did not declare (`ToolNotFoundError`, unless the caller
   * defers validation) and arguments that are not JSON (`ToolParameterValidationError`).
   */
  readonly params: (name: string, argumentsText: string) => Result.Result<unknown, AiError.AiErrorReason>
  /** The provider-defined tools, as the request's `providerTools`, and the tool a server call is a call of. */
  readonly provided: Declared
}

const toToolChoice = (
  choice: LanguageModel.ToolChoice<string>,
  provided: Declared,
  provider: Provider.Name
): Result.Result<Tool.ToolChoice, AiErrors.Unsupported> => {
  if (typeof choice === "string") return Result.succeed(choice)
  // `oneOf`: effect/ai has already narrowed the tools to the allowed ones; the mode is what remains.
  if (!("tool" in choice)) return Result.succeed(choice.mode === "required" ? "required" : "auto")
  // A provider-defined tool is chosen by the provider's name for it (`bash`, `web_search`), where its API takes one.
  const name = provided.choiceNameOf(choice.tool)
  return name === undefined
    ? Result.fail({
      parameter: "toolChoice",
      description: `toolChoice forces ${choice.tool}, a tool ${provider} runs itself and forces by its type, not a ` +
        `name, which effect-llm-stream does not send; use "required" or "auto"`
    })
    : Result.succeed({ name })
}

const isStrict = (tool: AiTool.Any, provider: Provider.Name): boolean =>
  takesStrict(provider) && AiTool.getStrictMode(tool) === true

const jsonSchemaOf = (tool: AiTool.Any, provider: Provider.Name): Tool.JsonSchema => {
  if (AiTool.isDynamic(tool) && tool.jsonSchema !== undefined) return tool.jsonSchema as Tool.JsonSchema
  if (isStrict(tool, provider)) {
    return ModelJsonSchema.forModels(
      AiTool.getJsonSchemaFromSchema(ModelJsonSchema.withFiniteNumbers(tool.parametersSchema), {
        transformer: OpenAiStructuredOutput.toCodecOpenAI
      }) as Tool.JsonSchema
    )
  }
  return Tool.jsonSchemaOf(tool.parametersSchema)
}

/** What `make` gives, or, when it throws, that `what` (the schema of `parameter`) has no JSON Schema to send. */
const withJsonSchema = <A>(parameter: string, what: string, make: () => A): Result.Result<A, AiErrors.Unsupported> => {
  try {
    return Result.succeed(make())
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error)
    return Result.fail({ parameter, description: `${what} no JSON Schema a provider accepts: ${cause}`, schema: true })
  }
}

const toTool = (tool: AiTool.Any, provider: Provider.Name): Result.Result<Tool.Tool, AiErrors.Unsupported> =>
  withJsonSchema(`tools.${tool.name}`, `the parameters of tool ${tool.name} have`, () => {
    const strict = AiTool.getStrictMode(tool)
    const description = AiTool.getDescription(tool)
    return Tool.make(tool.name, {
      ...(description === undefined ? {} : { description }),
      jsonSchema: jsonSchemaOf(tool, provider),
      ...(strict === undefined || !takesStrict(provider) ? {} : { strict })
    })
  })

/** Arguments as JSON: empty arguments are `{}` (a tool without parameters); prototype keys are refused. */
const parseArguments = (text: string): Result.Result<unknown, string> => {
  if (text.trim() === "") return Result.succeed({})
  try {
    return Result.succeed(AiTool.unsafeSecureJsonParse(text))
  } catch {
    return Result.fail(`the arguments are not valid JSON: ${text.slice(0, 500)}`)
  }
}

/** The tool a call names, when the request declared it (or the caller defers validation), else why not. */
const declaredTool = (
  tools: ReadonlyArray<AiTool.Any>,
  validation: LanguageModel.ProviderOptions["toolCallValidation"]
) => {
  const names = tools.map((tool) => tool.name)
  return (name: string): Result.Result<string, AiError.AiErrorReason> =>
    validation === "deferred" || names.includes(name)
      ? Result.succeed(name)
      : Result.fail(new AiError.ToolNotFoundError({ toolName: name, availableTools: names }))
}

const paramsDecoder = (
  tools: ReadonlyArray<AiTool.Any>,
  provider: Provider.Name,
  validation: LanguageModel.ProviderOptions["toolCallValidation"]
): Plan["params"] => {
  // Strict-mode calls send `null` for absent keys: decoded with the strict codec, re-encoded with the tool's own
  // Schema (as effect/ai decodes `params`); a call that does not decode goes on as it came, for effect/ai to report.
  const strictTools = new Map(
    tools.filter((tool) => isStrict(tool, provider)).map((tool) => {
      const parameters = tool.parametersSchema as Schema.Codec<unknown, unknown>
      const { codec } = OpenAiStructuredOutput.toCodecOpenAI(parameters)
      return [tool.name, {
        decode: Schema.decodeUnknownResult(codec as Schema.Codec<unknown, unknown>),
        encode: Schema.encodeUnknownResult(parameters)
      }] as const
    })
  )
  const declared = declaredTool(tools, validation)
  return (name, text) => {
    const json = Result.flatMap(declared(name), () =>
      Result.mapError(
        parseArguments(text),
        (description): AiError.AiErrorReason =>
          new AiError.ToolParameterValidationError({ toolName: name, description })
      ))
    const strict = strictTools.get(name)
    if (strict === undefined || Result.isFailure(json)) return json
    const reencoded = Result.flatMap(strict.decode(json.success), strict.encode)
    return Result.isSuccess(reencoded) ? Result.succeed(reencoded.success) : json
  }
}

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
  /**
   * The name a tool choice forces a tool by: a declared tool's name on the wire (`AnthropicWebSearch`: `web_search`),
   * `undefined` for one the provider runs and forces by no name; any other tool's, as it is.
   */
  readonly choiceNameOf: (name: string) => string | undefined
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
  {
    readonly entry: Readonly<Record<string, unknown>>
    readonly callName: string
    readonly forcedName: string | undefined
  },
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
    callName: defined.callName(type, tool.providerName),
    forcedName: tool.requiresHandler
      ? defined.callName(type, tool.providerName)
      : defined.forcedName(type, tool.providerName)
  })
}

/** The provider-defined tools of a call, or the first that cannot be sent. */
const declare = (
  tools: ReadonlyArray<AiTool.Any>,
  provider: Provider.Name
): Result.Result<Declared, AiErrors.Unsupported> => {
  const providerTools: Array<Readonly<Record<string, unknown>>> = []
  // The declared tool of a server call's name or type; of a call for the program on the wire; and back.
  const names = new Map<string, string>()
  const programTools = new Map<string, string>()
  const wireNames = new Map<string, string>()
  // The name a tool choice forces each declared tool by (`undefined`: by none).
  const choiceNames = new Map<string, string | undefined>()
  for (const tool of tools) {
    if (!AiTool.isProviderDefined(tool)) continue
    const declared = declaration(tool, provider)
    if (Result.isFailure(declared)) return Result.fail(declared.failure)
    providerTools.push(declared.success.entry)
    choiceNames.set(tool.name, declared.success.forcedName)
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
    choiceNameOf: (name) => choiceNames.has(name) ? choiceNames.get(name) : name,
    paramsOf: ProviderDefinedTools.definedToolsOf(provider)?.paramsOf ?? ((call) => call.input),
    failed: ProviderDefinedTools.definedToolsOf(provider)?.failed ?? ((result) => result.isError === true)
  })
}

/** The tools, tool choice and structured-output fields of a call. */
export const plan = (
  options: Pick<LanguageModel.ProviderOptions, "tools" | "toolChoice" | "responseFormat" | "toolCallValidation">,
  provider: Provider.Name
): Result.Result<Plan, AiErrors.Unsupported> => {
  const provided = declare(options.tools, provider)
  if (Result.isFailure(provided)) return Result.fail(provided.failure)
  const tools: Array<Tool.Tool> = []
  for (const tool of options.tools) {
    if (AiTool.isProviderDefined(tool)) continue
    const converted = toTool(tool, provider)
    if (Result.isFailure(converted)) return Result.fail(converted.failure)
    tools.push(converted.success)
  }
  const toolChoice = tools.length === 0 && provided.success.providerTools.length === 0
    ? Result.succeed(undefined)
    : toToolChoice(options.toolChoice, provided.success, provider)
  if (Result.isFailure(toolChoice)) return Result.fail(toolChoice.failure)
  const format = options.responseFormat
  const output = format.type !== "json"
    ? Result.succeed(undefined)
    : withJsonSchema(
      "responseFormat.schema",
      `the schema of ${format.objectName} has`,
      () => Output.make(format.schema as Schema.Codec<unknown, unknown>, { name: providerName(format.objectName) })
    )
  return Result.map(output, (output) => ({
    tools: tools.length === 0 ? undefined : tools,
    toolChoice: toolChoice.success,
    output,
    params: paramsDecoder(options.tools, provider, options.toolCallValidation),
    provided: provided.success
  }))
}
