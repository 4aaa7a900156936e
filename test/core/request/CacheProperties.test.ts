/**
 * Any list of messages with any breakpoints, through each provider's public client: the request is sent
 * within the provider's rules, with every breakpoint it asked for, or it fails with an
 * `InvalidRequestError` and nothing is sent. The rules are written here again, from the providers'
 * documentation (Anthropic's prompt caching guide: at most 4 breakpoints counting the automatic one, TTLs
 * never growing from tools to system to messages, none on an empty text block; Bedrock's user guide: at most
 * 4 checkpoints, the one-hour TTL on Claude 4.5 and later, tools not cached on Nova, none right after a
 * document; OpenAI's: a `prompt_cache_breakpoint` per breakpoint on GPT-5.6, none on older models), and
 * read back from the body that was sent, independently of the encoders.
 */
import { assert, describe } from "@effect/vitest"
import { Effect, Exit, Layer, Redacted, Schema, Stream } from "effect"
import type { LanguageModel as LM } from "effect-llm-stream"
import { Anthropic, Bedrock, LanguageModel, Message, OpenAI, ProviderError, Tool } from "effect-llm-stream"
import * as HttpClient from "effect/http/HttpClient"
import * as FastCheck from "fast-check"
import * as M from "../../support/Multimodal.js"
import { effectProp } from "../../support/Property.js"

type Ttl = Message.CacheTtl

/** What a provider's model takes (undefined: breakpoints left out). */
interface Rules {
  readonly max: number | undefined
  readonly ttls: ReadonlyArray<Ttl>
  readonly tools: boolean
  readonly ordered: boolean
  /** Whether `cache` is a breakpoint (OpenAI's is a setting: the implicit breakpoint it keeps). */
  readonly automatic: boolean
  /** Whether the automatic breakpoint is skipped when the conversation already ends with one (Bedrock). */
  readonly autoMerges: boolean
  /** A content part a breakpoint may not follow. */
  readonly notAfter: (part: Message.Part) => boolean
  /** Whether a breakpoint inside a tool result (not at its end) is refused. */
  readonly toolResultEndOnly: boolean
  /**
   * Whether the API refuses empty text ("text content blocks must be non-empty": Anthropic's and Bedrock's Claude): one
   * beside other parts is left out, unless a breakpoint follows it; a user message of nothing else is refused.
   */
  readonly refusesEmptyText: boolean
}

interface Target {
  readonly name: string
  readonly layer: (client: Layer.Layer<HttpClient.HttpClient>) => Layer.Layer<LM.LanguageModel>
  readonly rules: Rules | undefined
  /** The TTLs of the breakpoints a sent body holds, in the body's order. */
  readonly read: (body: any) => ReadonlyArray<Ttl>
}

const key = Redacted.make("k")
const emptyText = (part: Message.Part) => part._tag === "TextPart" && part.text === ""
const isDocument = (part: Message.Part) => part._tag === "FilePart"

/** Every `cache_control` of an Anthropic body, in prompt order: tools, system, messages, then the top level. */
const anthropicMarks = (body: any): ReadonlyArray<Ttl> => {
  const ttls: Array<Ttl> = []
  const visit = (value: any) => {
    if (Array.isArray(value)) return value.forEach(visit)
    if (typeof value !== "object" || value === null) return
    if (value.cache_control !== undefined) ttls.push(value.cache_control.ttl ?? "5m")
    for (const [name, inner] of Object.entries(value)) if (name !== "cache_control") visit(inner)
  }
  visit(body.tools)
  visit(body.system)
  visit(body.messages)
  if (body.cache_control !== undefined) ttls.push(body.cache_control.ttl ?? "5m")
  return ttls
}

/** Every `cachePoint` block of a Converse body, in prompt order, checking none follows a document or another. */
const bedrockMarks = (body: any): ReadonlyArray<Ttl> => {
  const ttls: Array<Ttl> = []
  for (const blocks of [body.toolConfig?.tools ?? [], body.system ?? [], ...body.messages.map((m: any) => m.content)]) {
    blocks.forEach((block: any, index: number) => {
      if (block.cachePoint === undefined) return
      assert.isDefined(blocks[index - 1], "a cache point with nothing before it")
      assert.isUndefined(blocks[index - 1].document, "a cache point right after a document")
      assert.isUndefined(blocks[index - 1].cachePoint, "two cache points in a row")
      ttls.push(block.cachePoint.ttl ?? "5m")
    })
  }
  return ttls
}

const openaiMarks = (body: any): ReadonlyArray<Ttl> =>
  (JSON.stringify(body).match(/"prompt_cache_breakpoint"/g) ?? []).map(() => "5m" as const)

const anthropicRules: Rules = {
  max: 4,
  ttls: ["5m", "1h"],
  tools: true,
  ordered: true,
  automatic: true,
  autoMerges: false,
  notAfter: emptyText,
  toolResultEndOnly: false,
  refusesEmptyText: true
}
const bedrockRules = (ttls: ReadonlyArray<Ttl>, tools: boolean): Rules => ({
  max: 4,
  ttls,
  tools,
  ordered: true,
  automatic: true,
  autoMerges: true,
  notAfter: isDocument,
  toolResultEndOnly: true,
  refusesEmptyText: true
})

const bedrock = (model: string) => (client: Layer.Layer<HttpClient.HttpClient>) =>
  Bedrock.model(model).pipe(Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key })), Layer.provide(client))

const targets: ReadonlyArray<Target> = [
  {
    name: "anthropic claude-sonnet-4-5",
    layer: (client) =>
      Anthropic.model("claude-sonnet-4-5").pipe(Layer.provide(Anthropic.layer({ apiKey: key })), Layer.provide(client)),
    rules: anthropicRules,
    read: anthropicMarks
  },
  {
    name: "bedrock claude-sonnet-4-5",
    layer: bedrock("us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
    rules: bedrockRules(["5m", "1h"], true),
    read: bedrockMarks
  },
  {
    name: "bedrock claude-3-7-sonnet",
    layer: bedrock("us.anthropic.claude-3-7-sonnet-20250219-v1:0"),
    rules: bedrockRules(["5m"], true),
    read: bedrockMarks
  },
  {
    name: "bedrock nova-pro",
    layer: bedrock("us.amazon.nova-pro-v1:0"),
    rules: bedrockRules(["5m"], false),
    read: bedrockMarks
  },
  {
    name: "openai gpt-5.6-sol",
    layer: (client) =>
      OpenAI.model("gpt-5.6-sol").pipe(Layer.provide(OpenAI.layer({ apiKey: key })), Layer.provide(client)),
    rules: {
      ...anthropicRules,
      max: undefined,
      tools: false,
      ordered: false,
      automatic: false,
      notAfter: () => false,
      refusesEmptyText: false
    },
    read: openaiMarks
  },
  {
    name: "openai gpt-4o",
    layer: (client) => OpenAI.model("gpt-4o").pipe(Layer.provide(OpenAI.layer({ apiKey: key })), Layer.provide(client)),
    rules: undefined,
    read: openaiMarks
  }
]

// ---------------------------------------------------------------------------------------------------
// Requests with breakpoints anywhere

const ttl = FastCheck.constantFrom<Ttl | undefined>(undefined, "5m", "1h")
const point = ttl.map((ttl) => Message.cachePoint({ ttl }))
const content = FastCheck.oneof(
  { weight: 4, arbitrary: FastCheck.constantFrom("Alpha", "beta gamma").map(Message.text) },
  { weight: 1, arbitrary: FastCheck.constant(Message.text("")) },
  { weight: 1, arbitrary: FastCheck.constant(Message.image(M.png)) },
  { weight: 1, arbitrary: FastCheck.constant(Message.file(M.pdf, { mediaType: "application/pdf" })) }
)
const parts = FastCheck.array(FastCheck.oneof({ weight: 3, arbitrary: content }, { weight: 1, arbitrary: point }), {
  minLength: 1,
  maxLength: 5
})
const systemParts = FastCheck.array(
  FastCheck.oneof(FastCheck.constant(Message.text("Rules")), point),
  { minLength: 1, maxLength: 3 }
)
const lookup = Tool.make("lookup", { parameters: Schema.Struct({}) })

/** A user turn, or a tool call answered by a result of parts (a pair, so that every result answers a call). */
const turn = FastCheck.oneof(
  { weight: 3, arbitrary: parts.map((parts) => [Message.user(parts)]) },
  { weight: 1, arbitrary: systemParts.map((parts) => [Message.system(parts)]) },
  {
    weight: 1,
    arbitrary: FastCheck.tuple(FastCheck.nat(1000), parts).map(([n, parts]) => [
      Message.assistant("", { toolCalls: [new Tool.ToolCall({ id: `c${n}`, name: "lookup", arguments: "{}" })] }),
      Message.toolResult({
        toolCallId: `c${n}`,
        name: "lookup",
        content: parts.filter((part) => part._tag !== "FilePart" && part._tag !== "ImagePart")
      })
    ])
  }
)

const request: FastCheck.Arbitrary<LM.Request> = FastCheck.record({
  system: FastCheck.option(systemParts, { nil: undefined }),
  turns: FastCheck.array(turn, { minLength: 1, maxLength: 4 }),
  tools: FastCheck.boolean(),
  cacheTools: FastCheck.option(ttl.map((ttl) => ({ ttl })), { nil: undefined }),
  cache: FastCheck.option(FastCheck.oneof(FastCheck.constant("auto" as const), ttl.map((ttl) => ({ ttl }))), {
    nil: undefined
  })
}).map(({ cache, cacheTools, system, tools, turns }) => ({
  messages: turns.flat().filter((message) => message._tag !== "ToolResultMessage" || message.parts!.length > 0),
  ...(system === undefined ? {} : { system }),
  ...(tools ? { tools: [lookup] } : {}),
  ...(cacheTools === undefined ? {} : { cacheTools }),
  ...(cache === undefined ? {} : { cache })
}))

// ---------------------------------------------------------------------------------------------------
// The rules, read from the request

/**
 * Whether Bedrock's automatic checkpoint is not placed: it goes after the last block of the last turn (the
 * last run of user or of assistant messages, system messages apart) that is not a document, and is not
 * placed where that block is a checkpoint already (or where there is none).
 */
const bedrockAutomaticMerges = (request: LM.Request): boolean => {
  const blocks: Array<string> = []
  const turns = request.messages.filter((message) => message._tag !== "SystemMessage")
  const roleOf = (message: Message.Message) => message._tag === "AssistantMessage" ? "assistant" : "user"
  const lastRole = turns.length === 0 ? undefined : roleOf(turns[turns.length - 1]!)
  for (const message of turns) {
    // Only the trailing run of turns in the last role is the turn the checkpoint goes in.
    if (roleOf(message) !== lastRole) {
      blocks.length = 0
      continue
    }
    if (message._tag === "UserMessage" && message.parts) {
      // An empty text no breakpoint follows is not sent (Converse refuses it): no block.
      const parts = message.parts
      blocks.push(...parts.filter((part, index) => !leftOut(parts, index)).map((part) => part._tag))
    } else if (
      message._tag === "ToolResultMessage" && message.parts?.[message.parts.length - 1]?._tag === "CachePointPart"
    ) {
      blocks.push("ToolResult", "CachePointPart")
    } else blocks.push(message._tag)
  }
  const last = blocks.filter((block) => block !== "FilePart").pop()
  return last === undefined || last === "CachePointPart"
}

/** Whether a user message's empty text is left out where the API refuses empty text: no breakpoint follows it. */
const leftOut = (parts: ReadonlyArray<Message.Part>, index: number): boolean =>
  emptyText(parts[index]!) && parts[index + 1]?._tag !== "CachePointPart"

/** Whether a user message's parts are empty texts left out but for breakpoints. */
const nothingIn = (parts: ReadonlyArray<Message.Part>): boolean =>
  parts.some(emptyText) && parts.every((part, index) => part._tag === "CachePointPart" || leftOut(parts, index))

/** The breakpoints a request asks for on a target (in prompt order), or the rule it breaks. */
const expected = (request: LM.Request, rules: Rules | undefined): ReadonlyArray<Ttl> | "refused" => {
  if (rules?.refusesEmptyText === true) {
    const users = request.messages.filter((message) => message._tag === "UserMessage")
    if (users.some((message) => message.parts !== undefined && nothingIn(message.parts))) return "refused"
  }
  const lists: Array<{ readonly parts: ReadonlyArray<Message.Part>; readonly toolResult: boolean }> = []
  if (request.system !== undefined && typeof request.system !== "string") {
    lists.push({ parts: request.system, toolResult: false })
  }
  for (const message of request.messages) {
    if (message._tag === "SystemMessage" && message.parts) lists.push({ parts: message.parts, toolResult: false })
  }
  for (const message of request.messages) {
    if (message._tag === "UserMessage" && message.parts) lists.push({ parts: message.parts, toolResult: false })
    if (message._tag === "ToolResultMessage" && message.parts) lists.push({ parts: message.parts, toolResult: true })
  }
  const ttls: Array<Ttl> = []
  if (rules?.tools === true && request.cacheTools !== undefined && request.tools !== undefined) {
    ttls.push(request.cacheTools.ttl ?? "5m")
  }
  for (const { parts, toolResult } of lists) {
    for (const [index, part] of parts.entries()) {
      if (part._tag !== "CachePointPart") continue
      const before = parts[index - 1]
      if (before === undefined || before._tag === "CachePointPart") return "refused"
      if (rules === undefined) continue
      if (rules.notAfter(before) || (rules.toolResultEndOnly && toolResult && index < parts.length - 1)) {
        return "refused"
      }
      ttls.push(part.ttl ?? "5m")
    }
  }
  if (rules === undefined) return []
  if (request.cache !== undefined && rules.automatic && !(rules.autoMerges && bedrockAutomaticMerges(request))) {
    ttls.push(request.cache === "auto" ? "5m" : request.cache.ttl ?? "5m")
  }
  if (rules.max !== undefined && ttls.length > rules.max) return "refused"
  if (ttls.some((ttl) => !rules.ttls.includes(ttl))) return "refused"
  if (rules.ordered && ttls.some((ttl, index) => ttl === "1h" && ttls.slice(0, index).includes("5m"))) return "refused"
  return ttls
}

describe("any messages with any breakpoints", () => {
  effectProp(
    "are sent within each provider's rules with every breakpoint, or refused with an InvalidRequestError before sending",
    [request],
    ([request]) =>
      Effect.gen(function*() {
        for (const target of targets) {
          let sent: unknown = undefined
          const client = Layer.succeed(
            HttpClient.HttpClient,
            HttpClient.make((httpRequest) => {
              const body = httpRequest.body
              sent = body._tag === "Uint8Array" ? JSON.parse(new TextDecoder().decode(body.body)) : "unreadable"
              return Effect.die("captured")
            })
          )
          const exit = yield* LanguageModel.stream(request).pipe(
            Stream.runDrain,
            Effect.provide(target.layer(client)),
            Effect.exit
          )
          const want = expected(request, target.rules)
          if (want === "refused") {
            assert.isTrue(Exit.isFailure(exit) && Exit.findErrorOption(exit)._tag === "Some", target.name)
            const error = Exit.isFailure(exit) ? Exit.findErrorOption(exit) : undefined
            assert.instanceOf(
              error?._tag === "Some" ? error.value : undefined,
              ProviderError.InvalidRequestError,
              target.name
            )
            assert.isUndefined(sent, `${target.name} sent a request it should have refused`)
          } else {
            assert.isDefined(sent, `${target.name} refused: ${JSON.stringify(Exit.isFailure(exit) ? exit.cause : "")}`)
            const read = target.read(sent)
            // OpenAI's breakpoints carry no TTL of their own (the request's applies): they are counted.
            if (target.read === openaiMarks) assert.strictEqual(read.length, want.length, target.name)
            else assert.deepStrictEqual([...read].sort(), [...want].sort(), target.name)
            if (target.rules?.ordered === true) {
              assert.deepStrictEqual(target.read(sent), want, `${target.name}: breakpoints out of order`)
            }
          }
        }
      }),
    { fastCheck: { numRuns: 150 } }
  )
})
