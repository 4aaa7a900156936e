/**
 * `npm run demo` without keys: every provider replays a real recording and prints the prompt that
 * recording answered (test/fixtures/demo/SOURCES.md), then the answer as recorded, then id, finish
 * reason, usage and cost. The prompts and the words that show an answer fits its prompt are written here,
 * apart from the demo; the answers are computed independently of the library (each fixture folder's
 * `*.expected.json`, `demo/anthropic.meta.json`).
 */
import { assert, describe, it } from "@effect/vitest"
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"
import * as Fixtures from "../../support/Fixtures.js"
import * as TestPaths from "../support/TestPaths.js"

const expected: ReadonlyArray<{
  readonly provider: string
  /** The prompt lines the demo prints. */
  readonly prompt: ReadonlyArray<string>
  /** The recorded answer. */
  readonly answer: string
  /** What shows that the answer answers the prompt. */
  readonly fits: RegExp
}> = [
  {
    provider: "openai",
    prompt: ["user:      What is 4200 + 42?"],
    answer: Fixtures.json("openai", "text.expected.json").choices["0"].content,
    fits: /\b4242\b/
  },
  {
    provider: "anthropic",
    prompt: [
      "system:    Be as concise as possible",
      "user:      Recommend a book",
      "assistant: I'd be happy to. What genre would you like?",
      "user:      Something about the fall of the Roman Empire"
    ],
    answer: Fixtures.json("demo", "anthropic.meta.json").text,
    fits: /recommend .*Roman Empire/
  },
  {
    provider: "groq",
    prompt: ["user:      Invent a new holiday and describe its traditions."],
    answer: Fixtures.json("groq", "text.expected.json").choices["0"].content,
    fits: /a new holiday[\s\S]*\*\*Traditions:\*\*/
  },
  {
    provider: "azure",
    prompt: ["user:      What is 4200 + 42?"],
    answer: Fixtures.json("azure", "text.expected.json").choices["0"].content,
    fits: /^4242$/
  },
  {
    provider: "bedrock",
    prompt: ["system:    You are a helpful chatbot.", "user:      What is the capital of France?"],
    answer: Fixtures.json("bedrock", "converse-text.expected.json").text,
    fits: /^The capital of France is Paris\./
  },
  {
    provider: "google",
    prompt: ["user:      How many \"r\"s are in the word \"strawberry\"?"],
    answer: Fixtures.json("google", "text.expected.json").text,
    fits: /There are \*\*3\*\* "r"s in strawberry/
  }
]

describe("npm run demo", () => {
  it(
    "prints, for every provider, the prompt its recording answered, the answer, id, finish reason, usage and cost",
    async () => {
      const root = TestPaths.root
      const env = { ...process.env }
      for (
        const name of [
          "OPENAI_API_KEY",
          "ANTHROPIC_API_KEY",
          "GROQ_API_KEY",
          "AZURE_API_KEY",
          "AWS_BEARER_TOKEN_BEDROCK",
          "GEMINI_API_KEY"
        ]
      ) delete env[name]
      const { output, status } = await new Promise<{ status: number | null; output: string }>((resolve) => {
        const child = ChildProcess.spawn(
          process.execPath,
          [Path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "examples/demo.ts"],
          { cwd: root, env }
        )
        let output = ""
        child.stdout.on("data", (data) => (output += data))
        child.stderr.on("data", (data) => (output += data))
        child.on("close", (status) => resolve({ status, output }))
      })
      assert.strictEqual(status, 0, output)
      const sections = output.split(/^=== (\w+) ===$/m).slice(1)
      assert.deepStrictEqual(
        sections.filter((_, index) => index % 2 === 0),
        expected.map((provider) => provider.provider)
      )
      expected.forEach((provider, index) => {
        const section = sections[2 * index + 1]!
        const lines = section.split("\n")
        assert.match(
          lines[1]!,
          /is not set: replaying the recorded answer test\/fixtures\/\S+ from the local replay server/
        )
        // The prompt, a blank line, then the answer as it streamed.
        assert.deepStrictEqual(lines.slice(2, 2 + provider.prompt.length), provider.prompt, section)
        const rest = lines.slice(2 + provider.prompt.length).join("\n")
        assert.isTrue(rest.startsWith(`\n${provider.answer}\n  provider:`), section)
        assert.match(provider.answer, provider.fits)
        assert.match(section, /^ {2}id: +\S+/m)
        assert.match(section, /^ {2}finish reason: +\w+ \(common: stop\)$/m)
        assert.match(section, /^ {2}usage: +input \d+ .*output \d+/m)
        assert.match(section, /^ {2}cost: +\$0\.\d+ \(/m)
      })
      assert.notInclude(output, "undefined")
      assert.notInclude(output, "failed with")
    },
    60_000
  )
})
