/**
 * The documentation stays true: every TypeScript sample in the README, docs/ and the JSDoc examples
 * type-checks against src/, the generated API reference matches the JSDoc, and no example names a Claude model
 * that Anthropic is retiring (the official SDK's own list, which it warns of on every call) or a model its provider
 * has retired.
 */
import { assert, describe, it } from "@effect/vitest"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Module from "node:module"
import * as Path from "node:path"
import * as TestPaths from "../support/TestPaths.js"

const root = TestPaths.root

/**
 * The Claude models the installed `@anthropic-ai/sdk` warns are deprecated, with the day each reaches its end of life:
 * its `DEPRECATED_MODELS` (internal/data/deprecated-models.js since 1.14, resources/messages/messages.js before), which
 * it checks every request's model against. Anthropic's page "Model deprecations" lists the same with their
 * replacements.
 */
const deprecatedClaudeModels = (): ReadonlyMap<string, string> => {
  const sdk = Path.dirname(Module.createRequire(import.meta.url).resolve("@anthropic-ai/sdk"))
  // Since 1.14 in a data module of its own; before, in the messages resource.
  const file = [
    Path.join(sdk, "internal", "data", "deprecated-models.js"),
    Path.join(sdk, "resources", "messages", "messages.js")
  ]
    .find((path) => Fs.existsSync(path))
  const source = file === undefined ? "" : Fs.readFileSync(file, "utf8")
  const table = /DEPRECATED_MODELS = \{([^}]*)\}/.exec(source)?.[1] ?? ""
  return new Map([...table.matchAll(/'([^']+)':\s*'([^']+)'/g)].map((match) => [match[1]!, match[2]!]))
}

/**
 * Models their provider has retired or set a shutdown date for, which no SDK lists (the SDKs keep every name in their
 * unions), with where they are called (a provider's constructor on the same line: a table of families, or Azure's
 * `baseModel`, whose deployments keep their own dates, is not a call), the day, and the source:
 *
 * - Groq's deprecations page (console.groq.com/docs/deprecations; its notices quoted in karthink/gptel#1478,
 *   MNeMoNiCuZ/ComfyUI-mnemic-nodes#39, and mapped in langchain-ai/langchain#38363): Llama 3.3 70B and 3.1 8B on
 *   August 16th, 2026 (a request for Llama 3.3 answered `404 model_not_found` two days later:
 *   ITSpecialist/ai_automation_suggester#187), Llama 4 Scout on July 17th, 2026;
 * - OpenAI's deprecations page (developers.openai.com/api/docs/deprecations): `gpt-5` and `gpt-5-mini` shut down on
 *   December 11th, 2026, `o4-mini` was retired on October 23rd, 2026;
 * - Anthropic's model deprecations page (platform.claude.com/docs/en/about-claude/model-deprecations; the notice of
 *   April 14th, 2026 quoted in dev.to/flarecanary's "Claude Opus 4 and Sonnet 4 retire June 15" and totalum.app's
 *   "Claude 4 deprecation" post): `claude-sonnet-4-20250514` and `claude-opus-4-20250514`, with their aliases
 *   `claude-sonnet-4-0` and `claude-opus-4-0`, retired on June 15th, 2026. The SDK's `DEPRECATED_MODELS` (above)
 *   lists a model only until it is retired.
 */
const retiredModels: ReadonlyMap<string, { readonly calledBy: RegExp; readonly retired: string }> = new Map([
  ["llama-3.3-70b-versatile", { calledBy: /\bGroq\./, retired: "Groq, 2026-08-16: use openai/gpt-oss-120b" }],
  ["llama-3.1-8b-instant", { calledBy: /\bGroq\./, retired: "Groq, 2026-08-16: use openai/gpt-oss-20b" }],
  ["meta-llama/llama-4-scout-17b-16e-instruct", { calledBy: /\bGroq\./, retired: "Groq, 2026-07-17" }],
  ["gpt-5", { calledBy: /\bOpenAI(Responses)?\./, retired: "OpenAI, 2026-12-11" }],
  ["gpt-5-2025-08-07", { calledBy: /\bOpenAI(Responses)?\./, retired: "OpenAI, 2026-12-11" }],
  ["gpt-5-mini", { calledBy: /\bOpenAI(Responses)?\./, retired: "OpenAI, 2026-12-11" }],
  ["gpt-5-mini-2025-08-07", { calledBy: /\bOpenAI(Responses)?\./, retired: "OpenAI, 2026-12-11" }],
  ["o4-mini", { calledBy: /\bOpenAI(Responses)?\./, retired: "OpenAI, 2026-10-23" }],
  // OpenAI's deprecations page: shut down on 2027-01-14, replaced by gpt-6-luna (mini) and gpt-6.1-sol.
  ["gpt-4o", { calledBy: /\bOpenAI(Responses)?\./, retired: "OpenAI, 2027-01-14: use gpt-6.1-sol" }],
  ["gpt-4o-mini", { calledBy: /\bOpenAI(Responses)?\./, retired: "OpenAI, 2027-01-14: use gpt-6-luna" }],
  ["gpt-4.1", { calledBy: /\bOpenAI(Responses)?\./, retired: "OpenAI, 2027-01-14: use gpt-6.1-sol" }],
  ["gpt-4.1-mini", { calledBy: /\bOpenAI(Responses)?\./, retired: "OpenAI, 2027-01-14: use gpt-6-luna" }],
  ["claude-sonnet-4-0", { calledBy: /\bAnthropic\./, retired: "Anthropic, 2026-06-15: use claude-sonnet-4-6" }],
  ["claude-sonnet-4-20250514", { calledBy: /\bAnthropic\./, retired: "Anthropic, 2026-06-15: use claude-sonnet-4-6" }],
  ["claude-opus-4-0", { calledBy: /\bAnthropic\./, retired: "Anthropic, 2026-06-15: use claude-opus-4-8" }],
  ["claude-opus-4-20250514", { calledBy: /\bAnthropic\./, retired: "Anthropic, 2026-06-15: use claude-opus-4-8" }]
])

/** The files a user copies a model name from: the README, docs/ (the API reference included), examples/. */
const exampleFiles = (): ReadonlyArray<string> => [
  "README.md",
  ...Fs.readdirSync(Path.join(root, "docs"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".md"))
    .map((file) => Path.join("docs", file)),
  ...Fs.readdirSync(Path.join(root, "examples"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => Path.join("examples", file))
]
const script = (name: string, ...args: Array<string>) =>
  ChildProcess.spawnSync(process.execPath, ["--import", "tsx", Path.join(root, "scripts", name), ...args], {
    cwd: root,
    encoding: "utf8"
  })

describe("documentation", () => {
  it("every code sample type-checks", () => {
    const result = script("check-doc-samples.ts")
    assert.strictEqual(result.status, 0, result.stdout + result.stderr)
    assert.match(result.stdout, /\d+ samples type-check/)
  }, 120_000)

  it("the package's version is the newest `@since` of its declarations, and the CHANGELOG has its section", () => {
    const version: string = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8")).version
    const key = (v: string) => v.split(".").map((part) => part.padStart(4, "0")).join(".")
    const sinces = new Set<string>()
    for (const file of Fs.readdirSync(Path.join(root, "src"), { recursive: true, encoding: "utf8" })) {
      if (!file.endsWith(".ts")) continue
      for (const match of Fs.readFileSync(Path.join(root, "src", file), "utf8").matchAll(/@since (\d+\.\d+\.\d+)/g)) {
        sinces.add(match[1]!)
      }
    }
    const newest = [...sinces].sort((a, b) => key(a) < key(b) ? -1 : 1).at(-1)
    assert.strictEqual(version, newest)
    const changelog = Fs.readFileSync(Path.join(root, "CHANGELOG.md"), "utf8")
    assert.include(changelog.split("\n"), `## ${version}`)
  })

  it("docs/architecture.md names only files and folders that exist", () => {
    const text = Fs.readFileSync(Path.join(root, "docs", "architecture.md"), "utf8")
    const named = [...text.matchAll(/`((?:src|test|scripts|docs|bench)\/[^`<>*\s]+)`/g)].map((match) => match[1]!)
    assert.isAbove(named.length, 40)
    const missing = named.filter((path) => !Fs.existsSync(Path.join(root, path)))
    assert.deepStrictEqual(missing, [])
  })

  it("no example names a Claude model the official SDK warns is deprecated (@anthropic-ai/sdk's DEPRECATED_MODELS)", () => {
    const deprecated = deprecatedClaudeModels()
    // The SDK's list read as it is written: an empty one would be a list this test no longer finds.
    assert.isAbove(
      deprecated.size,
      0,
      "no DEPRECATED_MODELS in @anthropic-ai/sdk (internal/data/deprecated-models.js, resources/messages/messages.js): find where this SDK keeps its list"
    )
    const named = exampleFiles().flatMap((file) =>
      [...Fs.readFileSync(Path.join(root, file), "utf8").matchAll(/["'`](claude-[\w.-]+)["'`]/g)]
        .filter((match) => deprecated.has(match[1]!))
        .map((match) => `${file}: ${match[1]} (end of life ${deprecated.get(match[1]!)})`)
    )
    assert.deepStrictEqual(named, [])
  })

  it("no example calls a model its provider has retired or is shutting down (Groq's, OpenAI's and Anthropic's deprecations pages)", () => {
    const named = exampleFiles().flatMap((file) =>
      Fs.readFileSync(Path.join(root, file), "utf8").split("\n").flatMap((line, index) =>
        // A replay names the model its recording was made with (examples/demo.ts): it calls no provider.
        line.includes("replayOver(") ? [] : [...line.matchAll(/["'`]([\w./:-]+)["'`]/g)].flatMap((match) => {
          const retired = retiredModels.get(match[1]!)
          return retired !== undefined && retired.calledBy.test(line)
            ? [`${file}:${index + 1}: ${match[1]} (${retired.retired})`]
            : []
        })
      )
    )
    assert.deepStrictEqual(named, [])
  })

  it("every option of ChatEndpoint.layer is described on its reference page, where the README sends", () => {
    // Issue 89 #5: the page said "see `ChatOptions.Options`", a module with no page of its own.
    const source = Fs.readFileSync(Path.join(root, "src", "app", "endpoint", "ChatOptions.ts"), "utf8")
    const fields = [.../export interface Options<[\s\S]*?\n\}/.exec(source)![0].matchAll(/readonly (\w+)\?:/g)]
      .map((match) => match[1]!)
    assert.isAtLeast(fields.length, 15)
    const page = Fs.readFileSync(Path.join(root, "docs", "api", "ChatEndpoint.md"), "utf8")
    const options = page.slice(page.indexOf("### Options"), page.indexOf("\n### ", page.indexOf("### Options") + 1))
    assert.deepStrictEqual(fields.filter((field) => !options.includes(`\`${field}\``)), [])
    assert.include(Fs.readFileSync(Path.join(root, "README.md"), "utf8"), "](docs/api/ChatEndpoint.md#options)")
  })

  it("the API reference in docs/api is generated from the current JSDoc", () => {
    const result = script("api-docs.ts", "--check")
    assert.strictEqual(result.status, 0, result.stdout + result.stderr)
  }, 60_000)
})
