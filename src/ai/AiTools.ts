/**
 * `effect/ai` tools, tool choice and response format → this library's tools, tool choice and the raw body
 * fields a structured-output call needs; and, back, a tool call's streamed arguments → the `params` of a
 * `tool-call` part.
 *
 * - Tool JSON Schemas are `Tool.jsonSchemaOf` of the parameters Schema (an object root, closed) unless a
 *   dynamic tool brings its own; a tool annotated `Tool.Strict` on an OpenAI-style provider gets OpenAI's
 *   strict-mode schema (`OpenAiStructuredOutput.toCodecOpenAI`: every key required, optional ones
 *   nullable), and its calls are decoded with that codec and re-encoded with the tool's own Schema.
 * - Structured output (`responseFormat: json`): OpenAI, Groq and Azure get `response_format` with a
 *   `json_schema` in the request's `extraBody` (the Responses API sends it as `text.format`); Anthropic
 *   and Bedrock get one forced tool named after the object, whose call streams back as the text answer.
 *
 * @internal
 */
import * as LanguageModel from "effect/ai/LanguageModel"
import * as OpenAiStructuredOutput from "effect/ai/OpenAiStructuredOutput"
import * as AiTool from "effect/ai/Tool"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Provider from "../Provider.js"
import * as ModelJsonSchema from "../schema/ModelJsonSchema.js"
import * as Tool from "../Tool.js"
import type * as AiErrors from "./AiErrors.js"

/** OpenAI, Groq and Azure speak Chat Completions; Anthropic and Bedrock take tools as content blocks. */
const isChatCompletions = (provider: Provider.Provider): boolean =>
  provider === "openai" || provider === "groq" || provider === "azure"

/**
 * The codec transformer `effect/ai` decodes structured output with: OpenAI's strict-mode shape for the
 * Chat Completions providers (their `json_schema` is sent strict), the default elsewhere.
 */
export const codecTransformer = (provider: Provider.Provider): LanguageModel.CodecTransformer =>
  isChatCompletions(provider) ? OpenAiStructuredOutput.toCodecOpenAI : LanguageModel.defaultCodecTransformer

/** A name as providers accept it for a tool or a JSON schema: `[a-zA-Z0-9_-]{1,64}`. */
const providerName = (name: string): string => (name.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, 64) || "output")

/** How the tools of a call are sent, and how their calls come back. */
export interface Plan {
  readonly tools: ReadonlyArray<Tool.Tool> | undefined
  readonly toolChoice: Tool.ToolChoice | undefined
  /** Raw body fields for the provider (`response_format`), when the call needs any. */
  readonly extraBody: Readonly<Record<string, unknown>> | undefined
  /** The forced tool whose call is the structured output (Anthropic, Bedrock), when there is one. */
  readonly structuredToolName: string | undefined
  /** Whether the call asks for structured output (`responseFormat: json`: `generateObject`). */
  readonly structuredOutput: boolean
  /** The `params` of a `tool-call` part, from the call's tool name and its complete arguments. */
  readonly params: (name: string, argumentsText: string) => Result.Result<unknown, string>
}

const toToolChoice = (choice: LanguageModel.ToolChoice<string>): Tool.ToolChoice => {
  if (typeof choice === "string") return choice
  if ("tool" in choice) return { name: choice.tool }
  // `oneOf`: effect/ai has already narrowed the tools to the allowed ones; the mode is what remains.
  return choice.mode === "required" ? "required" : "auto"
}

const isStrict = (tool: AiTool.Any, provider: Provider.Provider): boolean =>
  isChatCompletions(provider) && AiTool.getStrictMode(tool) === true

const jsonSchemaOf = (tool: AiTool.Any, provider: Provider.Provider): Tool.JsonSchema => {
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

const toTool = (tool: AiTool.Any, provider: Provider.Provider): Result.Result<Tool.Tool, AiErrors.Unsupported> => {
  if (AiTool.isProviderDefined(tool)) {
    return Result.fail({
      parameter: `tools.${tool.name}`,
      description: `tools.${tool.name} is a provider-defined tool (${tool.id}), which effect-llm-stream cannot send`
    })
  }
  try {
    const strict = AiTool.getStrictMode(tool)
    const description = AiTool.getDescription(tool)
    return Result.succeed(Tool.make(tool.name, {
      ...(description === undefined ? {} : { description }),
      jsonSchema: jsonSchemaOf(tool, provider),
      ...(strict === undefined || !isChatCompletions(provider) ? {} : { strict })
    }))
  } catch (error) {
    return Result.fail({
      parameter: `tools.${tool.name}`,
      description: `the parameters of tool ${tool.name} have no JSON Schema a provider accepts: ${
        error instanceof Error ? error.message : String(error)
      }`
    })
  }
}

/** Arguments as JSON: empty arguments are `{}` (a tool without parameters); prototype keys are refused. */
const parseArguments = (name: string, text: string): Result.Result<unknown, string> => {
  if (text.trim() === "") return Result.succeed({})
  try {
    return Result.succeed(AiTool.unsafeSecureJsonParse(text))
  } catch {
    return Result.fail(`the arguments of a call to ${name} are not valid JSON: ${text.slice(0, 500)}`)
  }
}

const paramsDecoder = (
  tools: ReadonlyArray<AiTool.Any>,
  provider: Provider.Provider
): Plan["params"] => {
  // Strict-mode calls send `null` for absent keys: decoded with the strict codec, they are re-encoded with
  // the tool's own Schema, which is how effect/ai decodes `params`. A call that does not decode is passed on
  // as it came, for effect/ai's own validation to report.
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
  return (name, text) => {
    const json = parseArguments(name, text)
    const strict = strictTools.get(name)
    if (strict === undefined || Result.isFailure(json)) return json
    const reencoded = Result.flatMap(strict.decode(json.success), strict.encode)
    return Result.isSuccess(reencoded) ? Result.succeed(reencoded.success) : json
  }
}

/** The tools, tool choice and structured-output fields of a call. */
export const plan = (
  options: Pick<LanguageModel.ProviderOptions, "tools" | "toolChoice" | "responseFormat">,
  provider: Provider.Provider
): Result.Result<Plan, AiErrors.Unsupported> => {
  const tools: Array<Tool.Tool> = []
  for (const tool of options.tools) {
    const converted = toTool(tool, provider)
    if (Result.isFailure(converted)) return Result.fail(converted.failure)
    tools.push(converted.success)
  }
  let toolChoice = tools.length === 0 ? undefined : toToolChoice(options.toolChoice)
  let extraBody: Record<string, unknown> | undefined
  let structuredToolName: string | undefined
  const format = options.responseFormat
  if (format.type === "json") {
    let jsonSchema: Tool.JsonSchema
    try {
      jsonSchema = ModelJsonSchema.forModels(
        codecTransformer(provider)(ModelJsonSchema.withFiniteNumbers(format.schema) as Schema.Codec<unknown, unknown>)
          .jsonSchema as Tool.JsonSchema
      )
    } catch (error) {
      return Result.fail({
        parameter: "responseFormat.schema",
        description: `the schema of ${format.objectName} has no JSON Schema this provider accepts: ${
          error instanceof Error ? error.message : String(error)
        }`
      })
    }
    const name = providerName(format.objectName)
    if (isChatCompletions(provider)) {
      extraBody = {
        response_format: {
          type: "json_schema",
          json_schema: { name, schema: jsonSchema, ...(provider === "groq" ? {} : { strict: true }) }
        }
      }
    } else {
      if (jsonSchema["type"] !== "object") {
        return Result.fail({
          parameter: "responseFormat.schema",
          description:
            `the schema of ${format.objectName} must be an object to be answered through a tool on ${provider}`
        })
      }
      structuredToolName = name
      tools.push(Tool.make(name, { description: `Respond with the ${format.objectName} as JSON`, jsonSchema }))
      toolChoice = { name }
    }
  }
  return Result.succeed({
    tools: tools.length === 0 ? undefined : tools,
    toolChoice,
    extraBody,
    structuredToolName,
    structuredOutput: format.type === "json",
    params: paramsDecoder(options.tools, provider)
  })
}
