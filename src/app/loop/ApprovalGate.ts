/**
 * How the loop issues approval ids and admits approvals: a `Context.Reference`, so that the loop itself knows no
 * key and no store. Without one, an approval request has no id, and an approval that carries one is refused
 * (`unverified`): nothing checks it. A loop served to a browser (`UIMessageStream.fromSteps`) runs with the gate
 * of `signing/UIApprovalGate`: signed ids, checked and claimed once in the `StreamStore`.
 *
 * The loop reads its gate once, as it starts. `runTools`'s stream also carries how to run it with a gate given
 * (`withGate`): `fromSteps` gives its gate so, and provides it to every pull only of a stream that carries none
 * (one mapped after `runTools`, say); provided per pull, a served answer paid a context per model delta.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type * as Message from "../../core/Message.js"
import * as StreamCarry from "../../core/stream/StreamCarry.js"
import type * as Tool from "../../core/Tool.js"
import { ApprovalRefused, type ToolResultEvent } from "./StepEvents.js"
import * as ToolRuns from "./ToolRuns.js"

/** Why an approval may not run its call, or `undefined` when it may. */
export type Refusal = ApprovalRefused | undefined

/**
 * Where an approval is valid: the run its call belongs to, the run's owner and the call's step, each left out where
 * the issuer has none (a loop served to a browser by `fromSteps` binds the chat, as the run, and its owner when it is
 * given them, as `ChatEndpoint` and AG-UI do; the durable loop binds all three). An id issued with a binding is
 * admitted only with the same.
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

/**
 * Runs `answering` (the handler of a pending call of `turn`, at `step`) if `gate` claims the call's run now; else
 * answers the call with the refusal, which the model reads.
 */
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

/** How a loop's stream runs with a gate given (`runTools`'s carries it). */
const key = StreamCarry.key<(gate: Gate) => Stream.Stream<any, any, any>>("~effect-llm-stream/ApprovalGate/withGate")

/** Marks a loop's `stream`, just made, with `withGate`: the same loop, run with a given gate, not the one in context. */
export const carry = <S extends Stream.Stream<any, any, any>>(stream: S, withGate: (gate: Gate) => S): S =>
  StreamCarry.carry(stream, key, withGate)

/** Makes `stream` run with `gate`, if it carries how (`carry`); `undefined` for any other stream. */
export const withGate = <S extends Stream.Stream<any, any, any>>(stream: S, gate: Gate): S | undefined =>
  StreamCarry.get(stream, key)?.(gate) as S | undefined

/**
 * Applies `f` (a stage over a loop's events, such as a watch of them) to `stream`, keeping what it carries: the loop
 * under the stage can still be given its gate.
 */
export const through = <S extends Stream.Stream<any, any, any>, T extends Stream.Stream<any, any, any>>(
  stream: S,
  f: (stream: S) => T
): T => {
  const gated = StreamCarry.get(stream, key)
  return gated === undefined ? f(stream) : carry(f(stream), (gate) => f(gated(gate) as S))
}
