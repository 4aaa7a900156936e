/** Bedrock event-stream frames for hand-made bodies (exceptions, corruption), from the test kit's encoder. */
import { TestKit } from "effect-llm-stream/testing"

export const event = TestKit.bedrockEventFrame

export const exception = (exceptionType: string, payload: unknown): Uint8Array =>
  TestKit.eventStreamFrame(
    { ":exception-type": exceptionType, ":content-type": "application/json", ":message-type": "exception" },
    payload
  )

export const concat = TestKit.concatBytes
