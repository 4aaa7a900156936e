// Type-checked (never run) against the packed package under strict consumer settings: what a user's
// TypeScript program touches, from the root entry, a module entry and the testing entry.
import { Console, Effect, Layer, Option, Schema, Stream } from "effect"
import {
  Anthropic,
  Bedrock,
  CallResponse,
  type CallResponseChunk,
  CallStream,
  Cost,
  FinishReason,
  LanguageModel,
  Message,
  OpenAI,
  PriceTable,
  ProviderError,
  Tool,
  Usage
} from "effect-llm-stream"
import * as Groq from "effect-llm-stream/Groq"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as FastCheck from "fast-check"

const Model: Layer.Layer<LanguageModel.LanguageModel, ProviderError.ConfigurationError> = OpenAI.model("gpt-4o-mini")
  .pipe(
    Layer.provide(OpenAI.layerConfig()),
    Layer.provide(FetchHttpClient.layer)
  )
const Ready: Layer.Layer<LanguageModel.LanguageModel, ProviderError.ConfigurationError> = OpenAI.layerModel(
  "gpt-4o-mini"
)
const Others = [
  Anthropic.model("claude-haiku-4-5", { maxTokens: 300 }).pipe(Layer.provide(Anthropic.layerConfig())),
  Groq.model("llama-3.3-70b-versatile").pipe(Layer.provide(Groq.layerConfig())),
  Bedrock.model("us.amazon.nova-micro-v1:0").pipe(Layer.provide(Bedrock.layerConfig()))
] as const

const getWeather = Tool.make("get_weather", {
  description: "Current weather in a city",
  parameters: Schema.Struct({ city: Schema.String })
})
const tools = [getWeather] as const

export const printText = LanguageModel.stream("Recommend a fantasy book").pipe(
  CallStream.text,
  Stream.runForEach((text) => Effect.sync(() => process.stdout.write(text)))
)

export const summary = Effect.gen(function*() {
  const response: CallResponse.CallResponse = yield* CallStream.accumulate(LanguageModel.stream("And another?"))
  const reasons: ReadonlyArray<FinishReason.FinishReason> = response.commonFinishReasons
  const usage: Usage.Usage = response.usage
  const cost: string = Option.match(response.cost, { onNone: () => "unknown", onSome: Cost.format })
  yield* Console.log(response.content, reasons, usage.inputTokens, cost)
  const next: ReadonlyArray<Message.Message> = [Message.user("And another?"), CallResponse.toMessage(response)]
  return next
}).pipe(
  Effect.catchTags({
    RateLimitError: (error: ProviderError.RateLimitError) => Effect.succeed(error.retryAfter),
    TruncatedStreamError: (error) => Effect.fail(error.message)
  })
)

export const weather = LanguageModel.stream({ messages: [Message.user("Weather in Paris?")], tools }).pipe(
  CallStream.toolCalls(tools),
  Stream.runForEach((call) => Console.log(call.id, call.name, call.input.city.toUpperCase()))
)

export const main = Effect.all([printText, summary, weather]).pipe(Effect.provide(Model))
export const ready = printText.pipe(Effect.provide(Ready))
export const layers = Others.map((layer) => layer.pipe(Layer.provide(FetchHttpClient.layer)))

export const contentOf = (chunk: CallResponseChunk.CallResponseChunk): string => chunk.content
export const audioOf = (chunk: OpenAI.OpenAICallResponseChunk): Uint8Array | undefined => chunk.audio
export const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
export const gpt4o = PriceTable.bundled.lookup("openai", "gpt-4o")

export const property = FastCheck.asyncProperty(TestKit.streamArbitrary("anthropic"), async (chunks) => {
  const response = await Effect.runPromise(
    CallStream.accumulate(LanguageModel.stream("Hi")).pipe(Effect.provide(TestKit.layer(chunks)))
  )
  return response.content === chunks.map((chunk) => chunk.content).join("")
})

export const served = Effect.gen(function*() {
  const server = yield* ReplayServer.make
  const baseUrl: string = server.serve({ body: "data: [DONE]\n\n", cuts: ReplayServer.randomCuts(14, 1, 4) })
  return server.requests(baseUrl).length
}).pipe(Effect.scoped)
