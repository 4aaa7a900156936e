/**
 * A long honest conversation whose requests alternate between two instances of `ChatEndpoint` sharing a Redis store
 * and a signing secret (a load balancer's round robin), through the `ai` client: parallel calls, an approval answered
 * on the other instance than the one that asked, answers alike, a regenerate, follow-ups. Every request is a 200, and
 * each body the model read goes on from the one before.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { ChatEndpoint, StreamStore, UIMessageStream } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as RedisServer from "../../support/RedisServer.js"
import { conversationOf, goesOn } from "./WireConversations.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const turns: ReadonlyArray<TestKit.Turn> = [
  {
    reasoning: "Two cities.",
    toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }, {
      name: "get_weather",
      arguments: { city: "Rome" }
    }]
  },
  { text: "Deleting.", toolCalls: [{ name: "delete_file", arguments: { path: "/a" } }] },
  { text: "Done." },
  { text: "Done." },
  { text: "Done again." },
  { reasoning: "Oslo.", toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }] },
  { text: "Oslo is mild." }
]

describe.skipIf(RedisServer.redisServer === undefined)(
  `two instances sharing a Redis${RedisServer.redisServer === undefined ? " (skipped: no redis-server)" : ""}`,
  () => {
    it.live.each(["anthropic", "openai-responses", "google"] as const)(
      "%s: requests alternating between them, every one a 200, each body going on from the last",
      (wire) =>
        Effect.gen(function*() {
          const redis = yield* RedisServer.redis
          const bodies: Array<any> = []
          const deleted: Array<string> = []
          // One model for both (its script answers the requests in order, whichever instance sends them).
          const model = Layer.succeedContext(yield* Layer.build(EndpointApp.scriptedOnWire(turns, wire, bodies)))
          const instance = () =>
            EndpointApp.viaWebHandler(
              ChatEndpoint.layer({ tools: [EndpointApp.weather, EndpointApp.deleteFile(deleted)] }).pipe(
                Layer.provide(model),
                Layer.provide(StreamStore.layerRedis({ url: Redacted.make(redis.url) })),
                Layer.provide(
                  UIMessageStream.layerSigning({ secret: Redacted.make("a secret every instance shares, 32+ bytes") })
                )
              )
            )
          const [one, two] = [yield* instance(), yield* instance()]
          let turn = 0
          const roundRobin = ((input: RequestInfo | URL, init?: RequestInit) =>
            (turn++ % 2 === 0 ? one : two).fetch(input, init)) as typeof globalThis.fetch
          const chat = new EndpointApp.EndpointClient({ url: one.url, fetch: roundRobin }, `two-${wire}`)
          const ok = () =>
            assert.strictEqual(chat.error?.message, undefined)
          yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather, then delete /a" })))
          ok()
          const asked = chat.toolParts.find((part) => part.state === "approval-requested")
          yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
          ok()
          assert.deepStrictEqual(deleted, ["/a"])
          yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Thanks" })))
          ok()
          yield* wait(() => chat.settle(() => chat.regenerate()))
          ok()
          yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather in Oslo?" })))
          ok()
          assert.strictEqual(chat.text, "Oslo is mild.")
          assert.lengthOf(bodies, 7)
          const sent = bodies.map(conversationOf)
          for (const at of [0, 1, 2, 4, 5]) goesOn(sent[at]!, sent[at + 1]!, `request ${at + 1} after ${at}`)
          assert.deepStrictEqual(sent[4], sent[3], "the regenerate")
        }).pipe(Effect.scoped),
      60_000
    )
  }
)
