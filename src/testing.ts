/**
 * Test helpers for programs that stream LLM calls: `TestKit` (replayed chunks, recorded responses as
 * layers, arbitraries of whole provider streams) and `ReplayServer` (recorded bodies over real HTTP on
 * 127.0.0.1, Node.js only). Its own entry point, `effect-llm-stream/testing`, so that the library's root
 * import carries none of it.
 *
 * @since 0.2.0
 */

/** @since 0.1.0 */
export * as TestKit from "./testkit/TestKit.js"

/** @since 0.2.0 */
export * as ReplayServer from "./testkit/ReplayServer.js"
