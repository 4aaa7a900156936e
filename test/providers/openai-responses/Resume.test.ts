/**
 * Resuming a dropped Responses API stream (`resume` on `OpenAIResponses.layer` and `Azure.responsesLayer`).
 * The replay server plays a background response: it drops the connection at random points, and answers
 * `GET /responses/{id}?stream=true&starting_after=<n>` with the recording's events after the n-th, as the API
 * does (the openai SDK's `responses.retrieve(id, { stream: true, starting_after })`). The resumed stream must
 * equal the uncut one: no event twice, none missing.
 */
import { assert, describe, it } from "@effect/vitest"
import { Schedule } from "effect"
import { Effect, Layer, Redacted } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { Azure, CallStream, LanguageModel, OpenAIResponses, ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type * as HttpClient from "effect/http/HttpClient"
import * as FastCheck from "fast-check"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect } from "../../support/Collect.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"

/** Retries and resumes without waiting: the tests are about what is retried, not when. */
const noWait = Schedule.recurs(10)

const sse = { "content-type": "text/event-stream" }

/** A recorded stream as a background response: its events, each with its sequence number. */
const backgroundEvents = (name: string): ReadonlyArray<{ readonly sequence: number; readonly text: string }> =>
  Fixtures.text("openai-responses", `${name}.sse`).split("\n\n").filter((block) => block.includes("data: ")).map(
    (block) => {
      const lines = block.split("\n")
      const data = lines.find((line) => line.startsWith("data: "))!.slice(6)
      const payload = JSON.parse(data)
      if (payload.response !== undefined) payload.response.background = true
      const event = lines.find((line) => line.startsWith("event: "))
      return {
        sequence: payload.sequence_number as number,
        text: `${event === undefined ? "" : `${event}\n`}data: ${JSON.stringify(payload)}\n\n`
      }
    }
  )

const bodyOf = (events: ReadonlyArray<{ readonly text: string }>): string => events.map((event) => event.text).join("")

/** Serves the events after the request's `starting_after`, dropping the connection after `dropAfter` bytes. */
const resumeScenario = (
  events: ReadonlyArray<{ readonly sequence: number; readonly text: string }>,
  drops: Array<number>
) =>
(request: ReplayServer.RecordedRequest): ReplayServer.Scenario => {
  const url = new URL(request.path, "http://localhost")
  if (request.method !== "GET" || url.searchParams.get("stream") !== "true") {
    return { status: 400, headers: { "content-type": "application/json" }, body: "{\"error\":{\"message\":\"bad\"}}" }
  }
  const after = Number(url.searchParams.get("starting_after"))
  const body = bodyOf(events.filter((event) => event.sequence > after))
  const drop = drops.shift()
  return { headers: sse, body, ...(drop === undefined ? {} : { dropAfterBytes: Math.min(drop, body.length - 1) }) }
}

const openai = (baseUrl: string, client: Layer.Layer<HttpClient.HttpClient>, background = true) =>
  OpenAIResponses.model("gpt-4o", background ? { extraBody: { background: true } } : {}).pipe(
    Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("k"), baseUrl, resume: { schedule: noWait } })),
    Layer.provide(client)
  )

const payloads = (chunks: ReadonlyArray<CallResponseChunk.CallResponseChunk>) =>
  chunks.map((chunk) => JSON.stringify(chunk.chunk))

describe("resuming a dropped Responses API stream", () => {
  for (const [clientName, client] of clients) {
    it.live(
      `dropped at random points, once or several times, the stream equals the uncut one (${clientName})`,
      () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          for (const name of ["text", "reasoning-summary", "tool-calls-parallel", "web-search"]) {
            const events = backgroundEvents(name)
            const body = bodyOf(events)
            const uncut = yield* collect(LanguageModel.stream("hi")).pipe(
              Effect.provide(openai(server.serve({ headers: sse, body }), client))
            )
            // The first drop comes after the first event (which names the response), later ones anywhere.
            const first = FastCheck.integer({ min: events[0]!.text.length + 1, max: body.length - 1 })
            const later = FastCheck.array(FastCheck.integer({ min: 1, max: body.length - 1 }), { maxLength: 2 })
            const samples = FastCheck.sample(FastCheck.tuple(first, later), {
              seed: name.length * 31 + (clientName === "fetch" ? 0 : 1),
              numRuns: 6
            }).map(([head, tail]) => [head, ...tail])
            for (const drops of samples) {
              const [first, ...later] = drops
              const baseUrl = server.serve([
                { headers: sse, body, dropAfterBytes: first! },
                resumeScenario(events, later)
              ])
              const resumed = yield* collect(LanguageModel.stream("hi")).pipe(
                Effect.provide(openai(baseUrl, client).pipe(Layer.provide(Layer.empty)))
              )
              const where = `${name}, drops after ${drops.join(", ")} bytes`
              assert.strictEqual(resumed.result._tag, "Success", where)
              assert.deepStrictEqual(payloads(resumed.chunks), payloads(uncut.chunks), where)
              const requests = server.requests(baseUrl)
              assert.strictEqual(requests[0]!.method, "POST", where)
              for (const resume of requests.slice(1)) {
                assert.strictEqual(resume.method, "GET", where)
                assert.match(resume.path, /\/responses\/resp_[A-Za-z0-9]+\?stream=true&starting_after=\d+$/, where)
              }
            }
          }
        }),
      60_000
    )
  }

  const [, client] = clients[0]!

  it.live("a response that is not a background one is not resumed: the original error, with what arrived", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = Fixtures.text("openai-responses", "text.sse")
      const baseUrl = server.serve({ headers: sse, body, dropAfterBytes: Math.floor(body.length / 2) })
      const ending = yield* CallStream.settle(LanguageModel.stream("hi")).pipe(
        Effect.provide(openai(baseUrl, client, false))
      )
      assert.strictEqual(ending._tag, "Failed")
      assert.strictEqual(server.requests(baseUrl).length, 1)
      if (ending._tag === "Failed") assert.instanceOf(ending.error, ProviderError.TransportError)
      assert.isAbove(ending.response.chunkCount, 0)
    }))

  it.live("a resume the server refuses (404: expired) fails with the original error and the partial response", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = bodyOf(backgroundEvents("text"))
      const baseUrl = server.serve([
        { headers: sse, body, dropAfterBytes: Math.floor(body.length / 2) },
        { status: 404, headers: { "content-type": "application/json" }, body: "{\"error\":{\"message\":\"gone\"}}" }
      ])
      const ending = yield* CallStream.settle(LanguageModel.stream("hi")).pipe(Effect.provide(openai(baseUrl, client)))
      assert.strictEqual(ending._tag, "Failed")
      if (ending._tag === "Failed") assert.instanceOf(ending.error, ProviderError.TransportError)
      assert.strictEqual(server.requests(baseUrl).length, 2)
      assert.isAbove(ending.response.content.length, 0)
    }))

  it.live("after `attempts` resumes, the stream fails; each resume is an event on the call's span", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const events = backgroundEvents("reasoning-summary")
      const body = bodyOf(events)
      const baseUrl = server.serve([
        { headers: sse, body, dropAfterBytes: 2_000 },
        resumeScenario(events, [800, 800, 800, 800])
      ])
      const recording = yield* RecordingTracer.make
      const model = OpenAIResponses.model("gpt-4o", { extraBody: { background: true } }).pipe(
        Layer.provide(
          OpenAIResponses.layer({ apiKey: Redacted.make("k"), baseUrl, resume: { attempts: 2, schedule: noWait } })
        ),
        Layer.provide(client)
      )
      const { result } = yield* collect(LanguageModel.stream("hi")).pipe(
        Effect.provide(model),
        Effect.withTracer(recording.tracer)
      )
      assert.strictEqual(result._tag, "Failure")
      assert.strictEqual(server.requests(baseUrl).length, 3)
      const span = recording.spans.find((candidate) => candidate.name === "chat gpt-4o")!
      const resumes = span.events.filter(([name]) => name === "effect_llm_stream.resume")
      assert.strictEqual(resumes.length, 2)
      assert.strictEqual(span.attributes.get("effect_llm_stream.resumes"), 2)
    }))

  it.live("Azure's Responses API resumes the same way, on its own path", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const events = backgroundEvents("azure-text")
      const body = bodyOf(events)
      const dropAt = events[0]!.text.length + events[1]!.text.length + 10
      const origin = server.serve([{ headers: sse, body, dropAfterBytes: dropAt }, resumeScenario(events, [])])
      const model = Azure.responsesModel("my-deployment", { extraBody: { background: true } }).pipe(
        Layer.provide(Azure.responsesLayer({ endpoint: origin, apiKey: Redacted.make("k"), resume: {} })),
        Layer.provide(client)
      )
      const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(Effect.provide(model))
      assert.strictEqual(result._tag, "Success")
      const requests = server.requests(origin)
      assert.match(requests[1]!.path, /\/openai\/v1\/responses\/resp_[A-Za-z0-9]+\?stream=true&starting_after=\d+$/)
      const text = chunks.map((chunk) => chunk.content).join("")
      assert.isAbove(text.length, 0)
      assert.strictEqual(new Set(chunks.map((chunk) => (chunk.chunk as any).sequence_number)).size, chunks.length)
    }))

  it.live("stream equality also holds through telemetry and accumulate", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const events = backgroundEvents("text")
      const body = bodyOf(events)
      const whole = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(openai(server.serve({ headers: sse, body }), client))
      )
      const baseUrl = server.serve([{ headers: sse, body, dropAfterBytes: 1_500 }, resumeScenario(events, [])])
      const resumed = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(openai(baseUrl, client))
      )
      assert.strictEqual(resumed.content, whole.content)
      assert.deepStrictEqual(resumed.usage, whole.usage)
      assert.deepStrictEqual(resumed.finishReasons, whole.finishReasons)
      assert.strictEqual(resumed.chunkCount, whole.chunkCount)
    }))
})
