/**
 * SigV4 signing of Bedrock requests (service `bedrock`) with `aws4fetch`, and the credentials it takes.
 *
 * @internal
 */
import { AwsV4Signer } from "aws4fetch"
import * as Effect from "effect/Effect"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Redacted from "effect/Redacted"
import * as ProviderError from "../../core/ProviderError.js"

/**
 * AWS credentials for SigV4 signing.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted
  readonly sessionToken?: Redacted.Redacted | undefined
}

/** Static credentials, or the credentials an effect yields for each call. */
export const resolveCredentials = (
  credentials: Credentials | Effect.Effect<Credentials, unknown>
): Effect.Effect<Credentials, ProviderError.AuthenticationError> =>
  Effect.isEffect(credentials)
    ? Effect.mapError(credentials, (error) =>
      new ProviderError.AuthenticationError({
        provider: "bedrock",
        message: `bedrock: could not obtain AWS credentials: ${error instanceof Error ? error.message : String(error)}`
      }))
    : Effect.succeed(credentials)

/** Signs a request with SigV4 (service `bedrock`): the `authorization` and `x-amz-*` headers. */
export const sign = (
  request: HttpClientRequest.HttpClientRequest,
  options: { readonly region: string; readonly credentials: Credentials; readonly date: Date }
): Effect.Effect<HttpClientRequest.HttpClientRequest> =>
  Effect.promise(async () => {
    const body = request.body._tag === "Uint8Array" ? request.body.body : undefined
    const { credentials } = options
    const signer = new AwsV4Signer({
      method: request.method,
      url: request.url,
      headers: Object.entries(request.headers),
      body: body === undefined ? null : (body as Uint8Array<ArrayBuffer>),
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: Redacted.value(credentials.secretAccessKey),
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: Redacted.value(credentials.sessionToken) }),
      service: "bedrock",
      region: options.region,
      datetime: options.date.toISOString().replace(/[:-]|\.\d{3}/g, "")
    })
    const signed = await signer.sign()
    let result = request
    signed.headers.forEach((value, name) => {
      if (name === "authorization" || name.startsWith("x-amz-")) {
        result = HttpClientRequest.setHeader(result, name, value)
      }
    })
    return result
  })
