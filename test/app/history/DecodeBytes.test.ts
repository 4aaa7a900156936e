/**
 * What reading a browser's request allocates, held to a budget: in a burst of new chats each waits on the starts
 * before it (bench/RESULTS.md, issue 98). Each schema's decoder is made once, not at every value decoded.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { UIMessageStream } from "effect-llm-stream"
import { allocatedBytes } from "../../support/AllocatedBytes.js"

const body = JSON.stringify({
  id: "c",
  messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "Hello" }] }],
  trigger: "submit-message"
})

const calls = 2000

const read = async () => {
  for (let i = 0; i < calls; i++) await Effect.runPromise(UIMessageStream.toMessages(body))
}

describe("reading a browser's request", () => {
  it("allocates within its budget", async () => {
    await read()
    const perCall = (await allocatedBytes(read)) / calls
    assert.isAtMost(perCall, 14_400, `${perCall.toFixed(0)} bytes a request`)
  })
})
