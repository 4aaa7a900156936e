/**
 * An image the model makes streams its source in `contentBlockDelta.delta.image` deltas (`ImageBlockDelta`,
 * @aws-sdk/client-bedrock-runtime 3.1164.0 models_0.d.ts), each a piece of the block the turn sends back. The fold
 * keeps a block's pieces (and citations) in one list it adds to: before, every delta copied the list of all the
 * pieces before it, so a stream of n deltas cost O(n²) time and allocation. Counted here, not timed: the block's list
 * is one array all along. A response the fold gave away mid-block keeps the pieces it had.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as Accumulator from "../../../src/core/fold/Accumulator.js"
import * as ContentBlocks from "../../../src/core/fold/ContentBlocks.js"
import * as BedrockDecoder from "../../../src/providers/bedrock/BedrockDecoder.js"

const context = { modelId: "us.amazon.nova-2-omni-v1:0" }
const blockStart = { image: { format: "png" } }

const chunk = (eventType: string, payload: unknown, block = {}) =>
  Result.getOrThrow(BedrockDecoder.decodeChunk(eventType, payload, context, block))

const start = () => chunk("contentBlockStart", { contentBlockIndex: 0, start: blockStart })
const delta = (bytes: Uint8Array) =>
  chunk("contentBlockDelta", {
    contentBlockIndex: 0,
    delta: { image: { source: { bytes: Buffer.from(bytes).toString("base64") } } }
  }, { blockStart })
const stop = () => chunk("contentBlockStop", { contentBlockIndex: 0 }, { blockStart })

/** The `n`th delta's three bytes. */
const bytesOf = (n: number) => Uint8Array.of(n & 0xff, (n >> 8) & 0xff, 0x2a)

describe("a Bedrock image of many deltas", () => {
  it("20,000 deltas add to one list of pieces, never copied, and go back as the image they make", () => {
    const count = 20_000
    const fold = new Accumulator.Accumulator().push(start())
    const lists = new Set<ReadonlyArray<unknown>>()
    for (let n = 0; n < count; n++) {
      fold.push(delta(bytesOf(n)))
      lists.add(fold.blockRecord(0)!.pieces)
    }
    fold.push(stop())
    assert.strictEqual(lists.size, 1)
    assert.strictEqual(fold.blockRecord(0)!.pieces.length, count)
    const whole = Buffer.concat(Array.from({ length: count }, (_, n) => bytesOf(n)))
    assert.deepStrictEqual(ContentBlocks.build(fold.blockRecords, ContentBlocks.textsOf(fold)), [
      { image: { format: "png", source: { bytes: whole.toString("base64") } } }
    ])
  })

  it("a text's citation deltas add to one list too", () => {
    const text = { text: "" }
    const cite = (n: number) =>
      chunk("contentBlockDelta", { contentBlockIndex: 0, delta: { citation: { title: `${n}.pdf` } } }, {
        blockStart: text
      })
    const fold = new Accumulator.Accumulator().push(chunk("contentBlockStart", { contentBlockIndex: 0, start: text }))
    const lists = new Set<ReadonlyArray<unknown>>()
    for (let n = 0; n < 1_000; n++) {
      fold.push(cite(n))
      lists.add(fold.blockRecord(0)!.citations)
    }
    assert.strictEqual(lists.size, 1)
    assert.strictEqual(fold.blockRecord(0)!.citations.length, 1_000)
  })

  it("a response given away mid-block keeps its pieces while the fold goes on", () => {
    const fold = new Accumulator.Accumulator().push(start()).push(delta(bytesOf(0))).push(delta(bytesOf(1)))
    const given = fold.fields()
    const lists = new Set<ReadonlyArray<unknown>>()
    for (let n = 2; n < 6; n++) {
      fold.push(delta(bytesOf(n)))
      lists.add(fold.blockRecord(0)!.pieces)
    }
    assert.strictEqual(given.blockRecords[0]!.pieces.length, 2)
    assert.strictEqual(fold.blockRecord(0)!.pieces.length, 6)
    // Copied once, when first added to after it was given away; in place after that.
    assert.strictEqual(lists.size, 1)
    assert.notStrictEqual(fold.blockRecord(0)!.pieces, given.blockRecords[0]!.pieces)
  })
})
