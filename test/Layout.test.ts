/**
 * The module graph of src/ (every import, type-only included): no cycle, leaves import nothing above
 * them, the decoding path never reaches pricing or telemetry, framing knows no provider.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Path from "node:path"

const src = Path.join(import.meta.dirname, "..", "src")

const files = (dir: string): Array<string> =>
  Fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(Path.join(dir, entry.name))
      : entry.name.endsWith(".ts")
      ? [Path.relative(src, Path.join(dir, entry.name))]
      : []
  )

/** Each module's relative imports (static, dynamic, re-exports, type-only), as paths under src/. */
const graph = new Map(
  files(src).map((file) => {
    const text = Fs.readFileSync(Path.join(src, file), "utf8")
    const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((match) =>
      Path.normalize(Path.join(Path.dirname(file), match[1]!.replace(/\.js$/, ".ts")))
    )
    return [file, [...new Set(imports)]] as const
  })
)

/** Every module `file` reaches through its imports. */
const reach = (file: string, seen = new Set<string>()): Set<string> => {
  for (const next of graph.get(file) ?? []) {
    if (!seen.has(next)) {
      seen.add(next)
      reach(next, seen)
    }
  }
  return seen
}

describe("the module graph of src/", () => {
  it("is read completely: every import names a module of src/", () => {
    assert.isAbove(graph.size, 50)
    for (const [file, imports] of graph) {
      for (const target of imports) assert.isTrue(graph.has(target), `${file} imports ${target}`)
    }
  })

  it("has no import cycle, type-only imports included", () => {
    const cycles: Array<string> = []
    const state = new Map<string, "visiting" | "done">()
    const visit = (file: string, path: Array<string>) => {
      if (state.get(file) === "done") return
      if (state.get(file) === "visiting") {
        cycles.push([...path.slice(path.indexOf(file)), file].join(" → "))
        return
      }
      state.set(file, "visiting")
      for (const next of graph.get(file) ?? []) visit(next, [...path, file])
      state.set(file, "done")
    }
    for (const file of graph.keys()) visit(file, [])
    assert.deepStrictEqual(cycles, [])
  })

  it("leaves import nothing above them", () => {
    const leaves = ["Provider.ts", "Usage.ts", "FinishReason.ts", "ProviderError.ts", "Message.ts", "Tool.ts"]
    const allowed = new Set([...leaves, "internal/ContentBlocks.ts", "internal/JsonSchema.ts"])
    for (const leaf of leaves) {
      for (const target of reach(leaf)) assert.isTrue(allowed.has(target), `${leaf} reaches ${target}`)
    }
  })

  it("the decoding path never reaches pricing or telemetry, and framing knows no provider", () => {
    const above = ["Cost.ts", "PriceTable.ts", "Telemetry.ts", "CallResponse.ts", "LanguageModel.ts"]
    for (const file of graph.keys()) {
      if (!/^internal\/(framing|http|chat|openai|groq|azure|anthropic|bedrock|responses)\//.test(file)) continue
      for (const target of reach(file)) assert.notInclude(above, target, `${file} reaches ${target}`)
    }
    for (const file of graph.keys()) {
      if (!file.startsWith("internal/framing/")) continue
      for (const target of reach(file)) {
        assert.notMatch(
          target,
          /^(internal\/(chat|openai|groq|azure|anthropic|bedrock|responses)\/|(OpenAI|OpenAIResponses|Anthropic|Groq|Azure|Bedrock)\.ts$)/,
          `${file} reaches ${target}`
        )
      }
    }
  })
})
