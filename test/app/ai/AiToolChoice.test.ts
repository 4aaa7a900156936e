/**
 * `effect/ai`'s `toolChoice: { tool }` naming a provider-defined tool (`Tool.providerDefined`): the request forces
 * it by the name its API knows it by (`web_search`, not the toolkit's `AnthropicWebSearch`), or, where the API forces
 * such a tool by its type rather than a name (the Responses API's hosted tools), fails before anything is sent,
 * saying so, instead of sending a choice of a function the request does not have.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { AiError, LanguageModel as AiModel, Tool as AiTool, Toolkit } from "effect/ai"
import { WebSearch as AnthropicWebSearch } from "../../support/AnthropicDefinedTools.js"
import { scriptedOnWire } from "../../support/EndpointApp.js"

/** `effect/ai`'s model over the scripted model of `provider` answering with text, and the bodies it was sent. */
const recorded = (provider: "anthropic" | "openai-responses") => {
  const bodies: Array<any> = []
  return {
    layer: AiLanguageModel.layer.pipe(Layer.provide(scriptedOnWire([{ text: "ok" }], provider, bodies))),
    bodies
  }
}

const GetWeather = AiTool.make("GetWeather", {
  parameters: Schema.Struct({ city: Schema.String }),
  success: Schema.String
})
const handlers = { GetWeather: ({ city }: { readonly city: string }) => Effect.succeed(city) }

// As `@effect/ai-openai` declares it.
const OpenAiWebSearch = AiTool.providerDefined({
  id: "openai.web_search",
  customName: "OpenAiWebSearch",
  providerName: "web_search",
  args: Schema.Struct({}),
  parameters: Schema.Struct({}),
  success: Schema.Unknown,
  failure: Schema.Unknown
})

describe("toolChoice naming a tool the provider runs", () => {
  it.effect("Anthropic: forced by its name on the wire, as the request declares it", () =>
    Effect.gen(function*() {
      const Search = Toolkit.make(AnthropicWebSearch(), GetWeather)
      const { bodies, layer } = recorded("anthropic")
      yield* AiModel.generateText({ prompt: "News?", toolkit: Search, toolChoice: { tool: "AnthropicWebSearch" } })
        .pipe(
          Effect.provide([layer, Search.toLayer(handlers)])
        )
      assert.deepStrictEqual(bodies[0].tool_choice, { type: "tool", name: "web_search" })
      assert.isTrue(bodies[0].tools.some((tool: any) => tool.name === "web_search"))
    }))

  it.effect("the Responses API: refused before anything is sent, naming the tool", () =>
    Effect.gen(function*() {
      const Search = Toolkit.make(OpenAiWebSearch({}), GetWeather)
      const { bodies, layer } = recorded("openai-responses")
      const error = yield* AiModel.generateText({
        prompt: "News?",
        toolkit: Search,
        toolChoice: { tool: "OpenAiWebSearch" }
      }).pipe(Effect.provide([layer, Search.toLayer(handlers)]), Effect.flip)
      assert.instanceOf(error, AiError.AiError)
      assert.instanceOf(error.reason, AiError.InvalidRequestError)
      const reason = error.reason as AiError.InvalidRequestError
      assert.strictEqual(reason.parameter, "toolChoice")
      assert.include(reason.description, "OpenAiWebSearch")
      assert.strictEqual(bodies.length, 0)
    }))

  it.effect("a tool of the program's is still forced by its own name", () =>
    Effect.gen(function*() {
      const Search = Toolkit.make(OpenAiWebSearch({}), GetWeather)
      const { bodies, layer } = recorded("openai-responses")
      yield* AiModel.generateText({ prompt: "Paris?", toolkit: Search, toolChoice: { tool: "GetWeather" } }).pipe(
        Effect.provide([layer, Search.toLayer(handlers)])
      )
      assert.deepStrictEqual(bodies[0].tool_choice, { type: "function", name: "GetWeather" })
    }))
})
