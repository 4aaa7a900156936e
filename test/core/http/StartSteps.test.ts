/**
 * What a call costs in Effect steps, held to a budget: in a burst of new answers, each waits on the starts before it
 * (bench/RESULTS.md, issue 98), so a stage or a change of context added to every call shows here before it shows
 * in `npm run bench -- first-delta`. The call is answered by a fetch in this process, the same bytes each time.
 */
import { assert, describe, it } from "@effect/vitest"
import { ManagedRuntime, Stream } from "effect"
import { LanguageModel } from "effect-llm-stream"
import * as Fixtures from "../../../support/Fixtures.js"
import * as EffectSteps from "../../support/EffectSteps.js"
import { fetchModel } from "../../support/FetchModel.js"

const text = Fixtures.bytes("openai", "text.sse")

const fetch =
  (async () =>
    new Response(new Uint8Array(text), { headers: { "content-type": "text/event-stream" } })) as typeof globalThis.fetch
const model = fetchModel(fetch)

describe("a call's Effect steps", () => {
  it("a whole call over fetch stays within its budget", async () => {
    const runtime = ManagedRuntime.make(model)
    try {
      const call = () => runtime.runPromise(LanguageModel.stream("hi").pipe(Stream.runDrain))
      await call()
      const steps = await EffectSteps.count(call)
      assert.isAtMost(steps, 124, `${steps} steps`)
    } finally {
      await runtime.dispose()
    }
  })
})
