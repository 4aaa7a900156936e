/**
 * The official Durable Streams conformance suite against `DurableStreams.layer` on the Redis store, a real
 * `redis-server` started on a free port: the same tests skipped as on the memory store
 * (test/support/DurableStreamsConformance.ts), none more.
 */
import { StreamStore } from "effect-llm-stream"
import { afterAll, describe, it } from "vitest"
import { conformance, serve } from "../../support/DurableStreamsConformance.js"
import { redisServer, startRedis } from "../../support/RedisServer.js"

if (redisServer === undefined) {
  describe("DurableStreams.layer on the Redis store", () => {
    it.skip("needs redis-server installed", () => {})
  })
} else {
  const redis = await startRedis()
  afterAll(() => redis.kill())
  const url = await serve(StreamStore.layerRedis({ url: redis.url }))
  conformance("DurableStreams.layer on the Redis store", url)
}
