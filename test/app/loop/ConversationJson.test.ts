/**
 * The provider's opaque state through a conversation stored as JSON: the recorded conversations of
 * `support/Conversations.ts` (state and a tool call, then the answer after the tool's result) go through the tool
 * loop, their messages are encoded with the `Message.Message` Schema as JSON, and a fresh process (a bundle of
 * `support/ConversationChild.ts` run with plain `node`: no module, class or memo shared with this one) decodes
 * them and asks the follow-up: its request is the one the live conversation sends, byte for byte once parsed, so
 * the first turn goes with its state as the second request sent it (read against each provider's documented rule in
 * `test/app/loop/ConversationLoop.test.ts`).
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { LanguageModel, Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Conversations from "../../support/Conversations.js"
import * as TestPaths from "../../support/TestPaths.js"

const root = TestPaths.root
const bundleDir = Path.join(root, "node_modules", ".conversation-test", String(process.pid))
afterAll(() => Fs.rmSync(bundleDir, { recursive: true, force: true }))

const bundle = async () => {
  const esbuild = await import("esbuild")
  const outfile = Path.join(bundleDir, "child.mjs")
  await esbuild.build({
    entryPoints: [Path.join(root, "test", "support", "ConversationChild.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    alias: {
      "effect-llm-stream": Path.join(root, "src", "index.ts"),
      "effect-llm-stream/testing": Path.join(root, "src", "testing.ts")
    },
    logLevel: "silent"
  })
  return outfile
}

/** Runs the fresh process on the stored conversations; resolves with what it printed. */
const fresh = (stored: ReadonlyArray<unknown>) =>
  Effect.promise(async () => {
    const child = ChildProcess.spawn(process.execPath, ["--no-warnings", await bundle(), JSON.stringify(stored)], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    child.stdout!.on("data", (data: Buffer) => (out += data.toString()))
    child.stderr!.on("data", (data: Buffer) => (out += data.toString()))
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve))
    return { code, out }
  })

const codec = Schema.toCodecJson(Schema.Array(Message.Message))

describe("a conversation stored as JSON keeps the provider's state", () => {
  it.live(
    "decoded in a fresh process, the follow-up's request is the live conversation's",
    () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const live: Array<{ readonly conversation: Conversations.Conversation; readonly url: string }> = []
        const stored: Array<{ readonly name: string; readonly baseUrl: string; readonly messages: unknown }> = []
        for (const conversation of Conversations.conversations) {
          const url = server.serve(conversation.responses())
          const model = Layer.provide(conversation.model(url), FetchHttpClient.layer)
          const tools = [Conversations.handled(conversation)]
          const first = yield* LanguageModel.runToolsToEnd({ messages: [Message.user(conversation.question)], tools })
            .pipe(Effect.provide(model))
          const text = JSON.stringify(Schema.encodeSync(codec)(first.messages))
          // The JSON holds the state; decoded in this process, it is the same conversation.
          const second = JSON.parse(server.requests(url)[1]!.body)
          for (
            const entry of Conversations.stateOf(
              conversation.format,
              Conversations.turnsOf(conversation.format, second)[0]!
            )
          ) {
            for (const piece of entry.filter((value) => typeof value === "string")) {
              assert.include(text, JSON.stringify(piece))
            }
          }
          assert.deepStrictEqual(Schema.decodeSync(codec)(JSON.parse(text)), first.messages)
          yield* LanguageModel.runToolsToEnd({
            messages: [...first.messages, Message.user(conversation.followUp)],
            tools
          })
            .pipe(Effect.provide(model))
          live.push({ conversation, url })
          stored.push({
            name: conversation.name,
            baseUrl: server.serve(conversation.responses().slice(2)),
            messages: JSON.parse(text)
          })
        }
        const { code, out } = yield* fresh(stored)
        assert.strictEqual(code, 0, out)
        for (const [index, { conversation, url }] of live.entries()) {
          assert.include(out, `DONE ${conversation.name}\n`)
          const [second, third] = server.requests(url).slice(1).map((request) => JSON.parse(request.body))
          const restored = JSON.parse(server.requests(stored[index]!.baseUrl)[0]!.body)
          assert.deepStrictEqual(restored, third)
          Conversations.checkThird(conversation, second, restored)
        }
      }).pipe(Effect.scoped),
    60_000
  )
})
