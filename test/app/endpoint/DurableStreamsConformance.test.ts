/**
 * The official Durable Streams conformance suite against `DurableStreams.layer` on the memory store
 * (test/support/DurableStreamsConformance.ts says which tests are skipped and why); `DS_REFERENCE=1` runs the suite
 * against the reference server (`DurableStreamTestServer`) in the same file, to compare.
 */
import { DurableStreamTestServer } from "@durable-streams/server"
import { runConformanceTests } from "@durable-streams/server-conformance-tests"
import { StreamStore } from "effect-llm-stream"
import { afterAll, describe } from "vitest"
import { conformance, longPollTimeoutMs, serve } from "../../support/DurableStreamsConformance.js"

// The suite writes every stream as one owner and leaves most open: the whole store is its share.
const url = await serve(StreamStore.layerMemory({
  maxStreamsPerOwner: StreamStore.defaultMaxStreams,
  maxBytesPerOwner: StreamStore.defaultMaxBytes
}))

conformance("DurableStreams.layer on the memory store", url)

if (process.env["DS_REFERENCE"] === "1") {
  const server = new DurableStreamTestServer({ port: 0, longPollTimeout: longPollTimeoutMs })
  const reference = await server.start()
  afterAll(() => server.stop())
  describe("the reference server", () => runConformanceTests({ baseUrl: reference, longPollTimeoutMs }))
}
