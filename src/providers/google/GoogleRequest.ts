/**
 * The body of a streaming `generateContent` request (`@google/genai` `GenerateContentParameters`, as the REST
 * API takes it). An assistant turn that came from Gemini is sent back with its own parts (its thought signatures on
 * them); explicit caching is `cachedContent` in the request's `extraBody`, implicit caching needs nothing sent.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as CallRequest from "../../core/request/CallRequest.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as MessageParts from "../../core/request/MessageParts.js"
import * as Turns from "../../core/request/Turns.js"
import type * as Tool from "../../core/Tool.js"
import * as GoogleBlocks from "./GoogleBlocks.js"
import type * as GoogleDecoder from "./GoogleDecoder.js"
import * as GoogleErrors from "./GoogleErrors.js"
import * as GoogleModels from "./GoogleModels.js"
import * as GoogleParts from "./GoogleParts.js"

/** What Gemini refuses of a conversation (`Conversation.Rules`; `everyApi` applied before). */
export const rules = {
  noBlankText: {
    does: "an empty text part is not sent (an empty text beside a user's files left out)",
    refusal: "Unable to submit request because it has an empty text parameter",
    source: "https://ai.google.dev/api/generate-content"
  },
  startsWithUser: {
    does: "a conversation the model began goes with `(The conversation so far.)` as its first user turn",
    refusal: "Please ensure that multiturn requests alternate between user and model",
    source: "https://ai.google.dev/gemini-api/docs/function-calling"
  },
  unreadableTurns: {
    does: "refused for thought signatures another model or account made, the request goes once more without them",
    refusal: "Corrupted thought signature.",
    source: "https://ai.google.dev/gemini-api/docs/thought-signatures",
    refuses: GoogleErrors.refusesSignature
  },
  editedCalls: GoogleBlocks.editedCalls
} satisfies Conversation.Rules

/**
 * The signature Google documents for a function call whose signature is not known (a turn written by
 * another provider, or by hand), which Gemini 3 takes in place of one.
 */
export const unknownSignature = rules.editedCalls.signature

const serviceTiers: Readonly<Partial<Record<CallRequest.ServiceTier, string>>> = {
  default: "standard",
  flex: "flex",
  priority: "priority"
}

const encodeToolChoice = (choice: Tool.ToolChoice): unknown =>
  typeof choice === "object"
    ? { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.name] } }
    : { functionCallingConfig: { mode: choice === "required" ? "ANY" : choice === "none" ? "NONE" : "AUTO" } }

/** The `generationConfig` of a request. */
const generationConfig = (
  request: CallRequest.ProviderRequest
): Result.Result<Record<string, unknown>, CallRequest.Unsupported> => {
  const config: Record<string, unknown> = {}
  if (request.maxTokens !== undefined) config["maxOutputTokens"] = request.maxTokens
  if (request.temperature !== undefined) config["temperature"] = request.temperature
  if (request.topP !== undefined) config["topP"] = request.topP
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    config["stopSequences"] = request.stopSequences
  }
  if (request.seed !== undefined) config["seed"] = request.seed
  if (request.reasoning !== undefined) {
    const thinking = GoogleModels.thinkingConfig(request.model, request.reasoning)
    if (Result.isFailure(thinking)) return CallRequest.unsupported(`reasoning: ${thinking.failure}`)
    if (Object.keys(thinking.success).length > 0) config["thinkingConfig"] = thinking.success
  }
  return Result.succeed(config)
}

/** The fields of the controls Gemini has no place for, refused with what to do instead. */
const checkControls = (request: CallRequest.ProviderRequest): Result.Result<void, CallRequest.Unsupported> => {
  if (request.user !== undefined) return CallRequest.unsupported("user: Gemini takes no end-user id; leave it out")
  if (request.parallelToolCalls === false) {
    return CallRequest.unsupported(
      "parallelToolCalls: Gemini cannot be asked for one call at a time; leave it out, or run the calls in turn"
    )
  }
  if (request.serviceTier !== undefined && request.serviceTier !== "auto" && !serviceTiers[request.serviceTier]) {
    return CallRequest.unsupported(`serviceTier: Gemini has no "${request.serviceTier}" tier`)
  }
  return Result.void
}

type Part = Readonly<Record<string, unknown>>

/**
 * A model turn's parts with the first function call signed, as Gemini 3 requires (the first call of each
 * step carries the signature; parallel calls after it none): a turn whose calls carry no signature (written by
 * another provider, or by hand) gets Google's placeholder on its first call; a turn Gemini sent is left as it
 * came.
 */
const signedCalls = (parts: ReadonlyArray<unknown>): ReadonlyArray<unknown> => {
  const calls = (parts as ReadonlyArray<Part>).filter((part) => part["functionCall"] !== undefined)
  if (calls.length === 0 || calls.some((part) => part["thoughtSignature"] !== undefined)) return parts
  return parts.map((part) => (part === calls[0] ? { ...(part as Part), thoughtSignature: unknownSignature } : part))
}

/**
 * A model turn's parts without the empty text parts that carry no signature: Gemini streams one to end a
 * response, and Vertex AI refuses a request with one ("Unable to submit request because it has an empty text
 * parameter"); an empty text part with a `thoughtSignature` is kept, where it came (Google's "Thought
 * signatures" guide: a signature goes back in the part it came in).
 */
const sendable = (parts: ReadonlyArray<unknown>): ReadonlyArray<unknown> =>
  (parts as ReadonlyArray<Part>).filter((part) => part["text"] !== "" || part["thoughtSignature"] !== undefined)

/**
 * The request's `tools`: its functions, one tool of them all, then each of Google's own (`providerTools`:
 * `{ googleSearch: {} }`, `@google/genai`'s `Tool`), one more.
 */
const toolsOf = (request: CallRequest.ProviderRequest): ReadonlyArray<unknown> => {
  const functions = CallRequest.ownTools(request)
  const declared = functions.length === 0 ? [] : [{
    functionDeclarations: functions.map((tool) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      parametersJsonSchema: tool.jsonSchema
    }))
  }]
  return [...declared, ...(request.providerTools ?? [])]
}

/**
 * The JSON body of a streaming `generateContent` request, or the first part or control Gemini cannot take.
 */
export const encodeRequest = (
  request: CallRequest.ProviderRequest,
  host: GoogleDecoder.Host = "google"
): Result.Result<Record<string, unknown>, CallRequest.Unsupported> => {
  const controls = checkControls(request)
  if (Result.isFailure(controls)) return Result.fail(controls.failure)
  const config = generationConfig(request)
  if (Result.isFailure(config)) return Result.fail(config.failure)
  const signed = GoogleModels.familyOf(request.model)?.signedCalls === true
  const parts = GoogleParts.encoder(host)
  const conversation = Turns.fromMessages<unknown>(Conversation.sendable(request.messages, rules, "google"), "google", {
    text: (text) => ({ text }),
    part: parts.part,
    // Gemini has no cache breakpoints: its implicit caching finds the shared prefix itself.
    mark: MessageParts.unmarked,
    toolCall: (call, input) => {
      const id = GoogleBlocks.realId(call.id)
      return { functionCall: { name: call.name, args: input, ...(id === undefined ? {} : { id }) } }
    },
    toolResult: (message, at) => parts.toolResult(message, at, GoogleBlocks.realId(message.toolCallId)),
    rules
  })
  if (Result.isFailure(conversation)) return Result.fail(conversation.failure)
  const { system: systemMessages, turns } = conversation.success
  const sources = [...Turns.requestSystem(request.system), ...systemMessages]
  const contents: Array<{ readonly role: "user" | "model"; readonly parts: ReadonlyArray<unknown> }> = []
  for (const turn of turns) {
    const last = contents[contents.length - 1]
    if (turn.role === "user") {
      // The user turns around a model turn left out are one turn, as turns of one role always are.
      if (last?.role === "user") {
        contents[contents.length - 1] = { role: "user", parts: [...last.parts, ...turn.content] }
      } else contents.push({ role: "user", parts: turn.content })
      continue
    }
    const parts = sendable(turn.content)
    // A turn with nothing to send (an empty answer) is left out: Gemini refuses a turn without parts.
    if (parts.length > 0) contents.push({ role: "model", parts: signed ? signedCalls(parts) : parts })
  }
  const body: Record<string, unknown> = { contents }
  if (sources.length > 0) {
    body["systemInstruction"] = {
      parts: sources.map((source) => ({ text: MessageParts.textOf(source.parts) }))
    }
  }
  const tools = toolsOf(request)
  if (tools.length > 0) body["tools"] = tools
  if (request.toolChoice !== undefined) body["toolConfig"] = encodeToolChoice(request.toolChoice)
  if (Object.keys(config.success).length > 0) body["generationConfig"] = config.success
  const tier = request.serviceTier === undefined ? undefined : serviceTiers[request.serviceTier]
  if (tier !== undefined) body["serviceTier"] = tier
  CallRequest.mergeBody(body, request.extraBody)
  return Result.succeed(body)
}
