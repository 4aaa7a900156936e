/**
 * How the loop issues approval ids and admits approvals: a `Context.Reference`, so that the loop itself knows no
 * key and no store. Without one, an approval request has no id, and an approval that carries one is refused
 * (`unverified`): nothing checks it. A loop served to a browser (`UIMessageStream.fromSteps`) runs with the gate
 * of `ui/UIApprovalGate`: signed ids, checked and claimed once in the `StreamStore`.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as ApprovalToken from "../signing/ApprovalToken.js"
import type * as Tool from "../Tool.js"
import { ApprovalRefused } from "./StepEvents.js"

/** Why an approval may not run its call, or `undefined` when it may. */
export type Refusal = ApprovalRefused | undefined

/**
 * Where an approval is valid: the run, owner and step of its call, for a loop that has them (the durable loop);
 * an id issued with one is admitted only with the same.
 */
export type Binding = ApprovalToken.Binding

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
