/**
 * The `effect/ai` `LanguageModel` service over a `LanguageModel` of this library, imported as `AiLanguageModel`
 * first builds it (`AiImports`). The whole prompt is sent every time: no provider here keeps conversation state, so
 * `previousResponseId` and `incrementalPrompt` are ignored.
 *
 * @internal
 */
import * as AiModel from "effect/ai/LanguageModel"
import type * as Response from "effect/ai/Response"
import type * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as Tracer from "effect/Tracer"
import * as PriceTable from "../../core/call/PriceTable.js"
import type * as Provider from "../../core/Provider.js"
import * as CachedContext from "../../core/stream/CachedContext.js"
import type * as LanguageModel from "../LanguageModel.js"
import * as AiErrors from "./AiErrors.js"
import * as AiMessages from "./AiMessages.js"
import * as AiParts from "./AiParts.js"
import * as AiTools from "./AiTools.js"

/** `effect/ai`'s service key, for the layer. */
export const LanguageModelKey = AiModel.LanguageModel

/** The `effect/ai` service over `model`, each call's controls read from `config`. */
export const serve = (model: LanguageModel.Service, config: Context.Reference<LanguageModel.Controls>) => {
  const provider = model.provider
  const streamText = (method: string) => (options: AiModel.ProviderOptions) =>
    Stream.unwrap(Effect.gen(function*() {
      const prepared = prepare(options, provider, yield* Effect.service(config))
      if (Result.isFailure(prepared)) return yield* AiErrors.fromUnsupported(method)(prepared.failure)
      const priceTable = yield* PriceTable.current
      const requestedAt = DateTime.formatIso(yield* DateTime.now)
      return model.stream(prepared.success.request).pipe(
        Stream.mapError(AiErrors.fromProviderError(method)),
        AiParts.fromChunks({ priceTable, requestedAt, tools: prepared.success.tools, method }),
        // effect/ai runs a streamText hook outside its span: the call's own span is nested under it here.
        (parts) => CachedContext.provideService(parts, Tracer.ParentSpan, options.span)
      )
    }))
  return AiModel.make({
    streamText: streamText("streamText"),
    // A whole response is the folded stream: one decoding path for both.
    generateText: (options) => Effect.map(Stream.runCollect(streamText("generateText")(options)), toParts),
    codecTransformer: AiTools.codecTransformer
  })
}

/** The request of a call and how its tool calls come back, or the part of the prompt or options that cannot be sent. */
const prepare = (
  options: AiModel.ProviderOptions,
  provider: Provider.Name,
  controls: LanguageModel.Controls = {}
): Result.Result<{ readonly request: LanguageModel.Request; readonly tools: AiTools.Plan }, AiErrors.Unsupported> =>
  Result.flatMap(
    AiTools.plan(options, provider),
    (tools) =>
      Result.map(AiMessages.fromPrompt(options.prompt, tools.provided.wireNameOf), (messages) => ({
        request: {
          ...controls,
          messages,
          ...(tools.tools === undefined ? {} : { tools: tools.tools }),
          ...(tools.provided.providerTools.length === 0 ? {} : { providerTools: tools.provided.providerTools }),
          ...(tools.toolChoice === undefined ? {} : { toolChoice: tools.toolChoice }),
          ...(tools.output === undefined ? {} : { output: tools.output })
        },
        tools
      }))
  )

type Metadata = Readonly<Record<string, unknown>>

/** Merges metadata as `effect/ai`'s history does: provider by provider, the later entry's keys winning. */
const merge = (left: Metadata | undefined, right: Metadata | undefined): Metadata | undefined => {
  if (right === undefined) return left
  if (left === undefined) return right
  const merged: Record<string, unknown> = { ...left }
  for (const [provider, entry] of Object.entries(right)) {
    const previous = merged[provider]
    merged[provider] = typeof previous === "object" && previous !== null && typeof entry === "object" && entry !== null
      ? { ...previous, ...entry }
      : entry
  }
  return merged
}

interface Block {
  readonly type: "text" | "reasoning"
  readonly position: number
  text: string
  metadata: Metadata | undefined
}

const toPart = (block: Block): Response.TextPartEncoded | Response.ReasoningPartEncoded => {
  const part = { type: block.type, text: block.text } as Response.TextPartEncoded | Response.ReasoningPartEncoded
  return block.metadata === undefined || Object.keys(block.metadata).length === 0
    ? part
    : { ...part, metadata: block.metadata as Response.TextPartEncoded["metadata"] & {} }
}

/**
 * The parts of a whole response, from the stream parts of a call: each text and reasoning block one `text` /
 * `reasoning` part in the place its start had, with the metadata of its start, deltas and end merged (so a reasoning
 * signature is kept); `tool-params-*` parts dropped (the `tool-call` part carries the whole call); every other part
 * kept as it is.
 */
const toParts = (parts: ReadonlyArray<Response.StreamPartEncoded>): Array<Response.PartEncoded> => {
  const out: Array<Response.PartEncoded | Block> = []
  const open = new Map<string, Block>()
  for (const part of parts) {
    switch (part.type) {
      case "text-start":
      case "reasoning-start": {
        const type = part.type === "text-start" ? "text" : "reasoning"
        const block: Block = { type, position: out.length, text: "", metadata: part.metadata }
        open.set(`${type}:${part.id}`, block)
        out.push(block)
        break
      }
      case "text-delta":
      case "reasoning-delta":
      case "text-end":
      case "reasoning-end": {
        const key = `${part.type.startsWith("text") ? "text" : "reasoning"}:${part.id}`
        const block = open.get(key)
        if (block === undefined) break
        if ("delta" in part) block.text += part.delta
        block.metadata = merge(block.metadata, part.metadata)
        if (part.type.endsWith("-end")) open.delete(key)
        break
      }
      case "tool-params-start":
      case "tool-params-delta":
      case "tool-params-end":
      case "error":
        // The tool call carries the whole call; an error part is not a part of a whole response.
        break
      default:
        out.push(part)
    }
  }
  return out.map((entry) => "position" in entry ? toPart(entry) : entry)
}
