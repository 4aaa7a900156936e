/**
 * How the loop issues approval ids and admits approvals: a `Context.Reference`, so that the loop itself knows no
 * key and no store. Without one, an approval request has no id, and an approval that carries one is refused
 * (`unverified`). A loop served to a browser runs with `signing/UIApprovalGate`'s: signed ids, claimed once.
 *
 * @internal
 */
import * as Channel from "effect/Channel"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import type * as Message from "../../core/Message.js"
import * as CachedContext from "../../core/stream/CachedContext.js"
import type * as Tool from "../../core/Tool.js"
import { ApprovalRefused, type ToolResultEvent } from "./StepEvents.js"
import * as ToolRuns from "./ToolRuns.js"

/** Why an approval may not run its call, or `undefined` when it may. */
export type Refusal = ApprovalRefused | undefined

/**
 * Where an approval is valid: the run its call belongs to, the run's owner and the call's step, each left out where
 * the issuer has none. An id issued with a binding is admitted only with the same.
 */
export interface Binding {
  readonly run?: string | undefined
  readonly owner?: string | undefined
  readonly step?: number | undefined
}

/**
 * The id an approval request carries, whether an approval may run its call, and whether a call of a stored
 * conversation that nothing answers may run (`Conversation.pendingOf`): once, its run claimed.
 */
export interface Gate {
  readonly issue: (call: Tool.ToolCall, binding?: Binding) => Effect.Effect<string | undefined>
  readonly admit: (call: Tool.ToolCall, approval: Tool.ToolApproval, binding?: Binding) => Effect.Effect<Refusal>
  readonly claimPending: (turn: Message.AssistantMessage, call: Tool.ToolCall) => Effect.Effect<Refusal>
}

/** The gate in context; without one, ids are neither issued nor trusted. */
export const ApprovalGate: Context.Reference<Gate> = /* @__PURE__ */ Context.Reference<Gate>(
  "effect-llm-stream/ApprovalGate",
  {
    defaultValue: () => ({
      issue: () => Effect.undefined,
      admit: (call, approval) =>
        Effect.succeed(
          approval.approvalId === undefined ? undefined : new ApprovalRefused({
            toolCallId: call.id,
            reason: "unverified",
            message: "not run: nothing here checks approval ids"
          })
        ),
      // A program's own loop, served to no client: nothing can send its conversation again.
      claimPending: () => Effect.undefined
    })
  }
)

/** Runs `answering` (a pending call's handler) if `gate` claims the call's run now; else answers with the refusal. */
export const runOnce = <E, R>(
  gate: Gate,
  step: number,
  turn: Message.AssistantMessage,
  call: Tool.ToolCall,
  answering: Effect.Effect<ToolResultEvent, E, R>
): Effect.Effect<ToolResultEvent, E, R> =>
  Effect.flatMap(gate.claimPending(turn, call), (refusal) =>
    refusal === undefined
      ? answering
      : Effect.succeed(ToolRuns.answered(step, call, refusal, refusal.message, true)))

/** A gate offered to the stream starting (`provide`): taken by the loop that stream is (`takenBy`). */
interface Offer {
  readonly stream: unknown
  readonly gate: Gate
  taken: boolean
}

const Offered = /* @__PURE__ */ Context.Reference<Offer | undefined>("effect-llm-stream/ApprovalGate/Offered", {
  defaultValue: () => undefined
})

/** The gate offered to `stream` (a loop's, starting in `fiber`), taken; `undefined` when none is offered to it. */
export const takenBy = (fiber: Fiber.Fiber<unknown, unknown>, stream: unknown): Gate | undefined => {
  const offer = fiber.getRef(Offered)
  if (offer === undefined || offer.stream !== stream) return undefined
  offer.taken = true
  return offer.gate
}

/**
 * `stream` run with `gate`: offered to it as it starts, and taken by the loop it is (`runTools`'s); else (a stream
 * made of a loop's) in context as it starts and on every pull, for any loop it starts.
 */
export const provide = <A, E, R>(stream: Stream.Stream<A, E, R>, gate: Gate): Stream.Stream<A, E, R> =>
  Stream.fromChannel(Channel.fromTransform((upstream, scope) => {
    const offer: Offer = { stream, gate, taken: false }
    const provided = CachedContext.updating((from) =>
      Context.add(Context.add(from, ApprovalGate, gate), Offered, offer)
    )
    const start = Channel.toTransform(Stream.toChannel(stream))(upstream, scope)
    return Effect.map(provided(start), (pull) => offer.taken ? pull : provided(pull))
  }))
