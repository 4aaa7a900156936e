/**
 * The recordings the package ships (`ReplayServer.samples`, served by `npx effect-llm-stream replay`): each is
 * its test/fixtures/ recording byte for byte, cut at its events; all together at most 200 KB; and
 * `ReplayServer.serveSamples` gives the environment with which every provider's `layerModel`, configured from
 * it alone, streams its recording, one event at a time.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Stream } from "effect"
import {
  Anthropic,
  Azure,
  Bedrock,
  CallStream,
  Google,
  Groq,
  LanguageModel,
  OpenAI,
  OpenAIResponses
} from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Fixtures from "../../support/Fixtures.js"
import * as TestPaths from "../support/TestPaths.js"

const root = TestPaths.root

describe("the shipped recordings", () => {
  it("are test/fixtures/ recordings byte for byte, one per API at least, 200 KB at most in all", () => {
    const samples = Object.values(ReplayServer.samples)
    assert.sameMembers(samples.map((sample) => sample.name), [
      "openai",
      "openai-responses",
      "anthropic",
      "groq",
      "azure",
      "bedrock",
      "google"
    ])
    for (const sample of samples) {
      const file = /^test\/fixtures\/([^/]+)\/(\S+)/.exec(sample.source)!
      assert.deepStrictEqual(sample.body, Fixtures.body(file[1]!, file[2]!), sample.name)
      assert.isAbove(sample.cuts.length, 3, sample.name)
      assert.isAbove(sample.delayMs, 0)
    }
    const total = samples.reduce((sum, sample) => sum + sample.body.length, 0)
    assert.isAtMost(total, 200 * 1024)
  })

  it.effect("serveSamples' environment alone configures every provider's layerModel, which streams its recording event by event", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const env = ReplayServer.serveSamples(server, { delayMs: 1 })
      assert.includeMembers(Object.keys(env), [
        "OPENAI_BASE_URL",
        "OPENAI_API_KEY",
        "ANTHROPIC_BASE_URL",
        "ANTHROPIC_API_KEY",
        "GROQ_BASE_URL",
        "GROQ_API_KEY",
        "AZURE_ENDPOINT",
        "AZURE_API_KEY",
        "BEDROCK_BASE_URL",
        "AWS_REGION",
        "AWS_BEARER_TOKEN_BEDROCK",
        "GEMINI_BASE_URL",
        "GEMINI_API_KEY"
      ])
      const models = [
        ["openai", OpenAI.layerModel("gpt-4o-mini"), "4242"],
        ["openai-responses", OpenAIResponses.layerModel("gpt-4o"), "4242"],
        ["anthropic", Anthropic.layerModel("claude-haiku-4-5"), "Rom"],
        ["groq", Groq.layerModel("openai/gpt-oss-120b"), "tool"],
        ["azure", Azure.layerModel("my-deployment", { baseModel: "gpt-5-mini" }), "4242"],
        ["bedrock", Bedrock.layerModel("us.amazon.nova-micro-v1:0"), "Paris"],
        ["google", Google.layerModel("gemini-2.5-pro"), "San Francisco"]
      ] as const
      for (const [name, model, expected] of models) {
        const chunks = yield* LanguageModel.stream("Recommend a fantasy book").pipe(
          Stream.runCollect,
          Effect.provide(model.pipe(Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))))
        )
        const response = yield* CallStream.accumulate(Stream.fromIterable(chunks))
        assert.include(response.content, expected, name)
        // One chunk per event with content: what a user sees appear piece by piece.
        assert.isAtLeast(chunks.filter((chunk) => chunk.content !== "").length, 2, name)
      }
      // Another path of a provider's base URL is a 404 that names what is served.
      const missing = yield* Effect.promise(() => fetch(`${env["OPENAI_BASE_URL"]}/embeddings`, { method: "POST" }))
      assert.strictEqual(missing.status, 404)
      assert.include(yield* Effect.promise(() => missing.text()), "…/chat/completions")
    }))
})

describe("npx effect-llm-stream replay", () => {
  const cli = (args: ReadonlyArray<string>) =>
    ChildProcess.spawnSync(
      process.execPath,
      ["--import", "tsx", Path.join(root, "src", "testkit", "Cli.ts"), ...args],
      {
        cwd: root,
        encoding: "utf8",
        timeout: 20_000
      }
    )

  it("says how it is used, in one line each, for an unknown command or option, and a port in use", async () => {
    const unknown = cli(["serve"])
    assert.strictEqual(unknown.status, 1)
    assert.match(unknown.stderr, /^effect-llm-stream: unknown command "serve"\nusage: npx effect-llm-stream replay /)
    const badPort = cli(["replay", "--port", "x"])
    assert.strictEqual(badPort.status, 1)
    assert.match(badPort.stderr, /^effect-llm-stream: --port takes a whole number\n/)
    await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const taken = cli(["replay", "--port", new URL(server.origin).port])
      assert.strictEqual(taken.status, 1)
      assert.match(taken.stderr, /^effect-llm-stream: replay: listen EADDRINUSE.* \(another port: --port <port>\)\n$/)
    })))
    // A script that is not one: its one line names the file and the field, before anything listens.
    const file = Path.join(Os.tmpdir(), `effect-llm-stream-bad-script-${process.pid}.json`)
    Fs.writeFileSync(file, JSON.stringify({ turns: [{ text: "hi" }, { toolCalls: [{ arguments: {} }] }] }))
    const bad = cli(["replay", "--script", file])
    Fs.rmSync(file, { force: true })
    assert.strictEqual(bad.status, 1)
    assert.match(bad.stderr, /^effect-llm-stream: --script \S+: turns\[1\]\.toolCalls\[0\]\.name: Missing key\n$/)
  }, 30_000)

  it.effect("keeps nothing of what it is sent (record: false), and answers a body over its limit with 413", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.listen(0, { record: false, maxRequestBytes: 1000 })
      const env = ReplayServer.serveScripted(server, "auto", { delayMs: 0 })
      const url = `${env["OPENAI_BASE_URL"]}/chat/completions`
      const post = (body: string) =>
        Effect.promise(() =>
          fetch(url, { method: "POST", body }).then(async (response) =>
            [response.status, await response.text()] as const
          )
        )
      const [status, text] = yield* post(
        JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] })
      )
      assert.strictEqual(status, 200)
      assert.include(text, "\"finish_reason\":\"stop\"")
      assert.strictEqual((yield* post("x".repeat(1001)))[0], 413)
      assert.deepStrictEqual(server.requests(env["OPENAI_BASE_URL"]!), [])
    }).pipe(Effect.scoped))
})
