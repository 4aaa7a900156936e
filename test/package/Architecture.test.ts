/**
 * docs/architecture.md stays a page a change can be walked with: its glossary keeps at most 25 terms, each defined
 * once, and each recipe's list of files (`**Files (n):**`) is the n files its steps name, each in the tree. The
 * changes issue 86 walks stay within their targets: an Anthropic stop reason in at most 3 files, an
 * OpenAI-compatible host in none for a user and one row for a preset, a field of the finish metadata in at most 3,
 * both browser protocols reading its one table.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as TestPaths from "../support/TestPaths.js"

const root = TestPaths.root
const page = Fs.readFileSync(Path.join(root, "docs", "architecture.md"), "utf8")

/** The text of the page's `## ` section `title`, up to the next. */
const section = (title: string): string => {
  const start = page.indexOf(`\n## ${title}\n`)
  assert.notStrictEqual(start, -1, `docs/architecture.md has no section "${title}"`)
  const end = page.indexOf("\n## ", start + 1)
  return page.slice(start, end === -1 ? undefined : end)
}

/** The backticked paths of files (a folder and an extension) in `text`. */
const pathsIn = (text: string): ReadonlyArray<string> =>
  [...text.matchAll(/`([\w.<>-]+(?:\/[\w.<>-]+)+\.\w+)`/g)].map((match) => match[1]!)

interface Recipe {
  readonly title: string
  /** The files its steps name: the paths of each numbered step before its first `: `. */
  readonly steps: ReadonlyArray<string>
  /** Its `**Files (n):**` line: n, and the paths it lists; `undefined` without one. */
  readonly files: { readonly count: number; readonly paths: ReadonlyArray<string> } | undefined
  readonly text: string
}

const recipes: ReadonlyArray<Recipe> = section("Recipes").split("\n### ").slice(1).map((text) => {
  // A step is its numbered line and the indented lines that go on with it.
  const steps = [...text.matchAll(/^\d+\. (.*(?:\n {3}.*)*)/gm)].flatMap((match) => pathsIn(match[1]!.split(/:\s/)[0]!))
  const files = /\*\*Files \((\d+)\):\*\*([\s\S]*?)(?:\n\n|$)/.exec(text)
  return {
    title: text.slice(0, text.indexOf("\n")),
    steps,
    files: files === null ? undefined : { count: Number(files[1]), paths: pathsIn(files[2]!) },
    text
  }
})

const recipe = (title: string): Recipe => {
  const found = recipes.find((candidate) => candidate.title === title)
  assert.isDefined(found, `docs/architecture.md has no recipe "${title}"`)
  return found!
}

describe("docs/architecture.md", () => {
  it("keeps a glossary of at most 25 terms, each defined once", () => {
    const terms = [...section("Glossary").matchAll(/^- \*\*([^*]+)\*\*/gm)].map((match) => match[1]!.toLowerCase())
    assert.isAtLeast(terms.length, 10)
    assert.isAtMost(terms.length, 25)
    assert.deepStrictEqual(terms.filter((term, index) => terms.indexOf(term) !== index), [])
  })

  it("lists in each recipe the files its steps name, as many as it says, each in the tree", () => {
    assert.isAtLeast(recipes.length, 6)
    for (const { files, steps, text, title } of recipes) {
      if (files === undefined) {
        // A recipe that makes a folder of its own counts the places outside it instead.
        assert.match(text, /\d+ (places|files) outside the new folder/, title)
        continue
      }
      assert.strictEqual(files.paths.length, files.count, `${title}: ${files.paths.join(", ")}`)
      assert.sameMembers([...new Set(steps)], [...new Set(files.paths)], title)
      const missing = files.paths.filter((path) => !path.includes("<") && !Fs.existsSync(Path.join(root, path)))
      assert.deepStrictEqual(missing, [], title)
    }
  })

  it("walks the changes of issue 86 within their targets", () => {
    assert.strictEqual(recipe("Use an OpenAI-compatible host").files?.count, 0)
    assert.deepStrictEqual(recipe("Add a preset of an OpenAI-compatible host").files?.paths, [
      "src/providers/openai-compatible/CompatibleHosts.ts"
    ])
    const stopReason = recipe("Add an Anthropic stop reason").files!
    assert.isAtMost(stopReason.count, 3)
    assert.include(stopReason.paths, "src/providers/anthropic/AnthropicFinishReasons.ts")
    // Both browser protocols, the UI message stream's finish metadata and AG-UI's RUN_FINISHED, read one table.
    const metadata = recipe("Add a field to the finish metadata").files!
    assert.isAtMost(metadata.count, 3)
    assert.include(metadata.paths, "src/app/ui/UIMetadata.ts")
    const table = Fs.readFileSync(Path.join(root, "src/app/ui/UIMetadata.ts"), "utf8")
    assert.match(table, /^export const fields: \{ readonly \[K in keyof Metadata\]-\?/m)
    for (const reader of ["src/app/agui/AgUiUsage.ts", "src/app/ui/UIFromStream.ts", "src/app/ui/UIFromSteps.ts"]) {
      assert.include(Fs.readFileSync(Path.join(root, reader), "utf8"), "UIMetadata.metadataOf", reader)
    }
  })
})
