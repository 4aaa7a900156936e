/**
 * The one list of the usage counts the views read (`Usage.views`): each view shows exactly the counts its column
 * names, under those names, and nothing else. Before it, the fields were listed by hand in each view (issue 86: a
 * new field silently missed the UI, AG-UI and `effect/ai` views); now a new field of `Usage` is a row the compiler
 * asks for, and this test reads each view against the row.
 */
import { assert, describe, it } from "@effect/vitest"
import { Usage } from "effect-llm-stream"
import * as AgUiUsage from "../../src/app/agui/AgUiUsage.js"
import * as AiFinish from "../../src/app/ai/AiFinish.js"
import * as UIMetadata from "../../src/app/ui/UIMetadata.js"

/** A usage with every field reported, each a value of its own. */
const every = Usage.make(
  Object.fromEntries(Object.keys(Usage.counts).map((field, index) => [field, 100 + index * 7]))
)

/** What the table says a view shows: its name for each count, with the count's value. */
const expected = (view: keyof Usage.ViewNames): Record<string, number> =>
  Object.fromEntries(Usage.shownIn(view).map(([count, name]) => [name, Usage.countOf(every, count)!]))

describe("the usage counts each view shows", () => {
  it("the UI message stream's metadata: the table's ui column", () => {
    assert.deepStrictEqual({ ...UIMetadata.usageMetadata(every) } as Record<string, unknown>, expected("ui"))
  })

  it("AG-UI's RUN_FINISHED usage: the table's agui column", () => {
    const response = { provider: "openai", model: "gpt-4o", usage: every } as any
    const [entry] = AgUiUsage.usageOf([response])!
    const { model: _, provider: __, ...counts } = entry!
    assert.deepStrictEqual(counts, expected("agui"))
  })

  it("effect/ai's usage: the table's ai column, beside the parts it computes", () => {
    const shown = AiFinish.usage(every, { reasoning: false, audio: false }) as any
    for (const [path, value] of Object.entries(expected("ai"))) {
      const [part, name] = path.split(".")
      assert.strictEqual(shown[part!][name!], value, path)
    }
    assert.strictEqual(shown.inputTokens.uncached, every.inputTokens! - every.cachedTokens! - every.cacheWriteTokens!)
  })

  it("every count has a row, and a view's names are its own (no two counts under one name)", () => {
    assert.deepStrictEqual(Object.keys(Usage.views).sort(), [...Object.keys(Usage.Usage.fields), "totalTokens"].sort())
    for (const view of ["ui", "agui", "ai", "telemetry"] as const) {
      const names = Usage.shownIn(view).map(([, name]) => name)
      assert.strictEqual(new Set(names).size, names.length, view)
    }
  })

  it("another model's usage (byModel): a list in the UI metadata, an entry of its own in AG-UI's", () => {
    const usage = Usage.make({
      inputTokens: 4727,
      outputTokens: 3391,
      byModel: [{ model: "claude-opus-4-8", inputTokens: 2728, outputTokens: 3880 }]
    })
    assert.deepStrictEqual(UIMetadata.usageMetadata(usage), {
      inputTokens: 4727,
      outputTokens: 3391,
      totalTokens: 8118,
      byModel: [{ model: "claude-opus-4-8", inputTokens: 2728, outputTokens: 3880, totalTokens: 6608 }]
    })
    const response = { provider: "anthropic", model: "claude-sonnet-4-6", usage } as any
    assert.deepStrictEqual(AgUiUsage.usageOf([response, response]), [
      { provider: "anthropic", model: "claude-sonnet-4-6", inputTokens: 9454, outputTokens: 6782, totalTokens: 16236 },
      { provider: "anthropic", model: "claude-opus-4-8", inputTokens: 5456, outputTokens: 7760, totalTokens: 13216 }
    ])
    // Two steps' usage: each model once, its counts added.
    assert.deepStrictEqual(Usage.add(usage, usage).byModel, [
      { model: "claude-opus-4-8", inputTokens: 5456, outputTokens: 7760 }
    ])
  })
})
