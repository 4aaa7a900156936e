/**
 * The official Durable Streams conformance suite against `DurableStreams.layer` on a store that is itself a Durable
 * Streams server (`StreamStore.layerDurableStreams` on the reference server `@durable-streams/server`, in this
 * process on a free port): the same tests skipped as on the memory store (test/support/DurableStreamsConformance.ts),
 * none more. Its streams' `Stream-TTL` and `Stream-Expires-At` are kept by the store's `expire` (an item of each
 * answer's control stream).
 */
import { DurableStreamTestServer } from "@durable-streams/server"
import { StreamStore } from "effect-llm-stream"
import { afterAll } from "vitest"
import { conformance, serve } from "../../support/DurableStreamsConformance.js"

const backing = new DurableStreamTestServer({ port: 0, host: "127.0.0.1", longPollTimeout: 2000 })
const backingUrl = `${await backing.start()}/v1/stream`
afterAll(() => backing.stop())
const url = await serve(StreamStore.layerDurableStreams({ url: backingUrl, prefix: `conformance-${process.pid}/` }))
conformance("DurableStreams.layer on a Durable Streams store", url)
