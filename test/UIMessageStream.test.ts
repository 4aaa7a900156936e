/**
 * The UI message stream read by the real client: every recorded response of every provider, served by a replay
 * server, streamed through `UIMessageStream.fromStream` + `toResponse`, and read by the `ai` package's own
 * `parseJsonEventStream` + `uiMessageChunkSchema` + `readUIMessageStream` (the client `useChat` runs). The
 * final `UIMessage` (text, reasoning, tool parts, metadata) says what `CallStream.accumulate` says of the same
 * recording, and it is the same whatever the network's split of the body (random cuts, one per recording).
 */
import { assert, describe, it } from "@effect/vitest"
import type { UIMessage } from "ai"
import { Effect, Option, Stream } from "effect"
import type { CallResponse } from "effect-llm-stream"
import { CallStream, LanguageModel, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../support/Clients.js"
import * as RecordedModels from "./support/RecordedModels.js"
import { readResponse } from "./support/UIClient.js"

/** What a message says, in the terms of a response. */
const summary = (message: UIMessage | undefined) => {
  const parts = message?.parts ?? []
  return {
    text: parts.flatMap((part) => part.type === "text" ? [part.text] : []).join(""),
    reasoning: parts.flatMap((part) => part.type === "reasoning" ? [part.text] : []).join(""),
    toolCalls: parts.flatMap((part: any) =>
      part.type.startsWith("tool-") && part.providerExecuted !== true
        ? [{ id: part.toolCallId, name: part.type.slice(5), input: part.input, state: part.state }]
        : []
    ),
    metadata: message?.metadata
  }
}

/** What the message of a response must say. */
const expected = (response: CallResponse.CallResponse) => ({
  text: response.content + response.refusal,
  reasoning: response.reasoning,
  toolCalls: response.toolCalls.flatMap((call, position) => {
    const slot = response.toolCallSlots[position]!
    if (slot.choice !== undefined && slot.choice !== 0) return []
    let input: unknown
    try {
      input = call.arguments.trim() === "" ? {} : JSON.parse(call.arguments)
    } catch {
      return [{ id: call.id, name: call.name, input: call.arguments, state: "output-error" }]
    }
    return [{ id: call.id, name: call.name, input, state: "input-available" }]
  }),
  metadata: JSON.parse(JSON.stringify({
    ...(response.provider === undefined ? {} : { provider: response.provider }),
    ...(response.model === undefined ? {} : { model: response.model }),
    ...(response.commonFinishReasons[0] === undefined ? {} : { finishReason: response.commonFinishReasons[0] }),
    usage: {
      inputTokens: response.usage.inputTokens,
      cachedTokens: response.usage.cachedTokens,
      cacheWriteTokens: response.usage.cacheWriteTokens,
      outputTokens: response.usage.outputTokens,
      reasoningTokens: response.usage.reasoningTokens,
      totalTokens: response.usage.totalTokens
    },
    cost: Option.getOrUndefined(response.cost)?.toJSON().total
  }))
})

describe("the ai package's client reads every recording", () => {
  for (const [clientIndex, [clientName, client]] of clients.entries()) {
    // Half the folders through each HTTP client.
    for (const folder of RecordedModels.folders.filter((_, index) => index % 2 === clientIndex)) {
      it.live(
        `${folder} (${clientName}): the final UIMessage is the accumulated response, for any split`,
        () =>
          Effect.gen(function*() {
            const server = yield* ReplayServer.make
            const problems: Array<string> = []
            let seed = 7
            for (const recording of RecordedModels.recordings(folder)) {
              const serve = (cuts?: ReadonlyArray<number>) =>
                server.serve({
                  headers: { "content-type": RecordedModels.contentType(folder) },
                  body: recording.body,
                  ...(cuts === undefined ? {} : { cuts })
                })
              const endings: Array<CallStream.Ending> = []
              const messageOf = (baseUrl: string) =>
                UIMessageStream.fromStream(
                  LanguageModel.stream("hi").pipe(
                    CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending)))
                  ),
                  { messageId: "m" }
                ).pipe(
                  UIMessageStream.toResponse(),
                  Effect.flatMap((response) =>
                    Effect.promise(async () => ({ status: response.status, ...(await readResponse(response)) }))
                  ),
                  Effect.provide(RecordedModels.model(folder, baseUrl, client))
                )
              const whole = yield* messageOf(serve())
              const split = yield* messageOf(serve(ReplayServer.randomCuts(recording.body.length, seed++, 64)))
              // The ending the server saw is the response the client was sent.
              const ending = endings[0]!
              const where = `${recording.name} (${ending._tag})`
              if (ending._tag !== "Completed") {
                // A recording that ends in an error: an error status before content, else an error chunk.
                const content = ending.response.content !== "" || ending.response.toolCalls.length > 0
                if (content ? !whole.chunks.some((chunk) => chunk.type === "error") : whole.status < 400) {
                  problems.push(`${where}: the error does not reach the client (${whole.status})`)
                }
                continue
              }
              if (whole.errors.length > 0) problems.push(`${where}: client errors ${String(whole.errors)}`)
              assert.strictEqual(whole.message?.id, "m")
              const actual = summary(whole.message)
              const wanted = expected(ending.response)
              if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
                problems.push(`${where}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(wanted)}`)
              }
              if (JSON.stringify(split.message) !== JSON.stringify(whole.message)) {
                problems.push(`${where}: a split body gives another message`)
              }
              if (whole.chunks.at(-1)?.type !== "finish") problems.push(`${where}: does not end with finish`)
            }
            assert.deepStrictEqual(problems, [])
          }),
        60_000
      )
    }
  }
})

describe("a failure", () => {
  it.live("before content is an HTTP error with a JSON body naming it; after content an error chunk", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const [, client] = clients[0]!
      const refused = server.serve({
        status: 429,
        headers: { "content-type": "application/json", "retry-after": "1" },
        body: JSON.stringify({ error: { message: "Rate limit reached", type: "rate_limit_error" } })
      })
      const response = yield* UIMessageStream.fromStream(LanguageModel.stream("hi")).pipe(
        UIMessageStream.toResponse(),
        Effect.provide(RecordedModels.model("openai", refused, client))
      )
      assert.strictEqual(response.status, 429)
      assert.strictEqual(response.headers.get("content-type"), "application/json")
      const body = yield* Effect.promise(() => response.json())
      assert.match(body.error, /Rate limit reached/)
      assert.notInclude(JSON.stringify(body), "Bearer")

      const recording = RecordedModels.recordings("openai")[0]!
      const cut = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: recording.body,
        dropAfterBytes: Math.floor(recording.body.length * 0.8)
      })
      const cutResponse = yield* UIMessageStream.fromStream(LanguageModel.stream("hi")).pipe(
        UIMessageStream.toResponse(),
        Effect.provide(RecordedModels.model("openai", cut, client))
      )
      assert.strictEqual(cutResponse.status, 200)
      assert.strictEqual(cutResponse.headers.get("x-vercel-ai-ui-message-stream"), "v1")
      const read = yield* Effect.promise(() => readResponse(cutResponse))
      assert.strictEqual(read.chunks.at(-1)?.type, "error")
      assert.isAbove(summary(read.message).text.length, 0)
    }))

  it.effect("fromStream sends the error chunk, then fails with the error", () =>
    Effect.gen(function*() {
      const chunks: Array<UIMessageStream.Chunk> = []
      const exit = yield* UIMessageStream.fromStream(Stream.fail("boom\nsecond line"), { messageId: "x" }).pipe(
        Stream.runForEach((chunk) => Effect.sync(() => chunks.push(chunk))),
        Effect.exit
      )
      assert.isTrue(exit._tag === "Failure")
      assert.deepStrictEqual(chunks, [{ type: "start", messageId: "x" }, { type: "start-step" }, {
        type: "error",
        errorText: "boom"
      }])
    }))
})
