/**
 * Model-name completion from the price table: each face's `KnownModel` is the union of the bundled table's
 * names for its provider (src/data/models.ts, generated from src/data/prices.ts), and `model(name)` takes
 * `KnownModel | (string & {})`: an editor completes the table's names, a typo is not a known model, and any other
 * name is still taken (a model newer than the table). The type-level checks run with `npm run check` (tsc).
 */
import { assert, describe, it } from "@effect/vitest"
import { Anthropic, Azure, Bedrock, Google, Groq, OpenAI, OpenAIResponses } from "effect-llm-stream"
import * as Fs from "node:fs"
import { modelsFile, modelsModule, tableEntries } from "../../scripts/prices/models.js"
import * as TestPaths from "../support/TestPaths.js"

const root = TestPaths.root

describe("KnownModel", () => {
  it("src/data/models.ts is what the bundled price table gives", () => {
    const module = modelsModule(tableEntries(root))
    assert.strictEqual(Fs.readFileSync(modelsFile(root), "utf8"), module)
    assert.include(module, `| "gpt-4o-mini"`)
    assert.include(module, `| "claude-haiku-4-5"`)
  })

  it("completes the table's names and narrows nothing: any string is still a model name", () => {
    const known: OpenAI.KnownModel = "gpt-4o-mini"
    // @ts-expect-error a typo is not a known model
    const typo: OpenAI.KnownModel = "gpt-4o-mni"
    const newer: string = "a-model-the-table-has-not-heard-of"
    const models = [
      OpenAI.model(known),
      OpenAI.model(newer),
      OpenAIResponses.model("gpt-4o"),
      Anthropic.model("claude-haiku-4-5" satisfies Anthropic.KnownModel),
      Groq.model("llama-3.3-70b-versatile" satisfies Groq.KnownModel),
      Bedrock.model("amazon.nova-micro-v1:0" satisfies Bedrock.KnownModel),
      Google.model("gemini-2.5-flash" satisfies Google.KnownModel),
      Google.vertexModel(newer),
      Azure.model("my-deployment", { baseModel: "gpt-4o-mini" satisfies Azure.KnownModel }),
      Azure.model("my-deployment", { baseModel: newer })
    ]
    assert.lengthOf(models, 10)
    assert.strictEqual(typo, "gpt-4o-mni")
  })
})
