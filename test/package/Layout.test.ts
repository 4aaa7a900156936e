/**
 * Checks the shape of `src/` that docs/architecture.md draws: the layers (`data/`, `core/`, `providers/`, `app/`,
 * `testkit/`, then the entry points) with every import pointing down, type-only imports included; folders that
 * import each other without a circle, at the top and one level down; provider knowledge kept in its provider's
 * folder; no module-level mutable state; unique file names; functions that fit a screen; tests that mirror `src/`.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Path from "node:path"
import ts from "typescript5"
import * as Message from "../../src/core/Message.js"
import * as Provider from "../../src/core/Provider.js"

const root = Path.join(import.meta.dirname, "..", "..")
const src = Path.join(root, "src")

/** Every `.ts` file under `dir`, as a path relative to `base`. */
const files = (dir: string, base = src): Array<string> =>
  Fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(Path.join(dir, entry.name), base)
      : entry.name.endsWith(".ts")
      ? [Path.relative(base, Path.join(dir, entry.name))]
      : []
  )

const text = (file: string): string => Fs.readFileSync(Path.join(src, file), "utf8")

/** Each module's relative imports (static, dynamic, re-exports, type-only), as paths under src/. */
const graph = new Map(
  files(src).map((file) => {
    const imports = [...text(file).matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((match) =>
      Path.normalize(Path.join(Path.dirname(file), match[1]!.replace(/\.js$/, ".ts")))
    )
    return [file, [...new Set(imports)]] as const
  })
)

/** The layers, lowest first: a module imports only from its own layer or the ones below. */
const layers = ["data", "core", "providers", "app", "testkit", "."]
const topOf = (file: string): string => file.includes("/") ? file.split("/")[0]! : "."
const layerOf = (file: string): number => layers.indexOf(topOf(file))

/** The folder of `file`, cut to `depth` folders (`core/fold/Accumulator.ts` → `core` at 1, `core/fold` at 2). */
const folderOf = (file: string, depth: number): string => {
  const dir = Path.dirname(file)
  return dir === "." ? "." : dir.split("/").slice(0, depth).join("/")
}

/** The cycles of a graph given by its edges, each as the path around it. */
const cyclesOf = (edges: ReadonlyMap<string, ReadonlySet<string>>): Array<string> => {
  const cycles: Array<string> = []
  const state = new Map<string, "visiting" | "done">()
  const visit = (node: string, path: Array<string>) => {
    if (state.get(node) === "done") return
    if (state.get(node) === "visiting") {
      cycles.push([...path.slice(path.indexOf(node)), node].join(" → "))
      return
    }
    state.set(node, "visiting")
    for (const next of edges.get(node) ?? []) visit(next, [...path, node])
    state.set(node, "done")
  }
  for (const node of edges.keys()) visit(node, [])
  return cycles
}

/** The provider folders, and the ones each builds on (the OpenAI-compatible core; OpenAI's APIs; Claude's). */
const providerFolders: Readonly<Record<string, ReadonlyArray<string>>> = {
  "openai-compatible": [],
  openai: ["openai-compatible"],
  groq: ["openai-compatible"],
  azure: ["openai-compatible", "openai", "openai-responses"],
  "openai-responses": ["openai-compatible", "openai"],
  anthropic: [],
  bedrock: ["anthropic"],
  google: []
}
/** The provider tables: where code above the providers learns what each provider implements, one per concern. */
const providerTables = ["providers/ProviderProfiles.ts", "providers/TurnFormats.ts", "providers/ProviderTestKits.ts"]
const providerOf = (file: string): string | undefined => /^providers\/([a-z-]+)\//.exec(file)?.[1]

describe("the tree of src/", () => {
  it("is read completely: every import names a module of src/", () => {
    assert.isAbove(graph.size, 100)
    for (const [file, imports] of graph) {
      for (const target of imports) assert.isTrue(graph.has(target), `${file} imports ${target}`)
    }
  })

  it("shows its layers at the top: the entry points and one folder per layer", () => {
    const entries = Fs.readdirSync(src).sort()
    assert.deepStrictEqual(entries, ["app", "core", "data", "index.ts", "providers", "testing.ts", "testkit"])
  })

  it("has no import cycle, type-only imports included", () => {
    assert.deepStrictEqual(cyclesOf(new Map([...graph].map(([file, imports]) => [file, new Set(imports)]))), [])
  })

  it("imports point down the layers only: data, core, providers, app, testkit, the entry points", () => {
    const upward = [...graph].flatMap(([file, imports]) =>
      imports.filter((target) => layerOf(target) > layerOf(file)).map((target) => `${file} → ${target}`)
    )
    assert.deepStrictEqual(upward, [])
  })

  it("has folders that import each other without a circle, at the top and one level down", () => {
    for (const depth of [1, 2]) {
      const edges = new Map<string, Set<string>>()
      for (const [file, imports] of graph) {
        for (const target of imports) {
          const [from, to] = [folderOf(file, depth), folderOf(target, depth)]
          if (from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to))
        }
      }
      assert.deepStrictEqual(cyclesOf(edges), [], `folders at depth ${depth}`)
    }
  })

  it("keeps each provider in its folder: one reaches another's only where it builds on it", () => {
    assert.sameMembers(
      Fs.readdirSync(Path.join(src, "providers"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) =>
        e.name
      ),
      Object.keys(providerFolders)
    )
    for (const [file, imports] of graph) {
      const folder = providerOf(file)
      for (const target of imports) {
        const other = providerOf(target)
        if (other === undefined) {
          // Only the provider tables, above the provider folders, and what is above the providers' layer ask them.
          if (providerTables.includes(target)) assert.notStrictEqual(topOf(file), "core", file)
          continue
        }
        if (folder === undefined) {
          // Above the providers, only the entry points, the provider tables, the test kit's face (Bedrock's frame) and
          // the chat command (the real model of a key that is set) reach into a provider's folder.
          if (topOf(file) === ".") continue
          assert.include(
            [...providerTables, "testkit/TestKit.ts", "testkit/ChatCommand.ts"],
            file,
            `${file} imports ${target}`
          )
        } else if (other !== folder) {
          assert.include(providerFolders[folder] ?? [], other, `${file} reaches into providers/${other}/`)
        }
      }
    }
  })

  it("keeps provider knowledge out of generic code: no comparing, switching on or keying by a provider's name", () => {
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
    /** Code without its comments (examples and explanations may name providers). */
    const code = (source: string): string =>
      source.replace(/^\s*\/\*[\s\S]*?\*\//gm, (comment) => comment.replace(/[^\n]/g, "")).replace(/^\s*\/\/.*$/gm, "")
    const violations = (source: string): Array<string> =>
      code(source).split("\n").flatMap((line, index) =>
        rules.filter(([, rule]) => rule.test(line)).map(([what]) => `line ${index + 1} ${what}: ${line.trim()}`)
      )
    for (
      const sample of [
        `if (provider === "azure") {}`,
        `case "anthropic":`,
        `["openai", "groq"].includes(p)`,
        `  groq: 1,`
      ]
    ) {
      assert.isNotEmpty(violations(sample), sample)
    }
    // The list of providers, and their names as OpenTelemetry's GenAI conventions spell them (`ProviderName`).
    const exempt = new Set(["core/Provider.ts", "core/telemetry/ProviderName.ts"])
    const generic = [...graph.keys()].filter((file) => /^(core|app)\//.test(file) && !exempt.has(file))
    const found = generic.flatMap((file) => violations(text(file)).map((violation) => `${file} ${violation}`))
    assert.deepStrictEqual(found, [])
  })

  it("decodes without pricing or telemetry, and frames bytes knowing no provider", () => {
    const decoding = [...graph.keys()].filter((file) =>
      /^core\/(framing|http|payload)\//.test(file) ||
      /^providers\/[a-z-]+\/\w+(Decoder|Events|Chunk|Schemas)\.ts$/.test(file)
    )
    assert.isAbove(decoding.length, 20)
    const reach = (file: string, seen = new Set<string>()): Set<string> => {
      for (const next of graph.get(file) ?? []) if (!seen.has(next)) reach(next, seen.add(next))
      return seen
    }
    for (const file of decoding) {
      for (const target of reach(file)) {
        assert.notMatch(target, /^core\/(call\/(Cost|PriceTable)|telemetry\/|model\/)/, `${file} reaches ${target}`)
      }
    }
  })

  it("holds no module-level mutable state", () => {
    const found: Array<string> = []
    for (const file of graph.keys()) {
      const sourceFile = ts.createSourceFile(file, text(file), ts.ScriptTarget.Latest, true)
      const shared: Array<string> = []
      for (const statement of sourceFile.statements) {
        if (!ts.isVariableStatement(statement)) continue
        const constant = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0
        for (const declaration of statement.declarationList.declarations) {
          const name = declaration.name.getText(sourceFile)
          if (!constant) found.push(`${file}: let ${name}`)
          if (!ts.isIdentifier(declaration.name)) continue
          const init = declaration.initializer?.getText(sourceFile) ?? ""
          // A collection or a record made at load: changing it later (itself or a part of it, at any depth) is
          // state shared by every caller.
          if (/^new (Map|Set|FinalizationRegistry|Array)\b/.test(init) || /^[[{]/.test(init)) shared.push(name)
        }
      }
      for (const name of shared) {
        const mutation = new RegExp(
          `(\\b${name}\\s*((\\[[^\\]]+\\]|\\.\\w+)*\\.(set|add|delete|clear|push|pop|shift|unshift|splice|register)\\(|(\\[[^\\]]+\\]|\\.\\w+)+\\s*(=[^=]|\\?\\?=|\\|\\|=))|\\bdelete ${name}\\b)`
        )
        if (mutation.test(text(file))) found.push(`${file}: ${name} is changed after the module loads`)
      }
    }
    assert.deepStrictEqual(found, [])
  })

  it("keeps few module-level caches, each keyed by object and saying what it caches", () => {
    // Issue 86: side tables become fields, arguments or Context services; what stays is a cache of immutable data
    // derived from the object that keys it, with a doc comment before it saying what it caches.
    const caches: Array<string> = []
    const unexplained: Array<string> = []
    for (const file of graph.keys()) {
      const sourceFile = ts.createSourceFile(file, text(file), ts.ScriptTarget.Latest, true)
      for (const statement of sourceFile.statements) {
        if (!ts.isVariableStatement(statement)) continue
        for (const declaration of statement.declarationList.declarations) {
          if (!/^new Weak(Map|Set)\b/.test(declaration.initializer?.getText(sourceFile) ?? "")) continue
          const name = `${file}: ${declaration.name.getText(sourceFile)}`
          caches.push(name)
          const comments = ts.getLeadingCommentRanges(sourceFile.text, statement.getFullStart()) ?? []
          const said = comments.map((range) => sourceFile.text.slice(range.pos, range.end)).join("\n")
          if (!/cache/i.test(said)) unexplained.push(name)
        }
      }
    }
    assert.deepStrictEqual(unexplained, [])
    // 13 in 0.5: the rest became fields (a chunk's requested output, a tokenizer's loaded encoding) or arguments (a
    // model layer's metric series).
    assert.isAtMost(caches.length, 3, caches.join("\n"))
  })

  it("names every file uniquely", () => {
    const byName = new Map<string, Array<string>>()
    for (const file of graph.keys()) byName.set(Path.basename(file), [...(byName.get(Path.basename(file)) ?? []), file])
    assert.deepStrictEqual([...byName.values()].filter((paths) => paths.length > 1), [])
  })

  it("has functions that fit a screen (60 lines)", () => {
    const long: Array<string> = []
    for (const file of graph.keys()) {
      if (file.startsWith("data/")) continue
      const sourceFile = ts.createSourceFile(file, text(file), ts.ScriptTarget.Latest, true)
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
          const first = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line
          const last = sourceFile.getLineAndCharacterOfPosition(node.end).line
          if (last - first + 1 > 60) long.push(`${file}:${first + 1} (${last - first + 1} lines)`)
        }
        ts.forEachChild(node, visit)
      }
      visit(sourceFile)
    }
    assert.deepStrictEqual(long, [])
  })

  it("has tests that mirror it: each test file in the folder of what it tests", () => {
    const test = Path.join(root, "test")
    const folders = new Set([...graph.keys()].map((file) => Path.dirname(file)))
    for (const file of files(test, test).filter((file) => file.endsWith(".test.ts"))) {
      const folder = Path.dirname(file)
      assert.isTrue(folders.has(folder) || folder === "package", `test/${file} is in no folder of src/`)
    }
  })
})
