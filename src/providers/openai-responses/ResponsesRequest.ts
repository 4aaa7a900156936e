/**
 * The body of a streaming Responses API request: the conversation as input items (messages, the
 * assistant's earlier output items or its text and function calls, and each tool result as the `*_output`
 * item that answers its call: `function_call_output`, `computer_call_output`, `shell_call_output`, ...), the
 * system prompt as `instructions`, flat function tools, and the settings.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../../core/Message.js"
import * as CachePoints from "../../core/request/CachePoints.js"
import * as CallRequest from "../../core/request/CallRequest.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as MessageParts from "../../core/request/MessageParts.js"
import type * as Tool from "../../core/Tool.js"
import * as ChatBlocks from "../openai-compatible/ChatBlocks.js"
import * as ResponsesBlocks from "./ResponsesBlocks.js"
import * as ResponsesControls from "./ResponsesControls.js"
import * as ResponsesErrors from "./ResponsesErrors.js"
import * as ResponsesInputItems from "./ResponsesInputItems.js"
import * as ResponsesItems from "./ResponsesItems.js"
import * as ResponsesParts from "./ResponsesParts.js"

/** What the Responses API refuses of a conversation (`Conversation.Rules`; `everyApi` applied before). */
export const rules = {
  distinctCallIds: {
    does: "a call id an earlier call has goes as `<id>#<n>`, its outputs too",
    refusal: "Duplicate function_call_output for call_id. Each function_call must have exactly one matching " +
      "function_call_output",
    source: "https://platform.openai.com/docs/api-reference/responses/create"
  },
  boundedCallIds: {
    does: "a call id over 64 characters goes as its start and a hash",
    refusal: "Invalid 'input[n].call_id': string too long. Expected a string with maximum length 64",
    source: "https://platform.openai.com/docs/api-reference/responses/create",
    max: 64
  },
  unreadableTurns: {
    does: "refused for reasoning another account or resource encrypted, the request goes once more without it",
    refusal: "The encrypted content could not be verified; Item with id 'rs_...' not found",
    source: "https://platform.openai.com/docs/guides/reasoning",
    refuses: ResponsesErrors.refusesTurns
  },
  errorsInText: {
    does: "a failed tool result (an MCP server's `isError: true`, a tool's failure) opens with `Error: `, unless its " +
      "text says so already: a `function_call_output` (openai-node `ResponseInputItem.FunctionCallOutput`: " +
      "`call_id`, `output`) has no error flag, and the model could not tell it failed",
    refusal: "(none: the API takes the result, but reads a failure as an answer)",
    source: "https://platform.openai.com/docs/api-reference/responses/create (openai-node " +
      "`ResponseInputItem.FunctionCallOutput`)"
  },
  editedCalls: ResponsesBlocks.editedCalls,
  noFinalReasoning: {
    does: "the reasoning items that end an assistant turn of this host's own (an answer cut at " +
      "`max_output_tokens` once it had reasoned, nothing after them) are not sent; a turn of reasoning alone sends " +
      "no item",
    refusal: "Item 'rs_...' of type 'reasoning' was provided without its required following item.",
    source: "https://platform.openai.com/docs/guides/reasoning (keeping reasoning items in context: each with the " +
      "item it led to)"
  },
  approvedServiceCalls: {
    does: "a call the service runs once approved (an MCP server's `mcp_approval_request`) goes back as it came, " +
      "its answer right after the turn as `mcp_approval_response` (`approval_request_id`, `approve`; a denial's " +
      "text as `reason`): the service then runs the call, or tells the model it was denied",
    refusal: "(none: a request left unanswered is taken, and the service never runs its call: the answer stops " +
      "with nothing said)",
    source: "https://platform.openai.com/docs/guides/tools-connectors-mcp (approvals; openai-node 7.59.0 " +
      "`ResponseOutputItem.McpApprovalRequest`, `ResponseInputItem.McpApprovalResponse`)"
  },
  refusalsApart: {
    does: "another API's turn with a refusal (a Chat Completions turn's `refusal` block) goes as an assistant " +
      "`message` item, its other words an `output_text` part and the refusal a `refusal` part, no `id`: a turn " +
      "not stored here has none",
    refusal: "(none: the API takes it as `content`, an answer the model wrote)",
    source: "https://platform.openai.com/docs/api-reference/responses/create (openai-node " +
      "src/resources/responses/responses.ts `ResponseOutputMessage`, `ResponseOutputRefusal`)"
  },
  storedCalls: {
    does: "a request that goes on from a stored response (`previous_response_id`, the `previousResponseId` option) " +
      "or a stored conversation (`conversation`) sends the tool results before its first assistant turn as " +
      "`function_call_output`s: they answer the stored response's calls, which are not among its messages (a " +
      "result of no call is left out elsewhere)",
    refusal: "No tool output found for function call call_…",
    source: "https://platform.openai.com/docs/guides/function-calling (openai-node `ResponseCreateParams`: " +
      "`previous_response_id`; `conversation`, \"Items from this conversation are prepended to `input_items`\")",
    continues: (request: ResponsesRequest) =>
      request.previousResponseId !== undefined || storedIn(request.extraBody, "previous_response_id") ||
      storedIn(request.extraBody, "conversation")
  }
} satisfies Conversation.Rules

/** Whether raw body fields set `field` (to anything but `null`, which the API reads as not set). */
const storedIn = (extraBody: Readonly<Record<string, unknown>> | undefined, field: string): boolean =>
  extraBody?.[field] !== undefined && extraBody[field] !== null

/**
 * The rows a Responses API model layer reads each request's conversation by before it is encoded: every API's
 * (`Conversation.everyApi`), and `storedCalls`, which changes what that leaves out.
 */
export const layerRules: Conversation.Rules = { ...Conversation.everyApi, storedCalls: rules.storedCalls }

/** A function call's id as the Responses API takes it (`boundedCallIds`: another provider's may be longer). */
const callId = Conversation.callIdFor(rules)

/**
 * What a Responses API call may set beyond the common request (its reasoning is the common `reasoning` control,
 * encoded for the model's family).
 *
 * @since 0.2.0
 * @category Models
 */
export interface ResponsesOptions {
  /** Whether the response is stored (default `true` on OpenAI's side). */
  readonly store?: boolean | undefined
  /**
   * Extra output to include, such as `"reasoning.encrypted_content"` (needed to send reasoning back with `store:
   * false`).
   */
  readonly include?: ReadonlyArray<string> | undefined
  /** Continue from a stored response instead of sending the conversation again. */
  readonly previousResponseId?: string | undefined
  /**
   * Built-in tools, passed through as the API defines them: `{ type: "web_search" }`, `{ type: "mcp", ... }`.
   *
   * @deprecated The common `providerTools` setting does the same on every provider (sent after these).
   */
  readonly builtInTools?: ReadonlyArray<Readonly<Record<string, unknown>>> | undefined
}

/** A streaming Responses API request: a request for a named model, its options and raw body fields. */
export interface ResponsesRequest extends CallRequest.ProviderRequest, ResponsesOptions {
  /** The real model behind an Azure deployment (its family and its prices); it is not sent. */
  readonly baseModel?: string | undefined
}

/** The type of each call item an earlier assistant turn sent, by call id: what a tool result answers. */
const callTypesOf = (messages: ReadonlyArray<Message.Message>, own: string): ReadonlyMap<string, string> => {
  const types = new Map<string, string>()
  for (const message of messages) {
    if (message._tag !== "AssistantMessage" || message.content?.provider !== own) continue
    for (const block of message.content.blocks) {
      const item = block as Readonly<Record<string, unknown>>
      // A call's output the service gave in the same turn (a hosted shell's) names the call, but is not it.
      if (typeof item["type"] !== "string" || item["type"].endsWith("_output")) continue
      const id = ResponsesItems.callIdOf(item)
      if (typeof id === "string") types.set(id, item["type"])
    }
  }
  return types
}

/** Whether an input item is a reasoning item that `noFinalReasoning` leaves out where it ends a turn. */
const isReasoningItem = (item: unknown): boolean =>
  Conversation.has(rules, "noFinalReasoning") && typeof item === "object" && item !== null &&
  (item as { readonly type?: unknown }).type === "reasoning"

/**
 * Another service's turn's words: its text, or where it holds a refusal (`refusalsApart`) an assistant message item
 * of its other words and the refusal as its `refusal` part.
 */
const wordsItems = (message: Message.AssistantMessage): ReadonlyArray<unknown> => {
  const { refusal, text } = Conversation.refusalApart(rules, message.text, ChatBlocks.refusalOf(message.content))
  if (refusal === undefined) return message.text === "" ? [] : [{ role: "assistant", content: message.text }]
  const said = text === null ? [] : [{ type: "output_text", text, annotations: [] }]
  return [{ type: "message", role: "assistant", status: "completed", content: [...said, { type: "refusal", refusal }] }]
}

/**
 * An assistant turn's input items: this host's turn as its items (without the reasoning that ends it:
 * `noFinalReasoning`), another service's (its items not stored here) as its words and calls.
 */
const turnItems = (message: Message.AssistantMessage, own: string): ReadonlyArray<unknown> =>
  message.content !== undefined && message.content.provider === own
    ? Conversation.withoutFinalReasoning(
      message.content.blocks.map(ResponsesInputItems.inputItemOf).filter((item) => item !== undefined),
      isReasoningItem
    )
    : [
      ...wordsItems(message),
      ...message.toolCalls.map((call) => ({
        type: "function_call",
        call_id: callId(call.id),
        name: call.name,
        arguments: call.arguments
      }))
    ]

/** A message's input items, or why it cannot be sent. */
const encodeMessage = (
  message: Message.Message,
  at: string,
  part: ReturnType<typeof ResponsesParts.encoder>,
  callTypes: ReadonlyMap<string, string>,
  mark: MessageParts.Marker<unknown>,
  own: string
): Result.Result<ReadonlyArray<unknown>, CallRequest.Unsupported> => {
  switch (message._tag) {
    case "SystemMessage":
      return Result.map(systemContent(message.parts, message.text, at, mark), (content) => [
        { role: "developer", content }
      ])
    case "UserMessage": {
      const content = message.parts === undefined
        ? Result.succeed<unknown>(message.text)
        : MessageParts.encodeUserParts(message.parts, at, part, mark)
      return Result.map(content, (content) => [{ role: "user", content }])
    }
    case "AssistantMessage":
      return Result.succeed(turnItems(message, own))
    case "ToolResultMessage": {
      const callType = callTypes.get(message.toolCallId)
      const approval = ResponsesItems.asksApproval(callType) ? Conversation.approvalSaid(rules, message) : undefined
      if (approval !== undefined) return Result.succeed([ResponsesItems.approvalResponse(message.toolCallId, approval)])
      // A client call's result is its own `*_output` item (its failure its own); a function call's may carry parts.
      const client = callType !== undefined && callType !== "function_call"
      const result = client ? message : Conversation.resultSaid(rules, message)
      if (client || result.parts === undefined) {
        const output = ResponsesItems.outputItem(callType, result, callId)
        return Result.isFailure(output)
          ? CallRequest.unsupported(
            `${at}: tool result for call ${message.toolCallId} (${message.name}): ${output.failure}`
          )
          : Result.succeed([output.success])
      }
      return Result.map(MessageParts.encodeAll(result.parts, at, part, mark), (output) => [
        { type: "function_call_output", call_id: callId(result.toolCallId), output }
      ])
    }
  }
}

/** A system prompt's content: its text, or `input_text` parts where a cache point in them is marked. */
const systemContent = (
  parts: ReadonlyArray<Message.SystemPart> | undefined,
  text: string,
  at: string,
  mark: MessageParts.Marker<unknown>
): Result.Result<unknown, CallRequest.Unsupported> =>
  parts === undefined || mark === MessageParts.unmarked || !parts.some((part) => part._tag === "CachePointPart")
    ? Result.succeed(text)
    : MessageParts.encodeSystem(parts, at, (text) => ({ type: "input_text", text }), mark)

const encodeTool = (tool: Tool.Tool): unknown => ({
  type: "function",
  name: tool.name,
  ...(tool.description === undefined ? {} : { description: tool.description }),
  parameters: tool.jsonSchema,
  strict: tool.strict ?? false
})

const encodeToolChoice = (choice: Tool.ToolChoice): unknown =>
  typeof choice === "string" ? choice : { type: "function", name: choice.name }

/**
 * The JSON body of a streaming Responses API request, or why the request cannot be sent: the API has no
 * stop sequences, takes no audio input, a client call's result must have the shape its `*_output` item
 * takes, and `extraBody` may set no value the API takes only unstreamed (`ResponsesControls.unstreamedOnly`).
 */
export const encodeRequest = (
  request: ResponsesRequest,
  host: ResponsesControls.Host = ResponsesControls.openai
): Result.Result<Record<string, unknown>, CallRequest.Unsupported> => {
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    return CallRequest.unsupported(
      "the Responses API has no stop sequences (stopSequences); use Chat Completions for them"
    )
  }
  const controls = ResponsesControls.encode(request, host)
  if (Result.isFailure(controls)) return Result.fail(controls.failure)
  const mark = controls.success.mark ?? MessageParts.unmarked
  const part = ResponsesParts.encoder(host.fileIds)
  const input: Array<unknown> = []
  // A system prompt with a marked cache point is the first input item (`instructions` is a string).
  let instructions: unknown = undefined
  if (request.system !== undefined) {
    const parts = CachePoints.systemParts(request.system)!
    const content = systemContent(parts, MessageParts.textOf(parts), "system", mark)
    if (Result.isFailure(content)) return Result.fail(content.failure)
    if (typeof content.success === "string") instructions = content.success
    else input.push({ role: "system", content: content.success })
  }
  const messages = Conversation.sendable(request.messages, rules, host.format)
  const callTypes = callTypesOf(messages, host.format)
  for (const [index, message] of messages.entries()) {
    const at = `messages[${index}]`
    const encoded = encodeMessage(message, at, part, callTypes, mark, host.format)
    if (Result.isFailure(encoded)) return CallRequest.inMessage(encoded.failure, at)
    input.push(...encoded.success)
  }
  const body: Record<string, unknown> = { model: request.model, input }
  if (instructions !== undefined) body["instructions"] = instructions
  if (request.maxTokens !== undefined) body["max_output_tokens"] = request.maxTokens
  if (request.temperature !== undefined) body["temperature"] = request.temperature
  if (request.topP !== undefined) body["top_p"] = request.topP
  const tools = [
    ...CallRequest.ownTools(request).map(encodeTool),
    ...(request.builtInTools ?? []),
    ...(request.providerTools ?? [])
  ]
  if (tools.length > 0) body["tools"] = tools
  if (request.toolChoice !== undefined) body["tool_choice"] = encodeToolChoice(request.toolChoice)
  Object.assign(body, controls.success.fields)
  if (request.store !== undefined) body["store"] = request.store
  if (request.include !== undefined) body["include"] = request.include
  if (request.previousResponseId !== undefined) body["previous_response_id"] = request.previousResponseId
  CallRequest.mergeBody(body, request.extraBody)
  const format = textFormatOf(body["response_format"])
  if (format !== undefined) {
    delete body["response_format"]
    body["text"] = { ...(body["text"] as object | undefined), format }
  }
  if (body["store"] === false) stateless(body)
  body["stream"] = true
  return ResponsesControls.streamable(body)
}

/** The include that has the API return each reasoning item's `encrypted_content`. */
const encryptedReasoning = "reasoning.encrypted_content"

/**
 * A request the API does not store (`store: false`) cannot name an earlier item by its id alone: the API answers
 * 404 "Item with id 'rs_…' not found. Items are not persisted when `store` is set to false". So it asks for the
 * reasoning's `encrypted_content` (`include: ["reasoning.encrypted_content"]`, openai-node `ResponseIncludable`:
 * "enables reasoning items to be used in multi-turn conversations when using the Responses API statelessly"),
 * and a reasoning item of the conversation without it (a turn of a stored response, a turn cut before its
 * reasoning was done) is left out rather than sent by its id alone.
 */
const stateless = (body: Record<string, unknown>): void => {
  const include = Array.isArray(body["include"]) ? body["include"] : []
  if (!include.includes(encryptedReasoning)) body["include"] = [...include, encryptedReasoning]
  const input = body["input"]
  if (!Array.isArray(input)) return
  body["input"] = input.filter((item) =>
    !(typeof item === "object" && item !== null && item.type === "reasoning" &&
      typeof item.encrypted_content !== "string")
  )
}

/**
 * Chat Completions' `response_format` (what code written for it, and `effect/ai`'s structured output,
 * send) as the Responses API's `text.format`: the JSON schema's fields move up one level.
 */
const textFormatOf = (responseFormat: unknown): unknown => {
  if (typeof responseFormat !== "object" || responseFormat === null) return undefined
  const { json_schema: schema, ...rest } = responseFormat as Readonly<Record<string, unknown>>
  return typeof schema === "object" && schema !== null ? { ...rest, ...schema } : rest
}
