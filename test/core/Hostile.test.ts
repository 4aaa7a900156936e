/**
 * Hostile and broken input: every provider's body cut at every byte, and random and mutated bodies
 * (fixed seeds here; `npx tsx scripts/fuzz.ts` runs longer). The outcome is always the full result or a
 * typed `ProviderError`: never a defect, a hang or a wrong success.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { LanguageModel, ProviderError } from "effect-llm-stream"
import { splitAt } from "effect-llm-stream/ReplayServer"
import { ReplayServer } from "effect-llm-stream/testing"
import * as FastCheck from "fast-check"
import * as BodyDecoder from "../../src/core/framing/BodyDecoder.js"
import * as Sse from "../../src/core/framing/Sse.js"
import { clients } from "../../support/Clients.js"
import {
  contentOf,
  decodeBytewise,
  type Decoded,
  decodePieces,
  frameOffsets,
  insideCharacters,
  mutate,
  mutation,
  type Recording,
  recordings,
  runnerFor,
  sampleOffsets,
  survives,
  targets
} from "../../support/Hostile.js"
import { collect, failureOf } from "../support/Collect.js"
import { providerModels } from "../support/Providers.js"

const outcomeOf = (status: Decoded["status"]): string => status === BodyDecoder.complete ? "complete" : status._tag

const recording = (provider: string, name: string): Recording => {
  const found = recordings.find((candidate) => candidate.provider === provider && candidate.name === name)
  if (found === undefined) throw new Error(`no recording ${provider}/${name}`)
  return found
}

/** One recording per provider (Anthropic's text holds multi-byte UTF-8 characters), served over HTTP. */
const httpRecordings: Readonly<Record<string, string>> = {
  openai: "text.sse",
  anthropic: "cache-tokens.sse",
  groq: "tool-call.sse",
  azure: "text.sse",
  bedrock: "converse-text.eventstream.b64",
  google: "text.sse"
}

const httpTargets = providerModels.map((target) => ({
  ...target,
  recording: recording(target.provider, httpRecordings[target.provider]!)
}))

/**
 * Where to cut a body before its end-of-stream marker: the empty body, inside multi-byte characters,
 * inside a frame's prelude, prelude CRC and headers (event streams), at and inside the last event, one
 * byte short, and a seeded sample of other offsets.
 */
const httpCuts = (recording: Recording, settledAt: number): ReadonlyArray<number> => {
  const body = recording.body
  const special: Array<number> = [0, 1, settledAt - 1]
  special.push(...insideCharacters(body.subarray(0, settledAt)).slice(0, 3))
  if (recording.provider === "bedrock") {
    const frames = frameOffsets(body)
    const second = frames[1] ?? 0
    const last = frames[frames.length - 1] ?? 0
    special.push(second + 2, second + 9, second + 14, last, last + 3)
  } else {
    const text = new TextDecoder().decode(body.subarray(0, settledAt))
    const lastEvent = text.lastIndexOf("\n\n", text.length - 3) + 2
    special.push(lastEvent, lastEvent + 3)
  }
  const cuts = new Set([...special, ...sampleOffsets(settledAt, 8, body.length)])
  return [...cuts].filter((cut) => cut >= 0 && cut < settledAt).sort((a, b) => a - b)
}

/**
 * Where a Gemini body's last event is dispatched: Gemini sends no end-of-stream marker, so its body is complete
 * once the blank line after its last event begins (one byte into a CRLF, which a cut may end the body on).
 */
const lastEventEnd = (body: Uint8Array): number =>
  body.length >= 2 && body[body.length - 2] === 13 && body[body.length - 1] === 10 ? body.length - 1 : body.length

describe("every recorded body, cut at every byte", () => {
  // One linear pass per recording through its provider's synchronous decoding core: a byte at a time,
  // so every byte position is a point where the body could have ended.
  for (const recording of recordings) {
    it(`${recording.provider}/${recording.name}: nothing settles before the end-of-stream marker, and a body cut before it is truncated`, () => {
      const whole = decodePieces(recording, [recording.body])
      const bytewise = decodeBytewise(recording)
      // A byte at a time, the decoder settles the way it settles on the whole body, with the same chunks,
      // and what follows the byte where it settles is never read: the body up to that byte decodes the
      // same. No byte position before it completes or fails the response.
      const settledAt = recording.provider === "google" ? lastEventEnd(recording.body) : bytewise.settledAt
      assert.strictEqual(outcomeOf(bytewise.status), outcomeOf(whole.status))
      assert.deepStrictEqual(bytewise.chunks.map((chunk) => chunk.chunk), whole.chunks.map((chunk) => chunk.chunk))
      const upTo = decodePieces(recording, [recording.body.subarray(0, settledAt)])
      assert.strictEqual(outcomeOf(upTo.status), outcomeOf(whole.status))
      assert.strictEqual(upTo.chunks.length, whole.chunks.length)
      // A body that ends before that point is a truncated response, never a success, with a prefix of
      // the content (a bounded, seeded sample of the cut points, the first and the last included).
      const fullContent = contentOf(whole.chunks)
      const cuts = new Set([0, settledAt - 1, ...sampleOffsets(settledAt, 48, recording.body.length)])
      for (const cut of cuts) {
        if (cut < 0 || cut >= settledAt) continue
        const prefix = recording.body.subarray(0, cut)
        const cutBody = decodePieces(recording, splitAt(prefix, [cut >> 1]))
        assert.instanceOf(cutBody.status, ProviderError.TruncatedStreamError, `cut at byte ${cut}`)
        assert.isTrue(fullContent.startsWith(contentOf(cutBody.chunks)), `cut at byte ${cut}: wrong content`)
      }
    })
  }
})

describe("bodies cut over real HTTP (sampled cuts)", () => {
  for (const target of httpTargets) {
    it.live(`${target.provider}: cuts inside characters, frames and the end-of-stream marker are truncated streams`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const whole = decodePieces(target.recording, [target.recording.body])
        const fullContent = contentOf(whole.chunks)
        const cuts = httpCuts(target.recording, whole.settledAt)
        assert.isAtLeast(cuts.length, 12)
        for (const [index, cut] of cuts.entries()) {
          const [clientName, client] = clients[index % clients.length]!
          const baseUrl = server.serve({
            headers: { "content-type": target.contentType },
            body: target.recording.body.subarray(0, cut),
            cuts: [cut >> 1]
          })
          const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(
            Effect.provide(target.model(baseUrl).pipe(Layer.provide(client)))
          )
          const error = failureOf(result)
          assert.instanceOf(error, ProviderError.TruncatedStreamError, `cut at byte ${cut} (${clientName}): ${error}`)
          assert.isTrue(fullContent.startsWith(contentOf(chunks)), `cut at byte ${cut} (${clientName}): wrong content`)
        }
      }))
  }
})

describe("fuzzing (fixed seeds)", () => {
  for (const target of targets) {
    it(`${target.name}: mutated bodies end in a result or a typed error`, async () => {
      const runner = runnerFor(target)
      await FastCheck.assert(
        FastCheck.asyncProperty(
          FastCheck.array(mutation, { minLength: 1, maxLength: 6 }),
          FastCheck.integer({ min: 1, max: 1_000_000 }),
          FastCheck.integer({ min: 1, max: 300 }),
          (mutations, seed, maxPiece) => survives(runner, mutate(target.body, mutations), seed, maxPiece)
        ),
        { numRuns: 150, seed: 20261121 }
      )
      await runner.dispose()
    }, 120_000)

    it(`${target.name}: random bytes end in a typed error`, async () => {
      const runner = runnerFor(target)
      await FastCheck.assert(
        FastCheck.asyncProperty(
          FastCheck.uint8Array({ maxLength: 4_000 }),
          FastCheck.integer({ min: 1, max: 1_000_000 }),
          (bytes, seed) => survives(runner, bytes, seed, 97)
        ),
        { numRuns: 100, seed: 7 }
      )
      await runner.dispose()
    }, 120_000)
  }

  it("the SSE parser's memory is bounded by maxEventSize, whatever arrives", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(FastCheck.string({ unit: "binary", maxLength: 2_000 }), { maxLength: 60 }),
        (pieces) => {
          const parser = new Sse.Parser(1_024)
          const out: Array<Sse.Event> = []
          const encoder = new TextEncoder()
          for (const piece of pieces) {
            if (parser.push(encoder.encode(piece), out) !== undefined) break
            // Nothing held back exceeds the bound: every dispatched event and the pending state fit in it.
            for (const event of out) assert.isAtMost(event.data.length, 1_024)
            out.length = 0
          }
        }
      ),
      { numRuns: 300, seed: 3 }
    )
  })

  it("an endless line without a newline fails as soon as it passes the bound", () => {
    const parser = new Sse.Parser(64 * 1024)
    const piece = new TextEncoder().encode("data: " + "x".repeat(10_000))
    let pushed = 0
    let error: Sse.EventTooLargeError | undefined
    while (error === undefined && pushed < 1_000) {
      error = parser.push(piece, [])
      pushed++
    }
    assert.instanceOf(error, Sse.EventTooLargeError)
    assert.isAtMost(pushed, 8)
  })
})
