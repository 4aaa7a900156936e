/**
 * A chat request from `useChat` → this library's `Message` list.
 *
 * - A system message is its text. A user message is its text (one text part) or its parts: text, and files
 *   as `Message.image` (an `image/*` media type) or `Message.file`, from a `data:` URL or a URL.
 * - An assistant message is one `Message.assistant` per step (its parts between `step-start`s): the step's
 *   text, and its tool calls that have an outcome, each followed by its result (`Message.toolResult`, the
 *   output as JSON text; an error or a denial as an error result). Reasoning, sources, data parts, the
 *   provider's own tool calls and calls still waiting for their input, an approval or an output are read
 *   and not sent to the model.
 * - A body that is not that shape, or a part of a type not known, is an `InvalidRequestError` naming the
 *   field (`messages[1].parts[0].type`), with status 400; so is a body too big, too deep or with too many
 *   parts to read (see `toMessages`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import * as Message from "../Message.js"
import * as ProviderError from "../ProviderError.js"
import * as JsonDepth from "../schema/JsonDepth.js"
import * as Tool from "../Tool.js"
import * as UIRequestSchema from "./UIRequestSchema.js"

/** A decoded chat request. */
export interface ChatRequest {
  /** The chat's id (`useChat`'s `id`). */
  readonly id: string | undefined
  /** Why the client sent it: a new message, or a regeneration of the last answer. */
  readonly trigger: "submit-message" | "regenerate-message" | undefined
  /** The message to regenerate, with `regenerate-message`. */
  readonly messageId: string | undefined
  /** The conversation, for `LanguageModel.stream({ messages })`. */
  readonly messages: ReadonlyArray<Message.Message>
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

const fieldOf = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (field, key) =>
      typeof key === "number" ? `${field}[${key}]` : field === "" ? String(key) : `${field}.${String(key)}`,
    ""
  )

const invalid = (field: string, detail: string) =>
  new ProviderError.InvalidRequestError({
    provider: "ui-message-stream",
    message: `invalid chat request: ${field === "" ? "the body" : field}: ${detail}`,
    ...(field === "" ? {} : { parameter: field }),
    status: 400
  })

const tooDeep = () => invalid("", JsonDepth.tooDeep)

/** Decodes `input` with `schema`, a failure naming the field under `at`. */
const decode = <A>(schema: Schema.Decoder<A>, input: unknown, at: ReadonlyArray<PropertyKey>) => {
  const result = Schema.decodeUnknownResult(schema)(input)
  if (result._tag === "Success") return Effect.succeed(result.success)
  const issue = formatter(result.failure.issue).issues[0]
  const path = (issue?.path ?? []).map((key) => typeof key === "object" ? key.key : key)
  return Effect.fail(invalid(fieldOf([...at, ...path]), issue?.message ?? result.failure.message))
}

type DecodedMessage = {
  readonly role: "system" | "user" | "assistant"
  readonly parts: ReadonlyArray<{ readonly type: string; readonly [key: string]: unknown }>
}

/** A file part as a message part: an image or a document. */
const filePart = (part: typeof UIRequestSchema.FilePart.Type): Message.Part =>
  part.mediaType.startsWith("image/")
    ? Message.image(part.url, { mediaType: part.mediaType })
    : Message.file(part.url, {
      mediaType: part.mediaType,
      ...(part.filename === undefined ? {} : { filename: part.filename })
    })

const textOf = (parts: DecodedMessage["parts"]): string =>
  parts.flatMap((part) => part.type === "text" ? [part["text"] as string] : []).join("")

const isToolPart = (part: DecodedMessage["parts"][number]): part is UIRequestSchema.ToolPart & typeof part =>
  part.type === "dynamic-tool" || part.type.startsWith("tool-")

/** The assistant turns and tool results of one step of an assistant message. */
const stepMessages = (parts: DecodedMessage["parts"]): Array<Message.Message> => {
  const calls = parts.filter(isToolPart).filter((part) =>
    part.providerExecuted !== true &&
    (part.state === "output-available" || part.state === "output-error" || part.state === "output-denied")
  )
  const text = textOf(parts)
  if (text === "" && calls.length === 0) return []
  const nameOf = (part: UIRequestSchema.ToolPart) => part.toolName ?? part.type.slice("tool-".length)
  const toolCalls = calls.map((part) =>
    new Tool.ToolCall({ id: part.toolCallId, name: nameOf(part), arguments: JSON.stringify(part.input ?? {}) })
  )
  return [
    Message.assistant(text, { toolCalls }),
    ...calls.map((part) =>
      Message.toolResult({
        toolCallId: part.toolCallId,
        name: nameOf(part),
        ...(part.state === "output-available"
          ? { content: JSON.stringify(part.output ?? null) }
          : part.state === "output-error"
          ? { content: part.errorText ?? "error", isError: true }
          : { content: "The user denied this tool call.", isError: true })
      })
    )
  ]
}

const toMessagesOf = (message: DecodedMessage): Array<Message.Message> => {
  switch (message.role) {
    case "system":
      return [Message.system(textOf(message.parts))]
    case "user": {
      const parts = message.parts.flatMap((part): Array<Message.Part> =>
        part.type === "text"
          ? [Message.text(part["text"] as string)]
          : part.type === "file"
          ? [filePart(part as typeof UIRequestSchema.FilePart.Type)]
          : []
      )
      const only = parts.length === 1 ? parts[0]! : undefined
      return [Message.user(only?._tag === "TextPart" ? only.text : parts)]
    }
    case "assistant": {
      const steps: Array<Array<DecodedMessage["parts"][number]>> = [[]]
      for (const part of message.parts) {
        if (part.type === "step-start") steps.push([])
        else steps[steps.length - 1]!.push(part)
      }
      return steps.flatMap(stepMessages)
    }
  }
}

/** The longest request text read (a chat with images as `data:` URLs stays far under it). */
export const maxBodyLength = 64 * 1024 * 1024

/** The most parts a request's messages may have in all. */
export const maxParts = 100_000

/** How many parts the messages of a request not decoded yet have (0 when it is not that shape). */
const partCount = (json: unknown): number => {
  const messages = (json as { readonly messages?: unknown } | null)?.messages
  if (!Array.isArray(messages)) return 0
  let count = 0
  for (const message of messages) {
    const parts = (message as { readonly parts?: unknown } | null)?.parts
    count += Array.isArray(parts) ? parts.length : 0
  }
  return count
}

/**
 * Decodes a chat request (its JSON, parsed or as text) into the conversation. A hostile body is refused
 * before any work that grows with it: text over `maxBodyLength`, JSON nested deeper than `JsonDepth.maxDepth`,
 * more than `maxParts` parts.
 */
export const toMessages = (body: unknown): Effect.Effect<ChatRequest, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    let json = body
    if (typeof body === "string") {
      if (body.length > maxBodyLength) {
        return yield* Effect.fail(
          invalid("", `${body.length} characters, over the limit of ${maxBodyLength}`)
        )
      }
      if (JsonDepth.nestsTooDeep(body)) return yield* Effect.fail(tooDeep())
      try {
        json = JSON.parse(body)
      } catch {
        return yield* Effect.fail(invalid("", "not JSON"))
      }
    } else if (JsonDepth.valueNestsTooDeep(body)) {
      return yield* Effect.fail(tooDeep())
    }
    const parts = partCount(json)
    if (parts > maxParts) {
      return yield* Effect.fail(invalid("messages", `${parts} parts in all, over the limit of ${maxParts}`))
    }
    const request = yield* decode(UIRequestSchema.ChatRequest, json, [])
    const raw = json as { readonly messages: ReadonlyArray<{ readonly parts: ReadonlyArray<unknown> }> }
    const messages: Array<DecodedMessage> = []
    for (const [index, message] of request.messages.entries()) {
      const parts: Array<DecodedMessage["parts"][number]> = []
      for (const [position, part] of message.parts.entries()) {
        const at = ["messages", index, "parts", position]
        const schema = UIRequestSchema.partSchema(part.type)
        if (schema === undefined) {
          return yield* Effect.fail(invalid(fieldOf([...at, "type"]), `unknown part type ${JSON.stringify(part.type)}`))
        }
        parts.push((yield* decode(schema, raw.messages[index]!.parts[position], at)) as DecodedMessage["parts"][number])
      }
      messages.push({ role: message.role, parts })
    }
    return {
      id: request.id,
      trigger: request.trigger,
      messageId: request.messageId,
      messages: messages.flatMap(toMessagesOf)
    }
  })
