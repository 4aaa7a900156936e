/**
 * The recordings `npm run demo` replays decode, over real HTTP, to the text an independent script
 * computed from them (`test/fixtures/demo/*.meta.json`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Anthropic, Azure, Bedrock, CallStream, LanguageModel } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type { HttpClient } from "effect/http"
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"
import { clients } from "../support/Clients.js"
import * as Fixtures from "../support/Fixtures.js"

const key = Redacted.make("replay")
const client = clients[0]![1]

const cases: ReadonlyArray<{
  readonly provider: string
  readonly file: string
  readonly contentType: string
  readonly model: (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>
}> = [
  {
    provider: "anthropic",
    file: "anthropic.sse",
    contentType: "text/event-stream",
    model: (baseUrl) =>
      Anthropic.model("claude-sonnet-4-0").pipe(Layer.provide(Anthropic.layer({ apiKey: key, baseUrl })))
  },
  {
    provider: "azure",
    file: "azure.sse",
    contentType: "text/event-stream",
    model: (baseUrl) =>
      Azure.model("gpt-5-mini").pipe(Layer.provide(Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey: key })))
  },
  {
    provider: "bedrock",
    file: "bedrock.eventstream.b64",
    contentType: "application/vnd.amazon.eventstream",
    model: (baseUrl) =>
      Bedrock.model("amazon.nova-micro-v1:0").pipe(
        Layer.provide(Bedrock.layer({ region: "us-east-1", baseUrl, apiKey: key }))
      )
  }
]

describe("demo recordings", () => {
  for (const demo of cases) {
    it.effect(`${demo.provider} replays to its recorded text`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const body = Fixtures.body("demo", demo.file)
        const meta = Fixtures.json<{ text: string; requestId: string | null }>(
          "demo",
          demo.file.replace(/\.(sse|eventstream\.b64)$/, ".meta.json")
        )
        const baseUrl = server.serve({
          headers: { "content-type": demo.contentType },
          body,
          cuts: ReplayServer.randomCuts(body.length, 17, 40)
        })
        const response = yield* CallStream.accumulate(LanguageModel.stream("Recommend a fantasy book")).pipe(
          Effect.provide(demo.model(baseUrl).pipe(Layer.provide(client)))
        )
        assert.strictEqual(response.content, meta.text)
        assert.strictEqual(response.provider, demo.provider)
        assert.deepStrictEqual(response.commonFinishReasons, ["stop"])
      }))
  }
})

describe("npm run demo", () => {
  it("streams every provider from the replay server and prints text, id, finish reason, usage and cost", async () => {
    const root = Path.join(import.meta.dirname, "..")
    const env = { ...process.env }
    for (
      const name of ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GROQ_API_KEY", "AZURE_API_KEY", "AWS_BEARER_TOKEN_BEDROCK"]
    ) delete env[name]
    const { status, output } = await new Promise<{ status: number | null; output: string }>((resolve) => {
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
    assert.deepStrictEqual(sections.filter((_, index) => index % 2 === 0), [
      "openai",
      "anthropic",
      "groq",
      "azure",
      "bedrock"
    ])
    for (let index = 1; index < sections.length; index += 2) {
      const section = sections[index]!
      assert.include(section, "replaying the recorded response")
      assert.match(section, /^  id: +\S+$/m)
      assert.match(section, /^  finish reason: +\w+ \(common: stop\)$/m)
      assert.match(section, /^  usage: +input \d+ .*output \d+/m)
      assert.match(section, /^  cost: +\$0\.\d+ \(/m)
    }
    assert.notInclude(output, "undefined")
    assert.notInclude(output, "failed with")
  }, 60_000)
})
