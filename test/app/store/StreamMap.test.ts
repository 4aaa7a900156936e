/**
 * The map both stores keep their streams in (by owner, then id): no two (owner, id) pairs share a value, whatever
 * characters either holds, and no owner shares one with no owner; its size counts what it holds, and an owner left
 * with nothing is dropped. Checked against a model of string pairs with fast-check.
 */
import { assert, describe, it } from "@effect/vitest"
import * as FastCheck from "fast-check"
import { StreamMap } from "../../../src/app/store/StreamMap.js"

describe("StreamMap", () => {
  it("keeps (owner, id) pairs apart that a joined key would mix", () => {
    const map = new StreamMap<string>()
    map.set("b", "a:", "first")
    map.set(":b", "a", "second")
    map.set("a:b", undefined, "third")
    map.set("b", "undefined", "fourth")
    assert.strictEqual(map.get("b", "a:"), "first")
    assert.strictEqual(map.get(":b", "a"), "second")
    assert.strictEqual(map.get("a:b", undefined), "third")
    assert.strictEqual(map.get("b", undefined), undefined)
    assert.strictEqual(map.get("b", "undefined"), "fourth")
    assert.strictEqual(map.size, 4)
  })

  it("does what a map of pairs does, for any operations", () => {
    const owner = FastCheck.option(FastCheck.constantFrom("u", "v", "u:", ""), { nil: undefined })
    const id = FastCheck.constantFrom("a", "b", ":a", "a:")
    const operation = FastCheck.tuple(FastCheck.boolean(), id, owner, FastCheck.integer())
    FastCheck.assert(FastCheck.property(FastCheck.array(operation, { maxLength: 60 }), (operations) => {
      const map = new StreamMap<number>()
      const model = new Map<string, number>()
      const pair = (streamId: string, who: string | undefined) => JSON.stringify([streamId, who ?? null])
      for (const [set, streamId, who, value] of operations) {
        if (set) {
          map.set(streamId, who, value)
          model.set(pair(streamId, who), value)
        } else {
          map.delete(streamId, who)
          model.delete(pair(streamId, who))
        }
        assert.strictEqual(map.size, model.size)
        assert.strictEqual(map.get(streamId, who), model.get(pair(streamId, who)))
      }
    }))
  })
})
