/**
 * `@aws-sdk/client-bedrock-runtime` as an oracle of Converse request bodies: the JSON body the SDK itself
 * serializes for a `ConverseStreamCommandInput` (caught in its request handler, never sent).
 */
import { BedrockRuntimeClient, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime"
import type { ConverseStreamCommandInput } from "@aws-sdk/client-bedrock-runtime"

export const serializedBySdk = async (input: ConverseStreamCommandInput): Promise<unknown> => {
  let body: unknown
  const client = new BedrockRuntimeClient({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    requestHandler: {
      handle: async (request: { readonly body: string | Uint8Array }) => {
        body = JSON.parse(typeof request.body === "string" ? request.body : new TextDecoder().decode(request.body))
        throw new Error("serialized")
      }
    } as never
  })
  await client.send(new ConverseStreamCommand(input)).catch(() => undefined)
  return body
}
