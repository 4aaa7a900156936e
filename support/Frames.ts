/**
 * Hand-made response bodies: Server-Sent Events, and Bedrock event-stream frames (exceptions, corruption) from
 * the test kit's encoder.
 */
import { TestKit } from "effect-llm-stream/testing"

/**
 * Server-Sent Events, one per `[name, data]`: an `event:` line when `name` is given, and one `data:` line
 * holding `data` as is when it is a string (`[DONE]`), as JSON otherwise.
 */
export const sse = (events: ReadonlyArray<readonly [name: string | undefined, data: unknown]>): Uint8Array =>
  new TextEncoder().encode(
    events.map(([name, data]) =>
      `${name === undefined ? "" : `event: ${name}\n`}data: ${
        typeof data === "string" ? data : JSON.stringify(data)
      }\n\n`
    ).join("")
  )

export const event = TestKit.bedrockEventFrame

export const exception = (exceptionType: string, payload: unknown): Uint8Array =>
  TestKit.eventStreamFrame(
    { ":exception-type": exceptionType, ":content-type": "application/json", ":message-type": "exception" },
    payload
  )

export const concat = TestKit.concatBytes
