/**
 * The body of a streaming Messages request (`@anthropic-ai/sdk` `MessageCreateParams`): `cache_control` on the block
 * before each cache point, on the last tool (`cacheTools`) and at the top level (`cache`, the automatic breakpoint).
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../../core/Message.js"
import type * as AssistantTurn from "../../core/provider/AssistantTurn.js"
import * as CachePoints from "../../core/request/CachePoints.js"
import * as CallRequest from "../../core/request/CallRequest.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as MessageParts from "../../core/request/MessageParts.js"
import * as Turns from "../../core/request/Turns.js"
import type * as Tool from "../../core/Tool.js"
import * as AnthropicBlocks from "./AnthropicBlocks.js"
import * as AnthropicErrors from "./AnthropicErrors.js"
import * as AnthropicLimits from "./AnthropicLimits.js"
import * as AnthropicModels from "./AnthropicModels.js"
import * as AnthropicParts from "./AnthropicParts.js"
import * as AnthropicThinking from "./AnthropicThinking.js"

/** The Messages API's reference. */
const messagesApi = "https://platform.claude.com/docs/en/api/messages"

/**
 * What the Messages API refuses of a conversation, its rules (`Conversation.Rules`; every API's `everyApi` applied
 * before): each row what it does, the API's own 400 and its source. Bedrock's Converse takes Claude's too.
 */
export const rules = {
  distinctCallIds: {
    does: "a call id an earlier call has goes as `<id>#<n>`, its results too (Kimi K2 repeats `functions.x:0`)",
    refusal: "`tool_use` ids must be unique",
    source: "https://platform.claude.com/docs/en/agents-and-tools/tool-use/implement-tool-use"
  },
  plainCallIds: {
    does: "a call id of other characters than `[a-zA-Z0-9_-]` or over 64 goes as those characters and a hash",
    refusal: "tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'",
    source: "@anthropic-ai/sdk ToolUseBlockParam; @aws-sdk/client-bedrock-runtime ToolUseBlock"
  },
  noBlankText: {
    does: "a text block of only whitespace is not sent (an empty text beside a user's files left out)",
    refusal: "text content blocks must contain non-whitespace text; The text field in the ContentBlock object is blank",
    source: messagesApi,
    // A user's text too: a message of only whitespace is refused before it is sent, named.
    whitespace: true
  },
  resultWithContent: {
    does: "a tool result with no output says `(no output)`",
    refusal: "content cannot be empty if `is_error` is true",
    source: messagesApi
  },
  toolsForHistory: {
    does: "a request with no tools whose conversation holds tool calls declares the tools they name, none to be called",
    refusal: "Requests which include `tool_use` or `tool_result` blocks must define tools; The toolConfig field must " +
      "be defined when using toolUse and toolResult content blocks",
    source: messagesApi
  },
  endsWithUser: {
    does: "a conversation that ends with an assistant turn (a prefill) is refused before it is sent to a model that " +
      "takes none (Claude 4.6 and later: `AnthropicLimits.takesPrefill`); a turn paused in its server tools " +
      "(`pause_turn`) goes back as the last message, as the API continues it",
    refusal: "This model does not support assistant message prefill. The conversation must end with a user message.",
    source: "https://platform.claude.com/docs/en/about-claude/models/whats-new-claude-4-6#prefill-removal; " +
      "@anthropic-ai/sdk 1.14 MessageCreateParams.messages (https://platform.claude.com/docs/en/api/errors" +
      "#prefill-not-supported)"
  },
  noTrailingWhitespace: {
    does: "the final assistant content (a prefill, a paused turn sent back) goes without its trailing whitespace",
    refusal: "final assistant content cannot end with trailing whitespace",
    source: messagesApi
  },
  noFinalReasoning: {
    does: "the thinking blocks that end an assistant turn of Claude's own (nothing but thinking after them: an " +
      "answer that thought and said nothing) are not sent; a turn of thinking alone goes with nothing of it",
    refusal: "messages.1: The final block in an assistant message cannot be `thinking`.",
    source: "https://platform.claude.com/docs/en/api/messages (the API's 400: tailcallhq/forgecode#2107; on " +
      "Bedrock's Converse, NousResearch/hermes-agent#105780)"
  },
  unreadableTurns: {
    does: "refused for its own turns' state, the request goes once more with them as another provider's turns",
    refusal: "Invalid `signature` in `thinking` block",
    source: "https://platform.claude.com/docs/en/build-with-claude/extended-thinking",
    refuses: AnthropicErrors.refusesOwnTurns
  },
  editedCalls: AnthropicBlocks.editedCalls
} satisfies Conversation.Rules

/**
 * What a Claude model's layer does to a conversation before any request (`Conversation.everyApi`, and
 * `refusedTurns`, which `keepRefusedTurns` on `Anthropic.model` and `Bedrock.model` leaves out): a turn Claude's
 * streaming classifiers stopped (`stop_reason: "refusal"`; a turn stopped on a policy without another provider's
 * blocks, as a browser's history gives it) goes, with the user messages that led to it, where a message follows it.
 */
export const layerRules: Conversation.Rules = {
  ...Conversation.everyApi,
  refusedTurns: {
    does: "a turn stopped on a policy (`finishReason: content_filter`: Claude's `stop_reason: \"refusal\"`) that a " +
      "message follows is left out with the user messages right before it, which led to it; what the person was " +
      "shown is unchanged",
    refusal: "(none: the API takes the turn, and refuses again) \"When you receive stop_reason: refusal, you must " +
      "reset the conversation context before continuing. You can remove or rephrase the turn that triggered the " +
      "refusal, or clear the conversation history entirely. Attempting to continue without resetting will result in " +
      "continued refusals.\"",
    source: "https://platform.claude.com/docs/en/test-and-evaluate/strengthen-guardrails/handle-streaming-refusals",
    // Claude's own turns (the Messages API's, Converse's); a refusal in words of another model needs no reset.
    formats: ["anthropic", "bedrock"]
  }
}

/**
 * A Claude model layer's settings and the rules it reads a conversation by: `layerRules`, or every API's alone where its
 * defaults say `keepRefusedTurns` (the option itself is no setting of a request).
 */
export const claudeLayer = <D extends { readonly keepRefusedTurns?: boolean | undefined }>(defaults: D) => {
  const { keepRefusedTurns, ...settings } = defaults
  return { settings, rules: keepRefusedTurns === true ? Conversation.everyApi : layerRules }
}

/**
 * Where `model`'s family takes no prefill (`endsWithUser`): its name, and the turns the API continues all the same,
 * those holding a block of its own that is no text, thinking or call of the program's (a server tool's call or
 * result: a turn paused with `pause_turn`); `undefined` where it takes prefill, or its family is not known.
 */
export const noPrefillOf = (model: string, turn: AssistantTurn.TurnBlocks) =>
  !AnthropicLimits.takesPrefill(model)
    ? { model, continues: (block: unknown) => turn.read(block) === undefined }
    : undefined

/** Anthropic's breakpoints (prompt caching guide): at most 4, the automatic one counted, TTLs never growing. */
const cachePolicy: CachePoints.Policy = {
  api: "Anthropic",
  maxBreakpoints: 4,
  automaticCounts: true,
  tools: true,
  ordered: true,
  ttls: ["5m", "1h"]
}

/** `service_tier` (`MessageCreateParams`): `auto` (priority capacity where there is some) or `standard_only`. */
const serviceTiers: Readonly<Partial<Record<CallRequest.ServiceTier, string>>> = {
  auto: "auto",
  default: "standard_only"
}

const encodeToolChoice = (choice: Tool.ToolChoice, parallel: boolean | undefined): unknown => {
  const type = choice === "auto" ? "auto" : choice === "required" ? "any" : choice === "none" ? "none" : "tool"
  return {
    type,
    ...(typeof choice === "object" ? { name: choice.name } : {}),
    ...(parallel === false && type !== "none" ? { disable_parallel_tool_use: true } : {})
  }
}

/** The fields of the controls a Messages request takes whole: `metadata`, `service_tier`, `cache_control`. */
const controlFields = (
  request: CallRequest.ProviderRequest
): Result.Result<Record<string, unknown>, CallRequest.Unsupported> => {
  if (request.seed !== undefined) return CallRequest.unsupported("seed: Anthropic takes no seed; leave it out")
  const fields: Record<string, unknown> = {}
  if (request.user !== undefined) fields["metadata"] = { user_id: request.user }
  if (request.serviceTier !== undefined) {
    const tier = serviceTiers[request.serviceTier]
    if (tier === undefined) {
      return CallRequest.unsupported(
        `serviceTier: Anthropic has no "${request.serviceTier}" tier on a request; it takes "auto" and "default" (standard only)`
      )
    }
    fields["service_tier"] = tier
  }
  if (request.cache !== undefined) {
    fields["cache_control"] = AnthropicParts.cacheControl(request.cache === "auto" ? undefined : request.cache.ttl)
  }
  return Result.succeed(fields)
}

/** The reasoning of a request as body fields, and the sampling settings left out. */
const reasoningFields = (request: CallRequest.ProviderRequest) =>
  Result.map(
    AnthropicThinking.planRequest(request, AnthropicModels.familyOf(request.model), AnthropicBlocks.turn),
    ({ omitted, plan }) => ({
      fields: {
        ...(plan.thinking === undefined ? {} : { thinking: plan.thinking }),
        ...(plan.effort === undefined ? {} : { output_config: { effort: plan.effort } }),
        ...(plan.maxTokens === undefined ? {} : { max_tokens: plan.maxTokens })
      },
      omitted
    })
  )

/** The blocks of a system prompt's sources (Converse's `system` too): each text a block, its cache points marked. */
export const systemBlocks = (
  sources: ReadonlyArray<Turns.SystemSource>,
  text: (text: string) => unknown,
  mark: MessageParts.Marker<unknown>
): Result.Result<Array<unknown>, CallRequest.Unsupported> => {
  const blocks: Array<unknown> = []
  for (const source of sources) {
    const encoded = MessageParts.encodeSystem(source.parts, source.at, text, mark)
    if (Result.isFailure(encoded)) return Result.fail(encoded.failure)
    blocks.push(...encoded.success)
  }
  return Result.succeed(blocks)
}

/** The system prompt: its texts joined, or text blocks (`TextBlockParam`s) where a cache point marks one. */
const encodeSystem = (sources: ReadonlyArray<Turns.SystemSource>): Result.Result<unknown, CallRequest.Unsupported> =>
  Turns.systemMarked(sources)
    ? systemBlocks(sources, (text) => ({ type: "text", text }), AnthropicParts.mark)
    : Result.succeed(sources.map((source) => MessageParts.textOf(source.parts)).join("\n\n"))

/**
 * The request's tools: its own (those no provider tool declares by name), then the provider's (`providerTools`); the
 * tools' cache breakpoint (`cacheTools`) on the last, whichever kind it is (every tool before it is cached with it).
 */
const toolsOf = (request: CallRequest.ProviderRequest): ReadonlyArray<Readonly<Record<string, unknown>>> => {
  const tools: Array<Readonly<Record<string, unknown>>> = [
    ...CallRequest.ownTools(request).map((tool) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      input_schema: tool.jsonSchema
    })),
    ...(request.providerTools ?? [])
  ]
  const last = tools.length - 1
  if (last >= 0 && request.cacheTools !== undefined) {
    tools[last] = { ...tools[last], cache_control: AnthropicParts.cacheControl(request.cacheTools.ttl) }
  }
  return tools
}

/**
 * The request's `tools` and `tool_choice`. A request with no tools whose conversation holds tool turns declares the
 * tools they name, none of them to be called (`toolsForHistory`: the API refuses tool blocks without tools).
 */
const toolFields = (request: CallRequest.ProviderRequest): Record<string, unknown> => {
  const tools = toolsOf(request)
  const history = tools.length === 0 ? Conversation.historyToolsFor(rules, request.messages) : undefined
  if (history !== undefined) {
    return {
      tools: history.map((name) => ({
        name,
        description: Conversation.historyToolDescription,
        input_schema: { type: "object" }
      })),
      tool_choice: { type: "none" }
    }
  }
  const fields: Record<string, unknown> = tools.length > 0 ? { tools } : {}
  const choice = request.toolChoice ?? (request.parallelToolCalls === false && tools.length > 0 ? "auto" : undefined)
  if (choice !== undefined) fields["tool_choice"] = encodeToolChoice(choice, request.parallelToolCalls)
  return fields
}

/**
 * The container a request goes on in: the last assistant turn's, when its code made calls the request answers
 * (programmatic tool calling: a `tool_use` block whose `caller` is a code execution, not `direct`). The API refuses
 * such a request without it ("container_id is required when there are pending tool uses generated by code execution
 * with tools": platform.claude.com, programmatic tool calling, step 3; the SDKs' tool runners pass it).
 */
const containerOf = (messages: ReadonlyArray<Message.Message>): string | undefined => {
  let index = messages.length - 1
  while (index >= 0 && messages[index]!._tag !== "AssistantMessage") index--
  const last = messages[index]
  const content = last?._tag === "AssistantMessage" ? last.content : undefined
  if (content?.provider !== "anthropic" || content.container === undefined) return undefined
  const programmatic = content.blocks.some((block: unknown) => {
    const { caller, type } = block as { readonly type?: unknown; readonly caller?: { readonly type?: unknown } }
    return type === "tool_use" && caller !== undefined && caller.type !== "direct"
  })
  return programmatic ? content.container : undefined
}

/**
 * The toolset family of each client toolset member call the conversation sends back (`AnthropicParts.Toolsets`): the
 * `tool_use` blocks with a `toolset_name` of its turns that came from Anthropic, which go back with their own blocks
 * (another provider's turn, or one written by hand, has no such call), by their ids.
 */
const toolsetsOf = (messages: ReadonlyArray<Message.Message>): AnthropicParts.Toolsets => {
  const toolsets = new Map<string, string>()
  for (const message of messages) {
    if (message._tag !== "AssistantMessage" || message.content?.provider !== "anthropic") continue
    for (const block of message.content.blocks) {
      const { id, toolset_name, type } = block as {
        readonly type?: unknown
        readonly id?: unknown
        readonly toolset_name?: unknown
      }
      if (type === "tool_use" && typeof id === "string" && typeof toolset_name === "string") {
        toolsets.set(id, toolset_name)
      }
    }
  }
  return toolsets
}

/**
 * The JSON body of a streaming Messages request, or the first part or control the API cannot take. An
 * assistant turn that came from Anthropic is sent with its own blocks (thinking with its signature, server
 * tool calls and their results), as the API requires.
 */
export const encodeRequest = (
  request: CallRequest.ProviderRequest
): Result.Result<Record<string, unknown>, CallRequest.Unsupported> => {
  const checked = CachePoints.check(request, cachePolicy)
  if (Result.isFailure(checked)) return Result.fail(checked.failure)
  const controls = controlFields(request)
  if (Result.isFailure(controls)) return Result.fail(controls.failure)
  const reasoning = reasoningFields(request)
  if (Result.isFailure(reasoning)) return Result.fail(reasoning.failure)
  const sent = Conversation.sendable(request.messages, rules, "anthropic")
  const parts = AnthropicParts.encoder(rules, toolsetsOf(sent))
  const callId = Conversation.callIdFor(rules)
  // A system message later in the conversation stays there, where the model takes it: moved into `system`, it
  // would change the prompt before every turn (and invalidate every thinking block after it).
  const inPlace = AnthropicModels.takesSystemMessages(request.model) ? Turns.systemInPlace(request.messages) : undefined
  const conversation = Turns.fromMessages<unknown>(
    sent,
    "anthropic",
    {
      text: (text) => ({ type: "text", text }),
      part: parts.part,
      mark: AnthropicParts.mark,
      toolCall: (call, input) => ({ type: "tool_use", id: callId(call.id), name: call.name, input }),
      toolResult: parts.toolResult,
      rules: rules,
      textOf: (block) => {
        const { text, type } = block as { readonly type?: unknown; readonly text?: unknown }
        return type === "text" && typeof text === "string" ? text : undefined
      },
      noPrefill: noPrefillOf(request.model, AnthropicBlocks.turn),
      reasoning: (block) => AnthropicBlocks.turn.read(block)?._tag === "Reasoning"
    },
    inPlace
  )
  if (Result.isFailure(conversation)) return Result.fail(conversation.failure)
  const { system: systemMessages, turns: messages } = conversation.success
  const sources = [...Turns.requestSystem(request.system), ...systemMessages]
  const system = encodeSystem(sources)
  if (Result.isFailure(system)) return Result.fail(system.failure)
  const body: Record<string, unknown> = {
    model: request.model,
    max_tokens: request.maxTokens ?? AnthropicLimits.defaultMaxTokens,
    messages
  }
  if (sources.length > 0) body["system"] = system.success
  const { omitted } = reasoning.success
  if (request.temperature !== undefined && !omitted.includes("temperature")) body["temperature"] = request.temperature
  if (request.topP !== undefined && !omitted.includes("topP")) body["top_p"] = request.topP
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    body["stop_sequences"] = request.stopSequences
  }
  Object.assign(body, toolFields(request))
  Object.assign(body, controls.success, reasoning.success.fields)
  const container = containerOf(request.messages)
  if (container !== undefined) body["container"] = container
  CallRequest.mergeBody(body, request.extraBody)
  body["stream"] = true
  return Result.succeed(body)
}
