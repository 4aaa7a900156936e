/**
 * What a call's spend is estimated from when its usage is missing: the request as sent, the model it was priced
 * as, and its token family. The model layer tells it to the observers of the stream's ending (`observe`), which
 * keep it in a field of their own.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import * as Channel from "effect/Channel"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import type * as Pull from "effect/Pull"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as Provider from "../Provider.js"
import type * as CallRequest from "../request/CallRequest.js"
import * as StreamStart from "../stream/StreamStart.js"
import * as TokenEstimate from "./TokenEstimate.js"
import type * as TokenFamily from "./TokenFamily.js"
import * as Tokenizer from "./Tokenizer.js"

/** What the estimates know of the model a call is sent to, from its provider's profile. */
export interface ModelFacts {
  readonly family: TokenFamily.Family
  readonly maxOutputTokens?: number | undefined
  readonly defaultOutputTokens?: number | undefined
  /** The media types of the file parts the provider sends as numbered documents, where only some (`Profile`). */
  readonly documentTypes?: ReadonlySet<string> | undefined
}

/** What set the output cap a call was sent with, when it was below the request's own: a budget or a spend limit. */
export type Bound = "budget" | "spend-limit"

/** The request of a call, as its spend is estimated from it. */
export class Basis {
  #input: number | undefined
  /** Whether the request was handed to the provider's client: a call a spend limit refused was not. */
  sent = true
  /** What capped the output below the request's own cap, if anything did. */
  bound: Bound | undefined = undefined
  /** When the call started (epoch milliseconds, the fiber's clock): the time its prices are in force at. */
  sentAt: number | undefined = undefined
  readonly provider: Provider.Name
  /** The model the request was sent for. */
  readonly model: string
  /** The model prices are looked up by before the response names one (an Azure deployment's base model). */
  readonly pricingModel: string
  readonly family: TokenFamily.Family
  /** The largest output cap the model takes, when known (a larger one is refused). */
  readonly maxOutputTokens: number | undefined
  /** The output cap a request without `maxTokens` is sent with, when the provider sends one of its own. */
  readonly defaultOutputTokens: number | undefined
  /** The media types of the file parts the provider sends as numbered documents, where only some; else every one. */
  readonly documentTypes: ReadonlySet<string> | undefined
  readonly request: CallRequest.Request

  constructor(
    provider: Provider.Name,
    model: string,
    pricingModel: string,
    facts: ModelFacts,
    request: CallRequest.Request
  ) {
    this.provider = provider
    this.model = model
    this.pricingModel = pricingModel
    this.family = facts.family
    this.maxOutputTokens = facts.maxOutputTokens
    this.defaultOutputTokens = facts.defaultOutputTokens
    this.documentTypes = facts.documentTypes
    this.request = request
  }

  /** The estimated input tokens, counted once (with the tokenizer if it had loaded by then: see `ready`). */
  inputTokens(): number {
    return this.#input ??= TokenEstimate.inputTokens(this.request, this.family)
  }

  /** Loads the family's tokenizer (if it can be loaded), so that the counts use it. */
  get ready(): Effect.Effect<void> {
    const encoding = this.family.encoding
    return Tokenizer.isSettled(encoding) ? Effect.void : Effect.promise(() => Tokenizer.load(encoding))
  }
}

/**
 * What hears the basis of each call that starts inside an observed stream (`observe`): the observers around it, each
 * called with the basis as an argument, innermost first. `undefined` outside any observer.
 */
export type OnCall = (basis: Basis) => void

const Observers = Context.Reference<OnCall | undefined>("effect-llm-stream/CallBasis/Observers", {
  defaultValue: () => undefined
})

/** Tells `basis` to the observers around `fiber`'s stream (`observe`), its start time set first: a call starts. */
export const tell = (basis: Basis, fiber: Fiber.Fiber<unknown, unknown>): void => {
  basis.sentAt ??= fiber.getRef(Clock.Clock).currentTimeMillisUnsafe()
  fiber.getRef(Observers)?.(basis)
}

/**
 * Tells `basis` to the observers around the stream when it starts (`observe`); the stream passes through unchanged.
 * A stage that starts the call's stream already (`Telemetry`'s) tells it with `tell` instead.
 */
export const record = <A, E, R>(basis: Basis, self: Stream.Stream<A, E, R>): Stream.Stream<A, E, R> =>
  StreamStart.unwrap(Effect.withFiber((fiber) => {
    tell(basis, fiber)
    return Effect.succeed(self)
  }))

/** `onCall`, then the observers around `fiber`'s stream: what a call inside it tells its basis to. */
const heardBy = (onCall: OnCall, fiber: Fiber.Fiber<unknown, unknown>): OnCall => {
  const outer = fiber.getRef(Observers)
  return outer === undefined ? onCall : (basis) => {
    onCall(basis)
    outer(basis)
  }
}

/**
 * The context of an observer's stream (`StreamEnding.Observer`'s `around`) in which a call inside it tells its basis
 * to `onCall`, then to the observers around `fiber`'s: `observe` in the observing stage itself.
 */
export const hearing = (
  onCall: OnCall,
  fiber: Fiber.Fiber<unknown, unknown>
): <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R> => {
  const heard = heardBy(onCall, fiber)
  return (effect) => Effect.provideService(effect, Observers, heard)
}

/**
 * Calls `onCall` with the basis of each call inside the stream (and then the observers around this one), heard at
 * the stream's start and its first pull (when a call records it), then no more. The stream passes through unchanged.
 */
export const observe = <A, E, R>(self: Stream.Stream<A, E, R>, onCall: OnCall): Stream.Stream<A, E, R> =>
  Stream.fromChannel(Channel.fromTransform((_, scope) => observedPull(self, onCall, scope))) as Stream.Stream<A, E, R>

/**
 * The pull of `self` started in `scope`, `onCall` told of each call's basis as `observe` tells it: for a stage that
 * observes as it converts, in one stage of its own (`fromStream`).
 */
export const observedPull = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  onCall: OnCall,
  scope: Scope.Scope
): Effect.Effect<Pull.Pull<Arr.NonEmptyReadonlyArray<A>, E, void>, never, R> =>
  Effect.withFiber((fiber) => {
    const heard = heardBy(onCall, fiber)
    // The pull needs what `self` needs, which the stage it is pulled in runs with (as `Stream.transformPull`).
    const started = Channel.toPullScoped(self.channel, scope) as Effect.Effect<
      Pull.Pull<Arr.NonEmptyReadonlyArray<A>, E, void>,
      never,
      R
    >
    return Effect.map(
      Effect.provideService(started, Observers, heard),
      (pull) => {
        // A call records its basis when it starts, on the first pull: the later pulls are the bare pull.
        let first = true
        const provided = Effect.provideService(pull, Observers, heard)
        return Effect.suspend(() => {
          if (!first) return pull
          first = false
          return provided
        })
      }
    )
  })
