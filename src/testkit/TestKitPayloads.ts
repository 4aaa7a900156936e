/**
 * A generated stream written as the provider's wire body (its payloads of the script, framed as it frames
 * them: `providers/<provider>/<Provider>TestKit.ts`) and decoded back into chunks by the provider's own body
 * decoder, so that every generated chunk is one the real decoder produces.
 *
 * @internal
 */
import type * as CallResponseChunk from "../core/call/CallResponseChunk.js"
import * as BodyDecoder from "../core/framing/BodyDecoder.js"
import type * as StreamScript from "../core/provider/StreamScript.js"
import * as ProviderTestKits from "../providers/ProviderTestKits.js"

/** The chunks of a script's stream; a body its decoder rejects is a bug of the generator, reported with the body. */
export const chunksOf = (
  provider: CallResponseChunk.Provider,
  script: StreamScript.StreamScript
): ReadonlyArray<unknown> => {
  const { payloads, wire } = ProviderTestKits.testKits[provider]
  const body = wire.body(payloads.of(script))
  const decoded = payloads.decode(script, body)
  if (decoded.status !== BodyDecoder.complete) {
    throw new Error(
      `TestKit generated a stream its decoder rejects (${String(decoded.status)}): ${new TextDecoder().decode(body)}`
    )
  }
  return decoded.values
}
