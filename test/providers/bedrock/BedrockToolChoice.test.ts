/**
 * Bedrock's Converse has no tool choice "none" (`@aws-sdk/client-bedrock-runtime` `ToolChoice`: `auto`,
 * `any`, `tool`), and a model sent tools may call them. So `toolChoice: "none"` sends no `toolConfig` at
 * all; a conversation that holds tool calls or results cannot go without one ("The toolConfig field must
 * be defined when using toolUse and toolResult content blocks"), so such a request fails before anything is
 * sent, saying why. Over real HTTP, through this library's `LanguageModel` and through `effect/ai`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema } from "effect"
import { Bedrock, CallStream, LanguageModel, Message, ProviderError, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { AiError, LanguageModel as AiModel, Prompt, Tool as AiTool, Toolkit } from "effect/ai"
import { clients } from "../../../support/Clients.js"
import * as Recordings from "../../support/AiRecordings.js"

const weather = Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) })

const model = (baseUrl: string) =>
  Bedrock.model("us.amazon.nova-micro-v1:0").pipe(
    Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: Redacted.make("bedrock-api-key-0123456789"), baseUrl })),
    Layer.provide(clients[0]![1])
  )

const toolTurns = [
  Message.user("Weather in Paris?"),
  Message.assistant("", {
    toolCalls: [{ id: "tooluse_1", name: "get_weather", arguments: "{\"city\":\"Paris\"}" } as any]
  }),
  Message.toolResult({ toolCallId: "tooluse_1", name: "get_weather", content: "18 C" })
]

describe("Bedrock toolChoice none", () => {
  it.effect("sends no toolConfig at all, so the model cannot call the tools", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("bedrock", "converse-text"))
      const response = yield* CallStream.accumulate(
        LanguageModel.stream({ messages: [Message.user("Hi")], tools: [weather], toolChoice: "none" })
      ).pipe(Effect.provide(model(baseUrl)))
      assert.isAbove(response.content.length, 0)
      const sent = JSON.parse(server.requests(baseUrl)[0]!.body)
      assert.isUndefined(sent.toolConfig)
      assert.deepStrictEqual(sent.messages, [{ role: "user", content: [{ text: "Hi" }] }])
    }))

  it.effect("with tool calls in the conversation, fails before sending, saying why", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("bedrock", "converse-text"))
      const error = yield* Effect.flip(
        CallStream.accumulate(LanguageModel.stream({ messages: toolTurns, tools: [weather], toolChoice: "none" })).pipe(
          Effect.provide(model(baseUrl))
        )
      )
      assert.instanceOf(error, ProviderError.InvalidRequestError)
      assert.include(error.message, "toolChoice \"none\"")
      assert.include(error.message, "toolConfig")
      assert.strictEqual(server.requests(baseUrl).length, 0)
      // The same conversation with the tools allowed is sent, with them.
      yield* CallStream.accumulate(LanguageModel.stream({ messages: toolTurns, tools: [weather], toolChoice: "auto" }))
        .pipe(Effect.provide(model(baseUrl)))
      assert.deepStrictEqual(JSON.parse(server.requests(baseUrl)[0]!.body).toolConfig.toolChoice, { auto: {} })
    }))

  it.effect("through effect/ai: none sends no tools; after tool calls it is an InvalidRequestError", () =>
    Effect.gen(function*() {
      const GetWeather = AiTool.make("get_weather", {
        parameters: Schema.Struct({ city: Schema.String }),
        success: Schema.String
      })
      const Kit = Toolkit.make(GetWeather)
      const KitLive = Kit.toLayer({ get_weather: () => Effect.succeed("18 C") })
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("bedrock", "converse-text"))
      yield* AiModel.generateText({ prompt: "Hi", toolkit: Kit, toolChoice: "none" }).pipe(
        Effect.provide(Recordings.aiModel("bedrock", baseUrl, clients[1]![1])),
        Effect.provide(KitLive)
      )
      assert.isUndefined(JSON.parse(server.requests(baseUrl)[0]!.body).toolConfig)
      const prompt = Prompt.make([
        { role: "user", content: "Weather in Paris?" },
        {
          role: "assistant",
          content: [{ type: "tool-call", id: "tooluse_1", name: "get_weather", params: { city: "Paris" } }]
        },
        {
          role: "tool",
          content: [{
            type: "tool-result",
            id: "tooluse_1",
            name: "get_weather",
            isFailure: false,
            result: "18 C"
          }]
        }
      ])
      const error = yield* Effect.flip(
        AiModel.generateText({ prompt, toolkit: Kit, toolChoice: "none" }).pipe(
          Effect.provide(Recordings.aiModel("bedrock", baseUrl, clients[1]![1])),
          Effect.provide(KitLive)
        )
      )
      assert.instanceOf(error, AiError.AiError)
      assert.strictEqual(error.reason._tag, "InvalidRequestError")
      assert.include(error.message, "toolChoice \"none\"")
      assert.strictEqual(server.requests(baseUrl).length, 1)
    }))
})
