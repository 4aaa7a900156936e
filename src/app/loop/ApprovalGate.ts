/**
 * How the loop issues approval ids and admits approvals: a `Context.Reference`, so that the loop itself knows no
 * key and no store. Without one, an approval request has no id, and an approval that carries one is refused
 * (`unverified`): nothing checks it. A loop served to a browser (`UIMessageStream.fromSteps`) runs with the gate
 * of `signing/UIApprovalGate`: signed ids, checked and claimed once in the `StreamStore`.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Tool from "../../core/Tool.js"
import { ApprovalRefused } from "./StepEvents.js"

/** Why an approval may not run its call, or `undefined` when it may. */
export type Refusal = ApprovalRefused | undefined

/**
 * Where an approval is valid: the run its call belongs to, the run's owner and the call's step, each left out where
 * the issuer has none (a loop served to a browser by `fromSteps` binds none; the durable loop binds all three). An
 * id issued with a binding is admitted only with the same.
 */
export interface Binding {
  readonly run?: string | undefined
  readonly owner?: string | undefined
  readonly step?: number | undefined
}

/** The id an approval request carries, and whether an approval may run its call. */
export interface Gate {
  readonly issue: (call: Tool.ToolCall, binding?: Binding) => Effect.Effect<string | undefined>
  readonly admit: (call: Tool.ToolCall, approval: Tool.ToolApproval, binding?: Binding) => Effect.Effect<Refusal>
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
        )
    })
  }
)
