/**
 * The body of a streaming Chat Completions request (OpenAI, Groq, Azure).
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as ToolCallFragments from "../../core/fold/ToolCallFragments.js"
import type * as Message from "../../core/Message.js"
import * as CachePoints from "../../core/request/CachePoints.js"
import * as CallRequest from "../../core/request/CallRequest.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as MessageParts from "../../core/request/MessageParts.js"
import type * as Tool from "../../core/Tool.js"
import * as ChatBlocks from "./ChatBlocks.js"
import * as ChatControls from "./ChatControls.js"
import * as ChatParts from "./ChatParts.js"

/** What Chat Completions refuses of a conversation (`Conversation.Rules`; `everyApi` applied before). */
export const rules = {
  boundedCallIds: {
    does: "a call id over the host's longest (`ChatParts.Policy.maxCallIdLength`, OpenAI's 40) goes cut and hashed",
    refusal: "Invalid 'messages[n].tool_calls[0].id': string too long. Expected a string with maximum length 40",
    source: "https://platform.openai.com/docs/api-reference/chat/create"
  },
  alphanumericCallIds: {
    does: "a call id not of the host's shape (`ChatParts.Policy.callIdLength` letters and digits, Mistral's 9) goes " +
      "as a hash of it in that shape, its result's too",
    refusal: "Tool call id was call_0fypS1hVX but must be a-z, A-Z, 0-9, with a length of 9.",
    source: "https://github.com/mistralai/mistral-common/blob/main/src/mistral_common/protocol/instruct/validator.py " +
      "(`_validate_tool_call`, `_validate_tool_message`: `^[a-zA-Z0-9]{9}$`; the validator of Mistral's API)"
  },
  assistantAfterResults: {
    does: "on a host whose policy asks for it (`ChatParts.Policy.assistantAfterResults`, Mistral), a user message " +
      "right after tool results goes after an assistant turn saying `(no answer)`, and so does a turn with no text " +
      "and no calls (an answer stopped before either)",
    refusal: "Unexpected role 'user' after role 'tool'; Assistant message must have either content or tool_calls, " +
      "but not both; Invalid assistant message",
    source: "https://github.com/mistralai/mistral-common/blob/main/src/mistral_common/protocol/instruct/validator.py " +
      "(`_validate_message_order`: a user after a tool is taken from 1.11.1, #218, refused by servers before it; " +
      "`_validate_assistant_message` up to V3) and `tokens/tokenizers/instruct.py` (V7 on: " +
      "`encode_assistant_message` refuses no content and no tool_calls)"
  },
  systemAfterUser: {
    does: "on a host whose policy asks for it (`ChatParts.Policy.systemAfterUser`, Mistral), a system message after " +
      "an assistant turn or a tool result goes right after the next user message, or, with none after it, back " +
      "right after the last user or system message before it",
    refusal: "Unexpected role 'system' after role 'tool'; Unexpected role 'system' after role 'assistant'",
    source: "https://github.com/mistralai/mistral-common/blob/main/src/mistral_common/protocol/instruct/validator.py " +
      "(`MistralRequestValidator._validate_message_order`, every version's: a system message only after a system " +
      "or user message; `normalize.py` `InstructRequestNormalizerV7`: V7 on, each system message read where it is)"
  },
  errorsInText: {
    does: "a failed tool result (an MCP server's `isError: true`, a tool's failure) opens with `Error: `, unless its " +
      "text says so already: a tool message (`ChatCompletionToolMessageParam`: `role`, `content`, `tool_call_id`) " +
      "has no error flag, and the model could not tell it failed",
    refusal: "(none: the API takes the result, but reads a failure as an answer)",
    source: "https://platform.openai.com/docs/api-reference/chat/create (openai-node `ChatCompletionToolMessageParam`)"
  },
  reasoningWithTurns: {
    does: "on a host whose policy asks for it (`ChatParts.Policy.reasoningWithTurns`, DeepSeek), each assistant " +
      "message goes with `reasoning_content`: the unsigned reasoning its turn carries (`reasoning.text` blocks), " +
      "else a space (the API refuses an empty one; a turn that called no tools has it ignored)",
    refusal: "The reasoning_content in the thinking mode must be passed back to the API.; Missing " +
      "`reasoning_content` field in the assistant message at message index 2",
    source: "https://api-docs.deepseek.com/guides/thinking_mode (\"Tool Calls\": \"if your code does not correctly " +
      "pass back reasoning_content, the API will return a 400 error\")"
  },
  refusalsApart: {
    does: "on a host whose policy asks for it (OpenAI, Azure OpenAI), the model's refusal (the turn's `refusal` " +
      "block, or a Responses API turn's `refusal` parts) goes in the assistant message's `refusal` field, " +
      "`content` its other words or `null`",
    refusal: "(none: the API takes it as `content`, an answer the model wrote)",
    // openai-node src/resources/chat/completions/completions.ts `ChatCompletionAssistantMessageParam.refusal`, "The
    // refusal message by the assistant"; Azure/azure-rest-api-specs inference.yaml `ChatRequestAssistantMessage`.
    source: "https://platform.openai.com/docs/api-reference/chat/create"
  },
  editedCalls: ChatBlocks.editedCalls
} satisfies Conversation.Rules

/** The rows a host has only where its policy asks for them, each under the policy's field of its name. */
const byPolicy = ["assistantAfterResults", "systemAfterUser", "reasoningWithTurns", "refusalsApart"] as const

/**
 * The `reasoning_content` an assistant turn goes back with to an API whose table is `rules` (`reasoningWithTurns`):
 * the text of the reasoning its turn carries, else a space (DeepSeek refuses an empty one); `undefined` without the
 * row.
 */
export const reasoningContentOf = (
  rules: Conversation.Rules,
  message: Message.AssistantMessage
): string | undefined => {
  if (!Conversation.has(rules, "reasoningWithTurns")) return undefined
  const blocks = message.content?.provider === "openrouter" ? message.content.blocks : []
  // Reasoning with a state (a signature, an id) is another model's, read through a router: not DeepSeek's to go on
  // from.
  const text = blocks.map((block) => {
    const part = ChatBlocks.turn.read(block)
    return part?._tag === "Reasoning" && part.state === undefined ? part.text : ""
  }).join("")
  return text === "" ? " " : text
}

/** The rows of the table `policy`'s host takes: each of `byPolicy` where it asks for it. */
const rulesOf = (policy: ChatParts.Policy): Conversation.Rules => {
  const taken: Record<string, Conversation.Rule> = { ...rules }
  for (const name of byPolicy) if (policy[name] !== true) delete taken[name]
  return taken
}

type Encoder = ReturnType<typeof ChatParts.encoder>

/**
 * A call's id as the host takes it: within its longest, if it has one (`boundedCallIds`, the host's `max`), in its
 * shape, if it has one (`alphanumericCallIds`).
 */
const callIdOf = (policy: ChatParts.Policy) =>
  Conversation.callIdFor(rules, policy.maxCallIdLength, policy.callIdLength)

/**
 * A system message: its text, or its text parts where a cache point in them is marked (a content array of
 * `text` parts, as `ChatCompletionSystemMessageParam` takes).
 */
const systemMessage = (
  parts: ReadonlyArray<Message.SystemPart> | undefined,
  at: string,
  mark: MessageParts.Marker<unknown>
): Result.Result<unknown, CallRequest.Unsupported> =>
  parts === undefined || mark === MessageParts.unmarked || !parts.some((part) => part._tag === "CachePointPart")
    ? Result.succeed({ role: "system", content: MessageParts.textOf(parts ?? []) })
    : Result.map(
      MessageParts.encodeSystem(parts, at, ChatParts.textPart, mark),
      (content) => ({ role: "system", content })
    )

const encodeMessage = (
  message: Message.Message,
  at: string,
  parts: Encoder,
  mark: MessageParts.Marker<unknown>,
  callId: (id: string) => string,
  reasoningDetails: boolean,
  rules: Conversation.Rules
): Result.Result<unknown, CallRequest.Unsupported> => {
  switch (message._tag) {
    case "SystemMessage":
      return message.parts === undefined
        ? Result.succeed({ role: "system", content: message.text })
        : systemMessage(message.parts, at, mark)
    case "UserMessage":
      // A text message keeps the plain string content it always had.
      return message.parts === undefined
        ? Result.succeed({ role: "user", content: message.text })
        : Result.map(
          MessageParts.encodeUserParts(message.parts, at, parts.part, mark),
          (content) => ({ role: "user", content })
        )
    case "AssistantMessage":
      return Result.succeed(assistantMessage(message, callId, reasoningDetails, rules))
    case "ToolResultMessage": {
      const result = Conversation.resultSaid(rules, message)
      return result.parts === undefined
        ? Result.succeed({ role: "tool", tool_call_id: callId(result.toolCallId), content: result.content })
        : Result.map(
          MessageParts.encodeAll(result.parts, at, parts.toolResultPart, mark),
          (content) => ({ role: "tool", tool_call_id: callId(result.toolCallId), content })
        )
    }
  }
}

/**
 * An assistant message: its text, its calls, and where the host takes them its reasoning (`reasoning_details`,
 * `reasoning_content`) and its refusal apart (`refusalsApart`).
 */
const assistantMessage = (
  message: Message.AssistantMessage,
  callId: (id: string) => string,
  reasoningDetails: boolean,
  rules: Conversation.Rules
): Record<string, unknown> => {
  // "openrouter" names the blocks' format (`ChatBlocks.turn`: `reasoning_details`), whichever host sent them.
  const details = reasoningDetails ? ChatBlocks.detailsOf(message.content) : []
  const reasoning = reasoningContentOf(rules, message)
  const { refusal, text } = Conversation.refusalApart(rules, message.text, ChatBlocks.refusalOf(message.content))
  return {
    role: "assistant",
    content: message.toolCalls.length === 0 || text !== "" ? text : null,
    ...(message.toolCalls.length === 0
      ? {}
      : { tool_calls: message.toolCalls.map((call) => toolCall(call, callId(call.id))) }),
    ...(refusal === undefined ? {} : { refusal }),
    ...(details.length === 0 ? {} : { reasoning_details: details }),
    ...(reasoning === undefined ? {} : { reasoning_content: reasoning })
  }
}

/**
 * A call of an assistant turn, under `id`: a function call, or a custom tool's call (its arguments are its input as
 * a JSON string: see `ToolCallFragments.customPiece`) as the custom call it was (openai-node
 * `ChatCompletionMessageCustomToolCall`).
 */
const toolCall = (call: Tool.ToolCall, id: string): unknown => {
  const input = ToolCallFragments.customInputOf(call.arguments)
  return input === undefined
    ? { id, type: "function", function: { name: call.name, arguments: call.arguments } }
    : { id, type: "custom", custom: { name: call.name, input } }
}

const encodeToolChoice = (choice: Tool.ToolChoice): unknown =>
  typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } }

/** How a host differs in its request body. */
export interface BodyOptions {
  /** `max_completion_tokens` (OpenAI, Groq) or `max_tokens` (older Azure API versions). */
  readonly maxTokensField: "max_completion_tokens" | "max_tokens"
  /** Whether `model` goes in the body (not for Azure OpenAI deployments, where it is in the path). */
  readonly includeModel: boolean
  /** The content parts the host takes, and its limits. */
  readonly parts: ChatParts.Policy
  /** What the host's models take of the request controls (reasoning, caching, seed, ...). */
  readonly controls: ChatControls.Host
  /**
   * Whether an assistant turn's reasoning details go back on it (`reasoning_details`: OpenRouter); elsewhere a turn's
   * reasoning is not sent back (DeepSeek refuses a request with its `reasoning_content`).
   */
  readonly sendsReasoningDetails?: boolean | undefined
}

/**
 * The JSON body of a streaming Chat Completions request (usage is always asked for), or the first part or
 * control the host cannot take.
 */
export const encodeRequest = (
  request: CallRequest.ProviderRequest,
  options: BodyOptions
): Result.Result<Record<string, unknown>, CallRequest.Unsupported> => {
  const controls = ChatControls.encode(request, options.controls)
  if (Result.isFailure(controls)) return Result.fail(controls.failure)
  const { fields, mark } = controls.success
  const parts = ChatParts.encoder(options.parts)
  const callId = callIdOf(options.parts)
  const messages: Array<unknown> = []
  if (request.system !== undefined) {
    const system = systemMessage(CachePoints.systemParts(request.system), "system", mark)
    if (Result.isFailure(system)) return Result.fail(system.failure)
    messages.push(system.success)
  }
  const rules = rulesOf(options.parts)
  for (const [index, message] of Conversation.sendable(request.messages, rules).entries()) {
    const at = `messages[${index}]`
    const encoded = encodeMessage(message, at, parts, mark, callId, options.sendsReasoningDetails === true, rules)
    if (Result.isFailure(encoded)) return CallRequest.inMessage(encoded.failure, at)
    messages.push(encoded.success)
  }
  const body: Record<string, unknown> = {}
  if (options.includeModel) body["model"] = request.model
  body["messages"] = messages
  if (request.maxTokens !== undefined) body[options.maxTokensField] = request.maxTokens
  if (request.temperature !== undefined) body["temperature"] = request.temperature
  if (request.topP !== undefined) body["top_p"] = request.topP
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) body["stop"] = request.stopSequences
  const tools = [
    ...CallRequest.ownTools(request).map((tool) => ({
      type: "function",
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.jsonSchema,
        ...(tool.strict === undefined ? {} : { strict: tool.strict })
      }
    })),
    ...(request.providerTools ?? [])
  ]
  if (tools.length > 0) body["tools"] = tools
  if (request.toolChoice !== undefined) body["tool_choice"] = encodeToolChoice(request.toolChoice)
  Object.assign(body, fields)
  CallRequest.mergeBody(body, request.extraBody)
  body["stream"] = true
  body["stream_options"] = { ...(body["stream_options"] as object | undefined), include_usage: true }
  return Result.succeed(body)
}
