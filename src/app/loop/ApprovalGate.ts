/**
 * How the loop issues approval ids and admits approvals: a `Context.Reference`, so the loop knows no key or store.
 *
 * @internal
 */
import * as Channel from "effect/Channel"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import type * as Message from "../../core/Message.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as CachedContext from "../../core/stream/CachedContext.js"
import type * as Tool from "../../core/Tool.js"
import { ApprovalRefused, type ToolResultEvent } from "./StepEvents.js"
import type * as ToolInput from "./ToolInput.js"
import * as ToolRuns from "./ToolRuns.js"

/** Why an approval may not run its call, or `undefined` when it may. */
export type Refusal = ApprovalRefused | undefined

/**
 * Where an approval is valid (its run, the run's owner, the call's step): an id issued with one needs the same; and
 * what it asks, signed with it (`asks`: `input`, a tool's request for input, its form; else an approval of the call).
 */
export interface Binding {
  readonly run?: string | undefined
  readonly owner?: string | undefined
  readonly step?: number | undefined
  readonly asks?: "input" | undefined
}

/**
 * Issues approval ids, admits approvals, and claims a stored conversation's pending call (run once); `owner`, the
 * owner its ids are bound to (what waits on them is kept in that owner's share of the store).
 */
export interface Gate {
  readonly owner?: string | undefined
  readonly issue: (call: Tool.ToolCall, binding?: Binding) => Effect.Effect<string | undefined>
  readonly admit: (call: Tool.ToolCall, approval: Tool.ToolApproval, binding?: Binding) => Effect.Effect<Refusal>
  readonly claimPending: (turn: Message.AssistantMessage, call: Tool.ToolCall) => Effect.Effect<Refusal>
  /**
   * A spend limit's id, as the record of its question's answer names it (a tag under the server's key); without it
   * (or `undefined` for a limit), a limit answered is asked again in each request.
   */
  readonly limitId?: ((limit: CallRequest.SpendLimit | undefined) => Effect.Effect<string | undefined>) | undefined
  /**
   * Keeps the call an approval edited (`edited`) while its tool's request for input waits under `approvalId`, for
   * `owner`; without it, nothing is kept (a gate that issues no ids).
   */
  readonly keepEdit?: ToolInput.KeepEdit | undefined
  /** The call as an approval edited it, kept under `approvalId` for `owner` (`keepEdit`), else `made`. */
  readonly editedCall?: ToolInput.EditedCall | undefined
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

/** `stream` run with `gate`: taken by the loop it is, else in context on every pull for any loop it starts. */
export const provide = <A, E, R>(stream: Stream.Stream<A, E, R>, gate: Gate): Stream.Stream<A, E, R> =>
  Stream.fromChannel(Channel.fromTransform((upstream, scope) => {
    const offer: Offer = { stream, gate, taken: false }
    const provided = CachedContext.updating((from) =>
      Context.add(Context.add(from, ApprovalGate, gate), Offered, offer)
    )
    const start = Channel.toTransform(Stream.toChannel(stream))(upstream, scope)
    return Effect.map(provided(start), (pull) => offer.taken ? pull : provided(pull))
  }))
