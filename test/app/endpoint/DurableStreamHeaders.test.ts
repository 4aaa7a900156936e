/**
 * What `DurableStreams.layer` answers a read with, as the protocol asks (PROTOCOL.md 5.6, 5.7, 10.1): an `ETag` in its
 * form `"<stream>:<start>:<end>"` (`:c` once the read reaches an ended stream's end; none for `offset=now`), a 304 for
 * an `If-None-Match` that names it, `Cache-Control: no-store`, `Stream-Cursor` on a long-poll. A stream is named by any
 * path (`a:b`, `a/b`, as a Durable Streams store names its own), and a `PUT` of another closure than its stream's is a
 * 409 (5.1).
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { DurableStreams, StreamStore } from "effect-llm-stream"

const web = DurableStreams.toWebHandler(
  DurableStreams.layer({ owner: () => Effect.succeed("alice"), writes: { prefix: "" }, longPollTimeout: "1 second" })
    .pipe(Layer.provide(StreamStore.layerMemory()))
)
afterAll(async () => (await web).dispose())

const send = async (name: string, init: RequestInit = {}, query = "") =>
  (await web).handler(new Request(`http://app.test/v1/stream/${encodeURIComponent(name)}${query}`, init))

const json = { "content-type": "application/json" }

/** Makes the JSON stream `name` holding `values`. */
const make = async (name: string, values: ReadonlyArray<unknown>) => {
  assert.strictEqual((await send(name, { method: "PUT", headers: json, body: JSON.stringify(values) })).status, 201)
}

const tagOf = (response: Response) => {
  const parts = /^"([^"]+)"$/.exec(response.headers.get("etag") ?? "")?.[1]?.split(":")
  return parts === undefined
    ? undefined
    : { stream: parts[0]!, start: parts[1]!, end: parts[2]!, closed: parts[3] as string | undefined }
}

describe("DurableStreams read headers", () => {
  it("an ETag names the stream, the offset asked and Stream-Next-Offset; :c at an ended stream's end", async () => {
    await make("tags", [1, 2])
    const first = await send("tags", {}, "?offset=-1")
    assert.deepStrictEqual(await first.json(), [1, 2])
    const next = first.headers.get("stream-next-offset")!
    const tag = tagOf(first)!
    assert.deepStrictEqual({ start: tag.start, end: tag.end, closed: tag.closed }, {
      start: "-1",
      end: next,
      closed: undefined
    })
    assert.strictEqual(first.headers.get("cache-control"), "no-store")
    assert.strictEqual(first.headers.get("stream-up-to-date"), "true")
    // From an offset it issued: that offset, the same stream.
    const atTail = await send("tags", {}, `?offset=${next}`)
    assert.deepStrictEqual(tagOf(atTail), { stream: tag.stream, start: next, end: next, closed: undefined })
    // Closing the stream changes the tag of a read that reaches its end.
    assert.strictEqual((await send("tags", { method: "POST", headers: { "stream-closed": "true" } })).status, 204)
    const closed = await send("tags", {}, `?offset=${next}`)
    assert.strictEqual(closed.headers.get("stream-closed"), "true")
    assert.deepStrictEqual(tagOf(closed), { stream: tag.stream, start: next, end: next, closed: "c" })
    // offset=now names no range: no tag.
    assert.isNull((await send("tags", {}, "?offset=now")).headers.get("etag"))
  })

  it("answers 304 with no body for an If-None-Match naming the ETag (in a list, weak, *), 200 for another", async () => {
    await make("conditional", [{ a: 1 }])
    const etag = (await send("conditional", {}, "?offset=-1")).headers.get("etag")!
    for (const given of [etag, `"x:-1:0", ${etag}`, `W/${etag}`, "*"]) {
      const response = await send("conditional", { headers: { "if-none-match": given } }, "?offset=-1")
      assert.strictEqual(response.status, 304, given)
      assert.strictEqual(await response.text(), "")
      assert.strictEqual(response.headers.get("etag"), etag)
    }
    // Another tag: its last character changed (the tag ends with the stream's random generation, which may end in 9).
    const changed = etag.slice(0, -2) + (etag.at(-2) === "9" ? "8" : "9") + "\""
    for (const given of ["\"conditional:-1:0\"", changed, `${etag.slice(0, -1)}:c"`]) {
      const response = await send("conditional", { headers: { "if-none-match": given } }, "?offset=-1")
      assert.strictEqual(response.status, 200, given)
    }
  })

  it("a long-poll's answer carries its ETag and a Stream-Cursor; its 204 a cursor and Stream-Up-To-Date", async () => {
    await make("polled", [1])
    const next = (await send("polled", {}, "?offset=-1")).headers.get("stream-next-offset")!
    const waiting = send("polled", {}, `?offset=${next}&live=long-poll`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    await send("polled", { method: "POST", headers: json, body: "[2]" })
    const polled = await waiting
    assert.strictEqual(polled.status, 200)
    assert.deepStrictEqual(await polled.json(), [2])
    assert.match(polled.headers.get("stream-cursor") ?? "", /^\d+$/)
    assert.strictEqual(tagOf(polled)?.start, next)
    assert.strictEqual(tagOf(polled)?.end, polled.headers.get("stream-next-offset"))
    const idle = await send("polled", {}, `?offset=${polled.headers.get("stream-next-offset")}&live=long-poll`)
    assert.strictEqual(idle.status, 204)
    assert.match(idle.headers.get("stream-cursor") ?? "", /^\d+$/)
    assert.strictEqual(idle.headers.get("stream-up-to-date"), "true")
  })

  it("serves a stream under any name: a:b, a/b and ~a are three streams; a name past 1,024 is none", async () => {
    for (const [name, value] of [["a:b", 1], ["a/b", 2], ["~a", 3], ["a", 4]] as const) await make(name, [value])
    for (const [name, value] of [["a:b", 1], ["a/b", 2], ["~a", 3], ["a", 4]] as const) {
      const read = await send(name, {}, "?offset=-1")
      assert.deepStrictEqual(await read.json(), [value], name)
      assert.notInclude(tagOf(read)!.stream, "/")
    }
    assert.strictEqual((await send("x".repeat(1025), { method: "PUT", headers: json })).status, 404)
  })

  it("a PUT of another closure than its stream's is a 409; of the same settings and closure a 200", async () => {
    await make("open", [])
    assert.strictEqual((await send("open", { method: "PUT", headers: json })).status, 200)
    assert.strictEqual(
      (await send("open", { method: "PUT", headers: { ...json, "stream-closed": "true" } })).status,
      409
    )
    assert.strictEqual((await send("open", { method: "POST", headers: { "stream-closed": "true" } })).status, 204)
    assert.strictEqual((await send("open", { method: "PUT", headers: json })).status, 409)
    assert.strictEqual(
      (await send("open", { method: "PUT", headers: { ...json, "stream-closed": "true" } })).status,
      200
    )
  })
})
