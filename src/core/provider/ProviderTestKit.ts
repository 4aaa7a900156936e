/**
 * What the test kit asks of a provider: how its streams are generated and how its responses go over the wire.
 * Each provider's folder has its `<Provider>TestKit.ts`; `ProviderTestKits.testKits` maps a provider to it.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import type * as Stream from "effect/Stream"
import type * as BodyDecoder from "../framing/BodyDecoder.js"
import type * as ProviderError from "../ProviderError.js"
import type * as CallRequest from "../request/CallRequest.js"
import type * as Conversation from "../request/Conversation.js"
import type * as StreamScript from "./StreamScript.js"

/** How the test kit generates a provider's streams. */
export interface Payloads {
  /** The models a generated stream names by default (all in the bundled price table). */
  readonly models: ReadonlyArray<string>
  /** The raw finish reasons it sends when no tool was called (the first is the usual one). */
  readonly finishReasons: ReadonlyArray<string>
  /** How the ids of its tool calls start. */
  readonly toolCallIdPrefix: string
  /** The payloads it would send for the script, in order: what its chunks' `chunk` holds. */
  readonly of: (script: StreamScript.StreamScript) => ReadonlyArray<unknown>
  /** A body it would send for the script, decoded whole by its own body decoder. */
  readonly decode: (script: StreamScript.StreamScript, body: Uint8Array) => BodyDecoder.Whole<unknown>
}

/** A provider client as a recorded body is served to it. */
export interface Client {
  readonly stream: (
    request: CallRequest.ProviderRequest & { readonly baseModel?: string | undefined }
  ) => Stream.Stream<unknown, ProviderError.ProviderError>
}

/** How a provider's responses go over the wire, and how a recorded one is served. */
export interface Wire {
  /** The content type of its streamed responses. */
  readonly contentType: string
  /** The body that carries these payloads (its chunks' `chunk`), framed as the provider frames them. */
  readonly body: (payloads: ReadonlyArray<unknown>) => Uint8Array
  /** The model a recording's `LanguageModel` names when none is given. */
  readonly defaultModel: string
  /** Its client, as its public module's `layer` makes it, sending every request to `baseUrl`. */
  readonly client: (baseUrl: string) => Effect.Effect<Client, never, HttpClient.HttpClient>
  /** Whether its model takes a `baseModel` (the model an Azure deployment runs, for pricing). */
  readonly baseModel: boolean
  /** The rules its model layer reads a conversation by, where not every API's alone (Claude's refused turns). */
  readonly rules?: Conversation.Rules | undefined
}

/** A provider's part of the test kit. */
export interface ProviderTestKit {
  readonly payloads: Payloads
  readonly wire: Wire
}
