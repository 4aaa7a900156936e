/**
 * The UI message stream read by the real client: every recorded response of every provider, served by a replay
 * server, streamed through `UIMessageStream.fromStream` + `toResponse`, and read by the `ai` package's own
 * `parseJsonEventStream` + `uiMessageChunkSchema` + `readUIMessageStream` (the client `useChat` runs). The
 * final `UIMessage` (text, reasoning, tool parts, metadata) says what `CallStream.accumulate` says of the same
 * recording, and it is the same whatever the network's split of the body (random cuts, one per recording).
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { assert, describe, it } from "@effect/vitest"
import type { UIMessage, UIMessageChunk } from "ai"
import { Cause, Context, Deferred, Effect, Exit, Layer, Option, Redacted, Schema, Stream } from "effect"
import type { CallResponse, CallResponseChunk } from "effect-llm-stream"
import { CallStream, LanguageModel, OpenAI, ProviderError, Tool, UIMessageStream, Usage } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { HttpRouter, HttpServer } from "effect/http"
import * as Http from "node:http"
import * as ProviderProfiles from "../../../src/providers/ProviderProfiles.js"
import { clients } from "../../../support/Clients.js"
import { restoredBlocks } from "../../support/BrowserTurns.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import { told } from "../../support/RefusedAnswers.js"
import { readResponse } from "../../support/UIClient.js"

/** Every chunk `ai`'s `UIMessageChunk` type defines is a `UIMessageStream.Chunk` (checked by the compiler). */
export const coversTheProtocol = (chunk: UIMessageChunk): UIMessageStream.Chunk => chunk

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
    serverToolCalls: parts.flatMap((part: any) =>
      part.type.startsWith("tool-") && part.providerExecuted === true ? [part.toolCallId as string] : []
    ).sort(),
    // The message's own metadata, and whether it carries the facts the server signed (its history, sent back).
    metadata: Object.fromEntries(
      Object.entries(message?.metadata ?? {}).filter(([key]) =>
        key !== "effect-llm-stream/signed" && key !== "effect-llm-stream/turns"
      )
    ),
    signed: typeof (message?.metadata as Record<string, unknown> | undefined)?.["effect-llm-stream/signed"] === "object"
  }
}

/** The counts a message shows of a usage, and those of each other model that spent tokens inside the call (`byModel`). */
const shownUsage = (usage: CallResponse.CallResponse["usage"]) => {
  const counts = (of: Omit<typeof usage, "byModel">) => ({
    inputTokens: of.inputTokens,
    cachedTokens: of.cachedTokens,
    cacheWriteTokens: of.cacheWriteTokens,
    outputTokens: of.outputTokens,
    reasoningTokens: of.reasoningTokens,
    totalTokens: of.totalTokens
  })
  return {
    ...counts(usage),
    byModel: usage.byModel?.map((entry) => ({ model: entry.model, ...counts(Usage.make(entry)) }))
  }
}

/** What the message of a response must say. */
const expected = (response: CallResponse.CallResponse) => ({
  // What the provider stopped on its policy without words of its own is told in its row's sentence, after the rest.
  text: response.content + response.refusal + told(ProviderProfiles.withheldNotice(response), response.content),
  reasoning: response.reasoning,
  toolCalls: response.toolCallRecords.flatMap(({ call, slot }) => {
    if (slot.choice !== undefined && slot.choice !== 0) return []
    let input: unknown
    try {
      input = call.arguments.trim() === "" ? {} : JSON.parse(call.arguments)
    } catch {
      return [{ id: call.id, name: call.name, input: call.arguments, state: "output-error" }]
    }
    return [{ id: call.id, name: call.name, input, state: "input-available" }]
  }),
  serverToolCalls: response.serverToolCallRecords.flatMap(({ call, slot }) => {
    return call.id === "" || (slot.choice !== undefined && slot.choice !== 0) ? [] : [call.id]
  }).sort(),
  metadata: JSON.parse(JSON.stringify({
    ...(response.provider === undefined ? {} : { provider: response.provider }),
    ...(response.model === undefined ? {} : { model: response.model }),
    ...(response.commonFinishReasons[0] === undefined ? {} : { finishReason: response.commonFinishReasons[0] }),
    usage: shownUsage(response.usage),
    // The cost a person sees is what the answer is billed for: the spend's, an estimate where it says so.
    cost: Option.getOrUndefined(response.spend.cost)?.toJSON().total,
    spend: {
      usage: shownUsage(response.spend.usage),
      cost: Option.getOrUndefined(response.spend.cost)?.toJSON().total,
      estimated: response.spend.estimated
    }
  })),
  signed: true
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
              // The first request gets the body in one piece, the second in random pieces.
              const scenario = (cuts?: ReadonlyArray<number>) => ({
                headers: { "content-type": RecordedModels.contentType(folder) },
                body: recording.body,
                ...(cuts === undefined ? {} : { cuts })
              })
              const baseUrl = server.serve([
                scenario(),
                scenario(ReplayServer.randomCuts(recording.body.length, seed++, 1024))
              ])
              const endings: Array<CallStream.Ending> = []
              const messageOf = (message: boolean) =>
                UIMessageStream.fromStream(
                  LanguageModel.stream("hi").pipe(
                    CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending)))
                  ),
                  { messageId: "m" }
                ).pipe(
                  UIMessageStream.toResponse(),
                  Effect.flatMap((response) =>
                    Effect.promise(async () => ({
                      status: response.status,
                      ...(await readResponse(response, { message }))
                    }))
                  )
                )
              // The client's message of the whole body; the chunks (and so the message) of the split one.
              const [whole, split] = yield* Effect.all([messageOf(true), messageOf(false)]).pipe(
                Effect.provide(RecordedModels.model(folder, baseUrl, client))
              )
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
              // A turn its parts would not write again (a provider's own tools, citations) goes whole: the response's, the
              // outputs of the provider's own calls taken back from their parts.
              const turns = Object.values((whole.message?.metadata as any)?.["effect-llm-stream/turns"] ?? {})
              for (const turn of turns as Array<any>) {
                const blocks = restoredBlocks(turn.blocks, whole.message!)
                if (JSON.stringify(blocks) !== JSON.stringify(ending.response.contentBlocks)) {
                  problems.push(`${where}: the turn carried is not the response's blocks`)
                }
              }
              // Ids made for calls Gemini sent without one have a stem drawn per response, and the steps' signatures
              // sign them: where there are such ids, both are left out of the comparison.
              const comparable = (chunks: unknown) => {
                const text = JSON.stringify(chunks)
                return text.includes("\"gemini_call_")
                  ? text.replace(/"gemini_call_[A-Za-z0-9_-]{12}_(\d+)"/g, "\"gemini_call_$1\"")
                    .replace(/"effect-llm-stream\/signed":\{[^}]*\}/g, "\"effect-llm-stream/signed\":{}")
                    .replace(/"effect-llm-stream\/turns":\{"s[A-Za-z0-9_-]{15}"/g, "\"effect-llm-stream/turns\":{\"s\"")
                  : text
              }
              if (comparable(split.chunks) !== comparable(whole.chunks)) {
                problems.push(`${where}: a split body gives other chunks`)
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
  it.live("before content is an HTTP error whose text says its kind; after content an error chunk", () =>
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
      assert.strictEqual(response.headers.get("content-type"), "text/plain; charset=utf-8")
      const body = yield* Effect.promise(() => response.text())
      // The kind in words (the provider's own message stays on the server: see Redaction.test.ts).
      assert.strictEqual(body, "The model is rate limited; try again shortly.")

      const recording = RecordedModels.recordings("openai")[0]!
      const cut = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: recording.body,
        dropAfterBytes: Math.floor(recording.body.length * 0.8)
      })
      // The model layer (its HTTP client) lives while the response is read.
      const endings: Array<CallStream.Ending> = []
      const watched = LanguageModel.stream("hi").pipe(
        CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending)))
      )
      const [cutResponse, read] = yield* UIMessageStream.fromStream(watched).pipe(
        UIMessageStream.toResponse(),
        Effect.flatMap((response) => Effect.promise(async () => [response, await readResponse(response)] as const)),
        Effect.provide(RecordedModels.model("openai", cut, client))
      )
      assert.strictEqual(cutResponse.status, 200)
      assert.strictEqual(cutResponse.headers.get("x-vercel-ai-ui-message-stream"), "v1")
      assert.strictEqual(read.chunks.at(-1)?.type, "error")
      assert.isAbove(summary(read.message).text.length, 0)
      // The ending is Failed, with the text the client was sent.
      assert.strictEqual(endings.length, 1)
      assert.strictEqual(endings[0]!._tag, "Failed")
      assert.strictEqual(endings[0]!.response.content, summary(read.message).text)
    }))

  it.live("no key reaches the browser, even one the provider echoes; a refused key is the server's configuration", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const key = "sk-proj-UIStreamSecret0123456789"
      const baseUrl = server.serve({
        status: 401,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          error: { message: `Incorrect API key provided: ${key}.`, type: "invalid_request_error" }
        })
      })
      const response = yield* UIMessageStream.fromStream(LanguageModel.stream("hi")).pipe(
        UIMessageStream.toResponse(),
        Effect.provide(
          OpenAI.model("gpt-4o").pipe(
            Layer.provide(OpenAI.layer({ apiKey: Redacted.make(key), baseUrl })),
            Layer.provide(clients[0]![1])
          )
        )
      )
      assert.strictEqual(response.status, 500)
      const text = yield* Effect.promise(() => response.text())
      assert.notInclude(text, "UIStreamSecret")
      assert.strictEqual(text, "The server could not answer (a configuration error).")
    }))

  it.effect("fromStream sends the error chunk, then fails with the error", () =>
    Effect.gen(function*() {
      const chunks: Array<UIMessageStream.Chunk> = []
      const exit = yield* UIMessageStream.fromStream(Stream.fail("boom\nsecond line"), {
        messageId: "x",
        onError: (error) => String(error).split("\n")[0]!
      }).pipe(
        Stream.runForEach((chunk) => Effect.sync(() => chunks.push(chunk))),
        Effect.exit
      )
      assert.isTrue(exit._tag === "Failure")
      assert.deepStrictEqual(chunks, [
        {
          type: "start",
          messageId: "x",
          messageMetadata: { "effect-llm-stream/signed": {} }
        },
        { type: "start-step" },
        {
          type: "error",
          errorText: "boom"
        }
      ])
    }))
})

describe("fromStream's options", () => {
  const [, client] = clients[0]!
  const chunksOf = (
    recording: string,
    options: UIMessageStream.FromStreamOptions<ProviderError.ProviderError>,
    around: (
      stream: Stream.Stream<
        CallResponseChunk.CallResponseChunk,
        ProviderError.ProviderError,
        LanguageModel.LanguageModel
      >
    ) => Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError, LanguageModel.LanguageModel> =
      (
        stream
      ) => stream
  ) =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = RecordedModels.recordings("anthropic").find((candidate) => candidate.name === recording)!.body
      const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body, delayMs: 5, cuts: [600] })
      return yield* UIMessageStream.fromStream(around(LanguageModel.stream("hi")), options).pipe(
        Stream.runCollect,
        Effect.provide(RecordedModels.model("anthropic", baseUrl, client))
      )
    })

  it.live("sendReasoning: false leaves the reasoning out", () =>
    Effect.gen(function*() {
      const withReasoning = yield* chunksOf("thinking", {})
      const without = yield* chunksOf("thinking", { sendReasoning: false })
      assert.isTrue(withReasoning.some((chunk) => chunk.type === "reasoning-delta"))
      assert.isFalse(without.some((chunk) => chunk.type.startsWith("reasoning-")))
      const text = (chunks: ReadonlyArray<UIMessageStream.Chunk>) =>
        chunks.flatMap((chunk) => chunk.type === "text-delta" ? [chunk.delta] : [])
      assert.deepStrictEqual(text(without), text(withReasoning))
    }))

  it.live("tools: a call the tool's Schema rejects is a tool-input-error; metadata replaces the default", () =>
    Effect.gen(function*() {
      const strict = Tool.make("get_weather", { parameters: Schema.Struct({ zip: Schema.Number }) })
      const chunks = yield* chunksOf("tool-use", {
        tools: [strict],
        metadata: (response) => ({ tokens: response.usage.totalTokens })
      })
      const errors = chunks.filter((chunk) => chunk.type === "tool-input-error")
      assert.isAbove(errors.length, 0)
      assert.isFalse(chunks.some((chunk) => chunk.type === "tool-input-available"))
      assert.match((errors[0] as UIMessageStream.Chunk.ToolInputError).errorText, /get_weather/)
      const finish = chunks.at(-1) as UIMessageStream.Chunk.Finish
      assert.strictEqual(finish.finishReason, "tool-calls")
      assert.deepStrictEqual(Object.keys(finish.messageMetadata as object), ["tokens"])
      // Without tools, the same call is available with its input.
      const plain = yield* chunksOf("tool-use", {})
      assert.isTrue(plain.some((chunk) => chunk.type === "tool-input-available"))
    }))

  it.live("a citation with a URL is a source-url, once per URL", () =>
    Effect.gen(function*() {
      const chunks = yield* chunksOf("web-search", {})
      const sources = chunks.filter((chunk): chunk is UIMessageStream.Chunk.SourceUrl => chunk.type === "source-url")
      assert.isAbove(sources.length, 0)
      assert.strictEqual(new Set(sources.map((source) => source.url)).size, sources.length)
      for (const source of sources) assert.match(source.url, /^https?:\/\//)
      // The provider's own web search is a provider-executed tool part with its output.
      assert.isTrue(chunks.some((chunk) => chunk.type === "tool-output-available" && chunk.providerExecuted === true))
    }))

  it.live("a stream stopped from within sends an interrupted finish, abort, and ends", () =>
    Effect.gen(function*() {
      const chunks = yield* chunksOf("text", {}, (stream) => Stream.interruptWhen(stream, Effect.sleep("3 millis")))
      assert.deepStrictEqual(chunks.slice(-2), [{ type: "finish", finishReason: "interrupted" }, { type: "abort" }])
    }))

  it.effect("onError names the text the browser is shown", () =>
    Effect.gen(function*() {
      const collected: Array<UIMessageStream.Chunk> = []
      yield* UIMessageStream.fromStream(Stream.fail("secret detail"), { onError: () => "Try again." }).pipe(
        Stream.runForEach((chunk) => Effect.sync(() => collected.push(chunk))),
        Effect.ignore
      )
      assert.deepStrictEqual(collected.at(-1), { type: "error", errorText: "Try again." })
    }))
})

describe("toHttpServerResponse", () => {
  it.live("serves the same stream through effect/http, the protocol's headers included", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const [, client] = clients[0]!
      const recording = RecordedModels.recordings("anthropic").find((candidate) => candidate.name === "text")!
      const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body: recording.body })
      const model = RecordedModels.model("anthropic", baseUrl, client)
      // The handler's requirements stay in its Effect: the model is provided to the route's requests.
      const route = HttpRouter.add(
        "POST",
        "/api/chat",
        LanguageModel.stream("hi").pipe(
          UIMessageStream.fromStream({ messageId: "m" }),
          UIMessageStream.toHttpServerResponse({ headers: { "x-app": "chat" } })
        )
      ).pipe(HttpRouter.provideRequest(model))
      const { dispose, handler } = HttpRouter.toWebHandler(route, { disableLogger: true })
      const read = yield* Effect.promise(async () => {
        const response = await handler(
          new Request("http://app.local/api/chat", { method: "POST", body: "{}" }),
          Context.empty()
        )
        const headers = Object.fromEntries(response.headers)
        return { headers, ...(await readResponse(response)) }
      }).pipe(Effect.ensuring(Effect.promise(dispose)))
      assert.strictEqual(read.headers["x-vercel-ai-ui-message-stream"], "v1")
      assert.strictEqual(read.headers["content-type"], "text/event-stream")
      assert.strictEqual(read.headers["x-app"], "chat")
      assert.strictEqual(read.message?.id, "m")
      assert.isAbove(summary(read.message).text.length, 10)
      assert.strictEqual(read.chunks.at(-1)?.type, "finish")
    }))

  it.live("answers as toResponse does: an error before content, a failure after it, a clean end", () =>
    Effect.gen(function*() {
      const content: ReadonlyArray<UIMessageStream.Chunk> = [
        { type: "start", messageId: "m" },
        { type: "text-start", id: "t" },
        { type: "text-delta", id: "t", delta: "one" }
      ]
      const refused = new ProviderError.RateLimitError({
        provider: "openai",
        message: "slow down",
        retryAfterMillis: 2000
      })
      const streams: ReadonlyArray<Stream.Stream<UIMessageStream.Chunk, ProviderError.ProviderError>> = [
        Stream.fail(refused),
        Stream.concat(Stream.fromIterable(content), Stream.fail(refused)),
        Stream.fromIterable(content)
      ]
      const read = async (response: Response) => ({
        status: response.status,
        type: response.headers.get("content-type"),
        body: await response.text()
      })
      for (const stream of streams) {
        const route = HttpRouter.add("GET", "/", UIMessageStream.toHttpServerResponse(stream))
        const { dispose, handler } = HttpRouter.toWebHandler(route, { disableLogger: true })
        const served = yield* Effect.promise(() =>
          handler(new Request("http://app.local/"), Context.empty()).then(read)
        )
        yield* Effect.promise(dispose)
        const direct = yield* Effect.promise(() => Effect.runPromise(UIMessageStream.toResponse(stream)).then(read))
        assert.deepStrictEqual(served, direct)
      }
    }))

  it.live("Effect's own Node server writes each chunk as it comes; a client that goes away interrupts the stream", () =>
    Effect.gen(function*() {
      const gate = yield* Deferred.make<void>()
      const ended = yield* Deferred.make<Exit.Exit<void, unknown>>()
      const chunks = Stream.concat(
        Stream.make<Array<UIMessageStream.Chunk>>(
          { type: "start", messageId: "m" },
          { type: "text-start", id: "t" },
          { type: "text-delta", id: "t", delta: "one" }
        ),
        Stream.concat(
          Stream.fromEffect(Effect.as(Deferred.await(gate), { type: "text-delta", id: "t", delta: "two" } as const)),
          Stream.never
        )
      ).pipe(Stream.onExit((exit) => Deferred.succeed(ended, Exit.asVoid(exit))))
      const route = HttpRouter.add("GET", "/", UIMessageStream.toHttpServerResponse(chunks))
      const server = yield* Layer.build(
        HttpRouter.serve(route, { disableListenLog: true, disableLogger: true }).pipe(
          Layer.provideMerge(NodeHttpServer.layer(Http.createServer, { port: 0 }))
        )
      )
      const address = Context.get(server, HttpServer.HttpServer).address as { readonly port: number }
      // A connection of its own (no keep-alive), cut by the client as a closed tab cuts it.
      const request = Http.get({ host: "127.0.0.1", port: address.port, path: "/", agent: false })
      const response = yield* Effect.callback<Http.IncomingMessage>((resume) =>
        void request.once("response", (response) => resume(Effect.succeed(response)))
      )
      assert.strictEqual(response.headers["x-vercel-ai-ui-message-stream"], "v1")
      let text = ""
      response.setEncoding("utf8")
      response.on("data", (piece: string) => text += piece)
      const readUntil = (needle: string) =>
        Effect.promise(() =>
          new Promise<void>((resolve) => {
            const check = () => text.includes(needle) ? resolve() : setTimeout(check, 5)
            check()
          })
        )
      yield* readUntil("\"one\"")
      assert.notInclude(text, "two", "the second delta is not made before the gate opens")
      yield* Deferred.succeed(gate, undefined)
      yield* readUntil("\"two\"")
      request.destroy()
      const exit = yield* Deferred.await(ended).pipe(Effect.timeout("5 seconds"))
      assert.isTrue(Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause), "the stream was interrupted")
    }).pipe(Effect.scoped))
})
