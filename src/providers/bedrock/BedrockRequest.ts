/**
 * The body of a ConverseStream request.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../../core/Message.js"
import * as CachePoints from "../../core/request/CachePoints.js"
import * as CallRequest from "../../core/request/CallRequest.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as MessageParts from "../../core/request/MessageParts.js"
import * as Turns from "../../core/request/Turns.js"
import * as AnthropicRequest from "../anthropic/AnthropicRequest.js"
import * as BedrockBlocks from "./BedrockBlocks.js"
import * as BedrockControls from "./BedrockControls.js"
import * as BedrockModels from "./BedrockModels.js"
import * as BedrockParts from "./BedrockParts.js"

/**
 * What Converse refuses of a conversation: Claude's rules (`AnthropicRequest.rules`), a user's turn first, and, on
 * models other than Claude (`rulesOf`), tool results in turns of their own and no blank text in the model's own turns.
 */
export const rules = {
  ...AnthropicRequest.rules,
  startsWithUser: {
    does: "a conversation the assistant began goes with `(The conversation so far.)` as its first user turn",
    refusal: "A conversation must start with a user message",
    source: "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html"
  },
  assistantAfterResults: {
    does: "on a model whose family takes no tool results beside other blocks (`BedrockModels.Family." +
      "resultsBesideText`: all but Claude), a user message right after tool results goes after an assistant turn " +
      "saying `(no answer)`, and so does a turn with no text and no calls",
    refusal: "messages.2.content: Conversation blocks and tool result blocks cannot be provided in the same turn.",
    source: "@strands-agents (AWS's agent SDK) harness-sdk src/strands/models/bedrock.py: " +
      "`_TOOL_RESULT_TURN_VALIDATION_MESSAGE`, `_separate_tool_result_turns` (issue #1223, Llama 4 Maverick)"
  },
  noBlankOwnText: {
    does: "on a model whose turns need not go back as they came (`BedrockModels.Family.turnsAsTheyCame`: all but " +
      "Claude, whose preserved thinking checks them), a blank text block of the model's own turn (an empty one a " +
      "model streams before its reasoning) is not sent back",
    refusal: "The text field in the ContentBlock object at messages.1.content.0 is blank. Add text to the text " +
      "field, and try again.",
    source: "https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlock.html (`text`); the 400 " +
      "as reported in langchain-ai/langchainjs#8618"
  },
  editedCalls: BedrockBlocks.editedCalls
} satisfies Conversation.Rules

/**
 * The rows of the table a model of `family` takes: `assistantAfterResults` where it takes no results beside text
 * (`resultsBesideText`), `noBlankOwnText` where its turns do not go back as they came (`turnsAsTheyCame`).
 */
const rulesOf = (family: BedrockModels.Family): Conversation.Rules => {
  const taken: Record<string, Conversation.Rule> = { ...rules }
  if (family.resultsBesideText === true) delete taken["assistantAfterResults"]
  if (family.turnsAsTheyCame === true) delete taken["noBlankOwnText"]
  return taken
}

/**
 * Whether the conversation holds tool calls or tool results (which Converse accepts only with a `toolConfig`): the
 * program's (`toolsForHistory`), or a Bedrock turn's own blocks (a server tool's).
 */
const hasToolTurns = (request: CallRequest.ProviderRequest): boolean =>
  Conversation.holdsToolCalls(request.messages) ||
  request.messages.some((message) =>
    message._tag === "AssistantMessage" && message.content?.provider === "bedrock" &&
    message.content.blocks.some((block) =>
      typeof block === "object" && block !== null && ("toolUse" in block || "toolResult" in block)
    )
  )

/** Whether the request has tools: its own, or the provider's (`providerTools`). */
const hasTools = (request: CallRequest.ProviderRequest): boolean =>
  (request.tools?.length ?? 0) > 0 || (request.providerTools?.length ?? 0) > 0

/** Whether the model may not call tools: `toolChoice: "none"` with tools (Converse has no such choice). */
const toolsForbidden = (request: CallRequest.ProviderRequest): boolean =>
  request.toolChoice === "none" && hasTools(request)

/**
 * Why a request cannot be sent to Converse, or `undefined`: a `toolChoice` of `"none"` can only be honoured
 * by leaving the tools out, which Converse refuses once the conversation holds tool calls or results.
 */
export const unsendable = (request: CallRequest.ProviderRequest): string | undefined =>
  toolsForbidden(request) && hasToolTurns(request)
    ? "Bedrock's Converse has no toolChoice \"none\": it is sent as no tools at all, but this conversation " +
      "holds tool calls or tool results, which Converse accepts only with the tools (toolConfig); use " +
      "toolChoice \"auto\", or send the conversation without its tool turns"
    : undefined

/** What a message's blocks are in its turn, as far as the automatic checkpoint cares: in order. */
const blockKinds = (message: Message.Message): ReadonlyArray<"document" | "cachePoint" | "other"> => {
  const parts = message._tag === "UserMessage" ? message.parts : undefined
  if (parts !== undefined) {
    // An empty text is not sent: it is no block.
    return parts.flatMap((part, index) =>
      Conversation.isLeftOut(rules, parts, index)
        ? []
        : [part._tag === "FilePart" ? "document" : part._tag === "CachePointPart" ? "cachePoint" : "other"]
    )
  }
  const last = message._tag === "ToolResultMessage" ? message.parts?.[message.parts.length - 1] : undefined
  // A tool result is one block, and its trailing cache point a block after it.
  return last?._tag === "CachePointPart" ? ["other", "cachePoint"] : ["other"]
}

/**
 * Whether `cache` places a checkpoint: after the last block of the conversation's last turn that is not a
 * document, unless that block is a checkpoint already (system messages are not turns: Converse takes them
 * apart).
 */
const placesAutomatic = (request: CallRequest.ProviderRequest): boolean => {
  if (request.cache === undefined) return false
  const turn = request.messages.filter((message) => message._tag !== "SystemMessage")
  const role = (message: Message.Message) => message._tag === "AssistantMessage" ? "assistant" : "user"
  for (let index = turn.length - 1; index >= 0 && role(turn[index]!) === role(turn[turn.length - 1]!); index--) {
    const kinds = blockKinds(turn[index]!)
    for (let block = kinds.length - 1; block >= 0; block--) {
      if (kinds[block] !== "document") return kinds[block] === "other"
    }
  }
  return false
}

/** The rules of a family's checkpoints (Bedrock user guide, "Prompt caching"). */
const cachePolicy = (
  cache: NonNullable<BedrockModels.Family["cache"]>,
  request: CallRequest.ProviderRequest
): CachePoints.Policy => ({
  api: "Bedrock",
  maxBreakpoints: 4,
  automaticCounts: placesAutomatic(request),
  // Tools left out (toolChoice "none") take no checkpoint either.
  tools: cache.tools && !toolsForbidden(request),
  ordered: true,
  ttls: cache.ttls,
  ttlAdvice: "the one-hour TTL is taken by Claude 4.5 and Claude 5 models"
})

/**
 * The automatic checkpoint: a cache point after the conversation's last block, before a trailing run of
 * documents (Converse takes none right after one).
 */
const withAutomaticPoint = (content: Array<unknown>, ttl: Message.CacheTtl | undefined): Array<unknown> => {
  let at = content.length
  while (
    at > 0 && typeof content[at - 1] === "object" && content[at - 1] !== null &&
    "document" in (content[at - 1] as object)
  ) at--
  return at === 0 ? content : [...content.slice(0, at), BedrockParts.cachePoint(ttl), ...content.slice(at)]
}

type Failure = CallRequest.Unsupported

/**
 * The `messages` of a request: its turns (a user turn with a document gets a text block beside it), with the
 * automatic cache point on the last turn where the model caches.
 */
const messagesOf = (
  request: CallRequest.ProviderRequest,
  family: BedrockModels.Family,
  mark: MessageParts.Marker<unknown>
): Result.Result<
  { readonly messages: Array<Turns.Turn<unknown>>; readonly system: ReadonlyArray<Turns.SystemSource> },
  Failure
> => {
  const caching = family.cache !== undefined
  const parts = BedrockParts.encoder(caching, rules)
  const callId = Conversation.callIdFor(rules)
  const conversation = Turns.fromMessages<unknown>(
    Conversation.sendable(request.messages, rulesOf(family), "bedrock"),
    "bedrock",
    {
      text: (text) => ({ text }),
      part: parts.part,
      mark,
      toolCall: (call, input) => ({
        toolUse: { toolUseId: callId(call.id), name: call.name, input }
      }),
      toolResult: parts.toolResult,
      rules: rulesOf(family),
      textOf: (block) => {
        const { text } = block as { readonly text?: unknown }
        return typeof text === "string" && Object.keys(block as object).length === 1 ? text : undefined
      },
      noPrefill: AnthropicRequest.noPrefillOf(request.model, BedrockBlocks.turn),
      reasoning: (block) => BedrockBlocks.turn.read(block)?._tag === "Reasoning"
    }
  )
  if (Result.isFailure(conversation)) return Result.fail(conversation.failure)
  const messages = conversation.success.turns.map((turn) =>
    turn.role === "user" ? { role: turn.role, content: BedrockParts.withTextBesideDocuments(turn.content) } : turn
  )
  const last = messages[messages.length - 1]
  if (request.cache !== undefined && caching && last !== undefined && placesAutomatic(request)) {
    messages[messages.length - 1] = {
      ...last,
      content: withAutomaticPoint(last.content, request.cache === "auto" ? undefined : request.cache.ttl)
    }
  }
  return Result.succeed({ messages, system: conversation.success.system })
}

/** The `inferenceConfig`: the sampling settings the model takes (`omitted` names those it does not). */
const inferenceConfigOf = (
  request: CallRequest.ProviderRequest,
  { maxTokens, omitted }: BedrockControls.Encoded
): Record<string, unknown> => {
  const inferenceConfig: Record<string, unknown> = {}
  if (request.maxTokens !== undefined || maxTokens !== undefined) {
    inferenceConfig["maxTokens"] = request.maxTokens ?? maxTokens
  }
  if (request.temperature !== undefined && !omitted.includes("temperature")) {
    inferenceConfig["temperature"] = request.temperature
  }
  if (request.topP !== undefined && !omitted.includes("topP")) inferenceConfig["topP"] = request.topP
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    inferenceConfig["stopSequences"] = request.stopSequences
  }
  return inferenceConfig
}

/** Converse's `toolChoice` keys: `auto`, `any` (a tool must be called). */
const choices = { auto: "auto", required: "any" } as const

/**
 * The `toolConfig`: the tools, then the provider's (`providerTools`, such as `{ systemTool: { name:
 * "nova_grounding" } }`), a cache point after them where the family caches tools, and the choice.
 */
const toolConfigOf = (request: CallRequest.ProviderRequest, family: BedrockModels.Family): unknown => {
  const toolChoice = request.toolChoice
  const cacheTools = request.cacheTools !== undefined && family.cache?.tools === true
  return {
    tools: [
      ...CallRequest.ownTools(request).map((tool) => ({
        toolSpec: {
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          inputSchema: { json: tool.jsonSchema }
        }
      })),
      ...(request.providerTools ?? []),
      ...(cacheTools ? [BedrockParts.cachePoint(request.cacheTools!.ttl)] : [])
    ],
    ...(toolChoice === undefined || toolChoice === "none" ? {} : {
      toolChoice: typeof toolChoice === "object" ? { tool: { name: toolChoice.name } } : { [choices[toolChoice]]: {} }
    })
  }
}

/**
 * The tools a conversation's tool turns name, declared for a request that declares none (`toolsForHistory`), or
 * `undefined` without the row or such turns.
 */
const placeholderTools = (request: CallRequest.ProviderRequest): ReadonlyArray<unknown> | undefined =>
  Conversation.historyToolsFor(rules, request.messages, hasToolTurns(request))?.map((name) => ({
    toolSpec: { name, description: Conversation.historyToolDescription, inputSchema: { json: { type: "object" } } }
  }))

/**
 * The JSON body of a ConverseStream request, or the first part or control Converse cannot take. A `toolChoice` of
 * `"none"` is sent as no `toolConfig` at all (Converse has no such option, and a model that is sent tools may call
 * them; see `unsendable`); a request with no tools whose conversation holds tool turns declares the tools they name as
 * ones not to call (`placeholderTools`). An assistant turn that came from Bedrock is sent with its own blocks
 * (reasoning with its signature, server tool calls and their results). Cache points are checkpoint blocks where the
 * model caches (`BedrockModels`), and left out where it does not.
 */
export const encodeRequest = (
  request: CallRequest.ProviderRequest
): Result.Result<Record<string, unknown>, Failure> => {
  const forbidden = unsendable(request)
  if (forbidden !== undefined) return CallRequest.unsupported(forbidden)
  const family = BedrockModels.familyOf(request.model)
  const caching = family.cache !== undefined
  const marked = family.cache === undefined
    ? CachePoints.breakpoints(request)
    : CachePoints.check(request, cachePolicy(family.cache, request))
  if (Result.isFailure(marked)) return Result.fail(marked.failure)
  const controls = BedrockControls.encode(request, family)
  if (Result.isFailure(controls)) return Result.fail(controls.failure)
  const mark = caching ? BedrockParts.mark : MessageParts.unmarked
  const conversation = messagesOf(request, family, mark)
  if (Result.isFailure(conversation)) return Result.fail(conversation.failure)
  // The request's system prompt, then the system messages of the conversation.
  const sources = [...Turns.requestSystem(request.system), ...conversation.success.system]
  const system = AnthropicRequest.systemBlocks(sources, (text) => ({ text }), mark)
  if (Result.isFailure(system)) return Result.fail(system.failure)
  const body: Record<string, unknown> = { messages: conversation.success.messages }
  if (system.success.length > 0) body["system"] = system.success
  const inferenceConfig = inferenceConfigOf(request, controls.success)
  if (Object.keys(inferenceConfig).length > 0) body["inferenceConfig"] = inferenceConfig
  const history = hasTools(request) ? undefined : placeholderTools(request)
  if (hasTools(request) && !toolsForbidden(request)) body["toolConfig"] = toolConfigOf(request, family)
  else if (history !== undefined) body["toolConfig"] = { tools: history }
  const { additional, fields } = controls.success
  if (Object.keys(additional).length > 0) body["additionalModelRequestFields"] = additional
  Object.assign(body, fields)
  CallRequest.mergeBody(body, request.extraBody)
  return Result.succeed(body)
}
