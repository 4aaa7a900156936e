/**
 * The running state of an approved tool, as a stock `useChat` page shows it: once the user approves, the
 * continuation's response starts (its head, and the approval's `tool-approval-response`) before the tool runs, so the
 * `ai` client is `streaming` with the call `approval-responded` while the handler works, then `output-available`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Layer, Schema } from "effect"
import { ChatEndpoint, Tool } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

describe("an approved tool's running state", () => {
  for (const [serving, via] of EndpointApp.servings.slice(0, 2)) {
    it.live(`the answer's head reaches the client before the tool runs (${serving})`, () =>
      Effect.gen(function*() {
        const release = yield* Deferred.make<void>()
        const started: Array<string> = []
        const weather = Tool.handle(
          Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) }),
          ({ city }) =>
            Effect.sync(() => started.push(city)).pipe(
              Effect.andThen(Deferred.await(release)),
              Effect.as(`18°C in ${city}`)
            ),
          { needsApproval: true }
        )
        const turns = [
          { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
          { text: "It is 18°C in Paris." }
        ]
        const app = ChatEndpoint.layer({ tools: [weather] }).pipe(
          Layer.provide(EndpointApp.scripted(turns, "anthropic", []))
        )
        const chat = new EndpointApp.EndpointClient(yield* via(app), `running-${serving}`)
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather in Paris?" })))
        const asked = chat.toolParts[0]
        assert.strictEqual(asked.state, "approval-requested")
        const done = chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true }))
        // The tool runs, held: the client is already reading the continuation, the call approved.
        yield* EndpointApp.eventually(() => started.length === 1, () => "the tool never started")
        yield* EndpointApp.eventually(() => chat.status === "streaming", () => `the client is ${chat.status}`)
        assert.strictEqual(chat.toolParts[0].state, "approval-responded")
        assert.strictEqual(chat.toolParts[0].approval.approved, true)
        yield* Deferred.succeed(release, undefined)
        yield* wait(() => done)
        assert.strictEqual(chat.error, undefined, String(chat.error))
        assert.strictEqual(chat.toolParts[0].state, "output-available")
        assert.include(chat.text, "It is 18°C in Paris.")
      }).pipe(Effect.scoped), 30_000)
  }
})
