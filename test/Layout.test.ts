/**
 * The module graph of src/ (every import, type-only included) and the floors it is built in: no cycle;
 * leaves import nothing of the project; the decoding core (`internal/`) imports of the public modules only
 * the leaves; the generic layer never imports what is built on it; a provider folder reaches no other
 * provider's folder; framing knows no provider; generic code never compares a provider's name (it asks the
 * provider table); file names are unique and files stay short.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Message from "../src/Message.js"
import * as Provider from "../src/Provider.js"

const src = Path.join(import.meta.dirname, "..", "src")

const files = (dir: string): Array<string> =>
  Fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(Path.join(dir, entry.name))
      : entry.name.endsWith(".ts")
      ? [Path.relative(src, Path.join(dir, entry.name))]
      : []
  )

/** The provider folders under `internal/` (`chat/` is the Chat Completions core OpenAI, Groq and Azure share). */
const providerFolders = ["chat", "openai", "groq", "azure", "anthropic", "bedrock", "responses", "google"]
/** The provider faces: each provider's public module. */
const faces = new Set([
  "OpenAI.ts",
  "OpenAIResponses.ts",
  "Anthropic.ts",
  "Groq.ts",
  "Azure.ts",
  "Bedrock.ts",
  "Google.ts"
])
/** Whether `file` (a path under src/) is in a provider folder. */
const inProviderFolder = (file: string): boolean =>
  providerFolders.includes(/^internal\/([a-z]+)\//.exec(file)?.[1] ?? "")

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
    const leaves = [
      "Provider.ts",
      "Usage.ts",
      "FinishReason.ts",
      "ProviderError.ts",
      "Message.ts",
      "Tool.ts",
      "Output.ts"
    ]
    const allowed = new Set([...leaves, "schema/ModelJsonSchema.ts", "schema/JsonDepth.ts"])
    for (const leaf of leaves) {
      for (const target of reach(leaf)) assert.isTrue(allowed.has(target), `${leaf} reaches ${target}`)
    }
  })

  it("the decoding path never reaches pricing or telemetry, and framing knows no provider", () => {
    const above = ["Cost.ts", "PriceTable.ts", "Telemetry.ts", "CallResponse.ts", "LanguageModel.ts"]
    for (const file of graph.keys()) {
      if (!/^internal\/(framing|http)\//.test(file) && !inProviderFolder(file)) continue
      for (const target of reach(file)) assert.notInclude(above, target, `${file} reaches ${target}`)
    }
    for (const file of graph.keys()) {
      if (!file.startsWith("internal/framing/")) continue
      for (const target of reach(file)) {
        assert.isFalse(inProviderFolder(target) || faces.has(target), `${file} reaches ${target}`)
      }
    }
  })

  it("is built in floors, imports pointing down only", () => {
    const leaves = new Set([
      "Usage.ts",
      "FinishReason.ts",
      "Provider.ts",
      "ProviderError.ts",
      "Message.ts",
      "Tool.ts",
      "Output.ts",
      "CostMetadata.ts"
    ])
    const generic = new Set([
      "CallStream.ts",
      "CallEnding.ts",
      "CallObject.ts",
      "CallResponse.ts",
      "CallResponseChunk.ts",
      "Cost.ts",
      "PriceTable.ts"
    ])
    // data/ (the price data) and schema/ (JSON Schema as models read it) are what leaves are built on. The tool
    // loop (loop/) and the durable loop (durable/, its workflow and engines) are built on the generic layer, and
    // the service whose accessors run them (LanguageModel.ts) on them.
    const floorOf = (file: string): number =>
      leaves.has(file) || file.startsWith("data/") || file.startsWith("schema/")
        ? 0
        : file.startsWith("internal/")
        ? 1
        : generic.has(file)
        ? 2
        : file.startsWith("loop/") || file.startsWith("durable/")
        ? 2.5
        : file === "LanguageModel.ts"
        ? 2.75
        : 3
    const upward: Array<string> = []
    for (const [file, imports] of graph) {
      for (const target of imports) {
        if (floorOf(target) > floorOf(file)) upward.push(`${file} → ${target}`)
      }
    }
    assert.deepStrictEqual(upward, [])
    // What is built on the generic layer lives in folders of its own, never in internal/.
    const above = [...graph.keys()].filter((file) => floorOf(file) >= 2.5 && file.includes("/"))
    for (const file of above) {
      assert.match(
        file,
        /^(agui|ai|bin|durable|endpoint|loop|mcp|signing|spend|store|testkit|ui|wiring)\//,
        `${file} is in a folder of the floor above`
      )
    }
  })

  it("keeps provider knowledge in its provider's folder", () => {
    // OpenAI, Groq and Azure share the OpenAI-compatible core in chat/, and so does OpenAI's Responses API
    // (its error bodies, hosts and authentication: it is OpenAI's). Azure OpenAI serves OpenAI's model
    // families, and Bedrock serves Claude's: their tables are OpenAI's and Anthropic's.
    const shared: Record<string, ReadonlyArray<string>> = {
      openai: ["chat"],
      groq: ["chat"],
      azure: ["chat", "openai"],
      bedrock: ["anthropic"],
      responses: ["chat", "openai"]
    }
    for (const [file, imports] of graph) {
      const folder = /^internal\/([a-z]+)\//.exec(file)?.[1]
      if (folder === undefined || !providerFolders.includes(folder)) continue
      for (const target of imports) {
        const other = /^internal\/([a-z]+)\//.exec(target)?.[1]
        if (other === undefined || other === folder || !providerFolders.includes(other)) continue
        assert.include(shared[folder] ?? [], other, `${file} reaches into internal/${other}/`)
      }
    }
  })

  it("keeps provider knowledge out of generic code: only provider folders, the provider table and the faces name a provider", () => {
    // Every provider, and every format of the blocks a turn is sent back in.
    const names = [...new Set([...Provider.providers, ...Message.ProviderContent.fields.provider.literals])]
    const name = `"(?:${names.join("|")})"`
    const rules: ReadonlyArray<readonly [string, RegExp]> = [
      ["compares against a provider's name", new RegExp(`[!=]==?\\s*${name}|${name}\\s*[!=]==?`)],
      ["switches on a provider's name", new RegExp(`\\bcase\\s+${name}`)],
      [
        "tests a list of provider names",
        new RegExp(`\\[\\s*${name}[^\\]]*\\]\\s*\\)?\\s*\\.\\s*(?:includes|indexOf|has)\\(`)
      ],
      ["keys a table by a provider's name", new RegExp(`^\\s*(?:${name.slice(1, -1)}|${name})\\s*:`, "m")]
    ]
    /** Code without its comments (JSDoc examples and explanations may name providers), line by line. */
    const code = (text: string): string =>
      text.replace(/^\s*\/\*[\s\S]*?\*\//gm, (comment) => comment.replace(/[^\n]/g, "")).replace(/^\s*\/\/.*$/gm, "")
    const violations = (text: string): Array<string> =>
      code(text).split("\n").flatMap((line, index) =>
        rules.filter(([, rule]) => rule.test(line)).map(([what]) => `line ${index + 1} ${what}: ${line.trim()}`)
      )
    // The scan finds each kind of switch, and nothing in comments or type members.
    for (
      const sample of [
        `if (provider === "azure") {}`,
        `return "bedrock" !== provider`,
        `case "anthropic":`,
        `["openai", "groq"].includes(provider)`,
        `new Set(["openai-responses"]).has(format)`,
        `  groq: 1,`
      ]
    ) assert.isNotEmpty(violations(sample), sample)
    assert.isEmpty(
      violations(`/** if (provider === "azure") */\n// case "bedrock":\ninterface A {\n  readonly openai: string\n}`)
    )
    // Telemetry names each provider as OpenTelemetry's GenAI conventions do (`Telemetry.providerNames`).
    const exempt = (file: string): boolean =>
      faces.has(file) || file === "internal/providers/ProviderTable.ts" || file.startsWith("data/") ||
      file === "Telemetry.ts" || inProviderFolder(file)
    const found = [...graph.keys()].filter((file) => !exempt(file)).flatMap((file) =>
      violations(Fs.readFileSync(Path.join(src, file), "utf8")).map((violation) => `${file} ${violation}`)
    )
    assert.deepStrictEqual(found, [])
    // Nor does it reach into a provider's folder: it asks the table. Besides the faces and the table, only
    // the test kit's face (Bedrock's event frame, by name) does.
    const reachers = new Set([...faces, "internal/providers/ProviderTable.ts", "TestKit.ts"])
    for (const [file, imports] of graph) {
      if (exempt(file) || reachers.has(file)) continue
      for (const target of imports) {
        assert.isFalse(inProviderFolder(target), `${file} imports ${target}`)
      }
    }
  })

  it("names every file uniquely, and no hand-written file is over 400 lines", () => {
    const byName = new Map<string, Array<string>>()
    for (const file of graph.keys()) {
      const name = Path.basename(file)
      byName.set(name, [...(byName.get(name) ?? []), file])
    }
    const shared = [...byName.values()].filter((paths) => paths.length > 1)
    assert.deepStrictEqual(shared, [])
    for (const file of graph.keys()) {
      if (file.startsWith("data/")) continue
      const lines = Fs.readFileSync(Path.join(src, file), "utf8").split("\n").length
      assert.isAtMost(lines, 401, `${file} has ${lines} lines`)
    }
  })
})
