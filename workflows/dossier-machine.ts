/**
 * The dossier statechart (hồ sơ một cửa), built from a procedure's workflow definition.
 *
 * The machine is pure: it never does I/O and has no timers. Everything the outside world must
 * do (send a mail, sign a PDF, start or pause the clock) comes out of `transitionDossier` as a
 * named, parameterised effect that the caller persists and runs (ARCHITECTURE.md, "One path").
 * docs/decisions/0002 and 0004 explain the shape; docs/dossier-statechart.md draws it.
 */
import { and, setup, assign, transition, initialTransition, type SnapshotFrom } from "xstate";
import type { Allowance } from "./calendar";
import { DOSSIER_STATUS, DOSSIER_STATUS_NAMES, type DossierStatusCode } from "./dossier-status";

export type Role =
  | "citizen"
  | "desk"
  | "specialist"
  | "unitHead"
  | "leader"
  /** Records clerk (văn thư): applies the agency's seal where the agency names her for it. */
  | "clerk"
  | "admin"
  | "monitor"
  | "postal"
  | "system";

/** Roles of an agency's staff who handle dossiers (cán bộ, công chức). */
export const OFFICER_ROLES: readonly Role[] = ["desk", "specialist", "unitHead", "leader"];
/** Who may stop processing (Mẫu 05): the agency's or the unit's leadership. */
export const STOP_ROLES: readonly Role[] = ["leader", "unitHead"];

/**
 * - `process`: an officer works on the dossier (thụ lý, xem xét, phê duyệt); the default.
 * - `payment`: the applicant owes a fee or financial obligation (status 6); the clock is paused.
 * - `forward`: liên thông — the dossier is at another agency until that agency hands it back.
 */
export type StepKind = "process" | "payment" | "forward";

/** One step after reception, e.g. thụ lý (specialist), xem xét (unit head), phê duyệt (leader). */
export type WorkflowStep = {
  key: string;
  /** Vietnamese name shown to officers and citizens. */
  name: string;
  /**
   * Who acts on the step. For a payment step, who may confirm the payment besides the payment
   * platform (`system`): `citizen` for online payment, `desk` for cash at the counter. For a forward
   * step, the role at the receiving agency that hands the dossier back.
   */
  role: Role;
  allowance: Allowance;
  /**
   * The agency unit that carries the step out (a phòng, a department, or for a forward step the
   * agency the dossier goes to), as the administrator's key. When a forward step names it, FORWARD
   * must go there; otherwise the forwarding officer chooses.
   */
  unit?: string;
  kind?: StepKind;
};

export type WorkflowDefinition = {
  id: string;
  version: number;
  /** Steps in order; the last one is a `process` step and approves the result. */
  steps: WorkflowStep[];
};

/** Values of the result the specialist drafts; rendered into the signed result PDF. */
/**
 * `name` ties a field to the procedure's e-form field it came from, so a typed result template
 * (a birth certificate) can read the specialist's checked values by meaning, not by label.
 */
export type DraftResult = { title: string; fields: Array<{ label: string; value: string; name?: string }> };

/** Who applies the agency's seal after the leader's signature: the records clerk, or the system at once. */
export type SealApplier = "clerk" | "system";

/**
 * Stored in every dossier's snapshot. The fields after `draftResult` came with issue #3; snapshots
 * written before it lack them, so they are optional here and filled in when a snapshot is restored.
 */
export type DossierContext = {
  /** Where a supplemented dossier resumes: 'reception' or a step key. */
  resumeAt: string | null;
  draftResult: DraftResult | null;
  /** ISO instant by which the applicant must supplement; null when none was set. */
  supplementDeadline?: string | null;
  /**
   * The documents the supplement request names as missing (by the procedure's document names), so
   * that the applicant gets an upload for each; empty when the request named none (issue 11).
   */
  supplementDocuments?: string[];
  /** Agencies the dossier is forwarded to and not yet back from, innermost last; empty at home. */
  agencyStack?: string[];
  /** Every agency the dossier was ever forwarded to, in first-visit order: they keep read access. */
  visitedAgencies?: string[];
  /** Set when the leader approves: who must apply the seal (issue #8). */
  sealBy?: SealApplier | null;
  /**
   * The fee of a fully online procedure was paid at submission (issue 9): recorded once, while the
   * dossier is submitted or received, by FEE_PAID without a change of state.
   */
  feePaidAtSubmission?: boolean;
  /**
   * Who works on each step (issue 10): the unit (phòng) it was handed to and the officer who claimed
   * it or was assigned, by step key ('reception' and 'return' for the desk). Kept per step so that a
   * dossier sent back one step returns to the officer who had it; entering a step afresh names only
   * whom the hand-over named. Snapshots from before issue 10 lack it.
   */
  assignments?: Record<string, StepAssignment>;
};

/** Our ids of a unit (agency of kind 'unit') and of a user; null when none is named. */
export type StepAssignment = { unitId: number | null; userId: number | null };

type MachineContext = Required<DossierContext>;

const EMPTY_CONTEXT: MachineContext = {
  resumeAt: null,
  draftResult: null,
  supplementDeadline: null,
  supplementDocuments: [],
  agencyStack: [],
  visitedAgencies: [],
  sealBy: null,
  feePaidAtSubmission: false,
  assignments: {},
};

export type DossierEvent =
  | { type: "RECEIVE"; role: Role }
  | { type: "REFUSE"; role: Role; reason: string }
  /** Hands the received dossier to the first step; `unitId`/`assigneeUserId` name the unit (phòng) and, optionally, the officer. */
  | { type: "TRANSFER"; role: Role } & HandOver
  /** `deadline`: ISO instant by which the applicant must supplement; past it the dossier may be refused. */
  | { type: "REQUEST_SUPPLEMENT"; role: Role; note: string; deadline?: string; documents?: string[] }
  | { type: "SUPPLEMENT_PROVIDED"; role: Role }
  /** Sent by the deadline job; `at` is the job's "now", so a job that runs early changes nothing. */
  | { type: "SUPPLEMENT_DEADLINE_LAPSED"; role: Role; at: string }
  | { type: "COMPLETE_STEP"; role: Role; draftResult?: DraftResult } & HandOver
  /**
   * Claiming (nhận xử lý) or assigning (phân công) the current step, without a change of state. A
   * field left out keeps its value; null clears it. Who may name whom is the server's check.
   */
  | { type: "ASSIGN"; role: Role; unitId?: number | null; assigneeUserId?: number | null }
  | { type: "SEND_BACK"; role: Role; note: string }
  /** The unit head initials the draft result (ký nháy) and hands it to the leader: her signature event. */
  | { type: "REVIEW_SIGNED"; role: Role }
  /** The leader approves and signs the result; `sealBy` is the agency's setting, filled in by the server. */
  | { type: "APPROVE"; role: Role; sealBy: SealApplier }
  /** The agency's seal is applied to the signed result, by the role the agency named for it. */
  | { type: "SEAL"; role: Role }
  | { type: "RETURN_RESULT"; role: Role }
  | { type: "WITHDRAW"; role: Role; reason?: string }
  | { type: "STOP"; role: Role; reason: string }
  /** Mẫu 04: a delay is foreseen; `newDueAt` is the new appointment (ISO instant). */
  | { type: "APOLOGISE"; role: Role; newDueAt: string; reason: string }
  /** `reference`: the payment platform's transaction id or the receipt number (biên lai). */
  | { type: "FEE_PAID"; role: Role; reference?: string }
  | { type: "FORWARD"; role: Role; targetAgency: string; note?: string }
  | { type: "FORWARD_RETURNED"; role: Role; note?: string; draftResult?: DraftResult }
  /**
   * The postal partner reports an order's status (thu gom hồ sơ, chuyển phát kết quả): recorded
   * in the history, the dossier's state does not change.
   */
  | { type: "POSTAL_STATUS"; role: Role; kind: PostalOrderKind; status: string };

export type PostalOrderKind = "pickup" | "delivery";

/** What a hand-over to the next step may name: the unit that takes it and, optionally, the person. */
export type HandOver = { unitId?: number; assigneeUserId?: number };

export type DossierEventType = DossierEvent["type"];

/** What the machine asks the outside world to do. */
export type DossierEffect =
  | { type: "startClock" }
  | { type: "pauseClock" }
  | { type: "resumeClock" }
  | { type: "startStepClock"; stepKey: string }
  | { type: "notifyApplicant"; template: NotificationTemplate }
  | { type: "issueRefusal" }
  /** Mẫu 01; `occasion` tells the submission acknowledgement from the receipt issued at reception. */
  | { type: "issueReceipt"; occasion: "submission" | "reception" }
  /** The agency seals by the system: apply the seal to the leader-signed result now. */
  | { type: "sealResult" }
  /** A supplement request with a deadline: something must send SUPPLEMENT_DEADLINE_LAPSED after it. */
  | { type: "scheduleSupplementDeadline"; deadline: string }
  /** Mẫu 02, phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: what is missing and why. */
  | { type: "issueSupplementRequest" }
  /** Mẫu 05, dừng giải quyết. */
  | { type: "issueStopNotice"; reason: string }
  /** Mẫu 04, phiếu xin lỗi và hẹn lại ngày trả kết quả. */
  | { type: "issueApology"; newDueAt: string; reason: string }
  /** The dossier's overall due time becomes `newDueAt`. */
  | { type: "extendDue"; newDueAt: string }
  /** The applicant is asked to pay (status 6) for the payment step `stepKey`. */
  | { type: "requestFee"; stepKey: string }
  /** Liên thông; `fromAgency` null means the receiving agency. */
  | { type: "forwardToAgency"; fromAgency: string | null; toAgency: string }
  /** The way back; `toAgency` null means the receiving agency. */
  | { type: "returnFromAgency"; fromAgency: string; toAgency: string | null };

export type DossierEffectType = DossierEffect["type"];

export type NotificationTemplate =
  | "received"
  | "refused"
  | "supplementRequested"
  | "resultReady"
  | "returned";

const RECEPTION = "reception";
const RETURN = "return";
const EFFECT_ACTION = "effect";

const statusTag = (code: DossierStatusCode) => `status:${code}`;
const kindOf = (step: WorkflowStep): StepKind => step.kind ?? "process";

/** Step keys become state names and `#dossier.processing.<key>` targets, where "." and "#" mean paths. */
const STEP_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Problems that would make a step list unusable, in Vietnamese for the administrator who publishes
 * it; empty when the definition is sound.
 */
export function validateDefinition(definition: WorkflowDefinition): string[] {
  const { steps } = definition;
  if (steps.length === 0) return ["không có bước xử lý nào"];
  const problems: string[] = [];
  const seen = new Set<string>();
  steps.forEach((step, index) => {
    if (!STEP_KEY_PATTERN.test(step.key)) problems.push(`mã bước "${step.key}" chỉ được gồm chữ, số, "-" và "_"`);
    if (seen.has(step.key)) problems.push(`mã bước "${step.key}" bị trùng`);
    seen.add(step.key);
    const previous = steps[index - 1];
    // A forward is sent by the officer who holds the dossier; after a payment or another forward
    // nobody of the sending agency holds it at that moment.
    if (kindOf(step) === "forward" && previous && kindOf(previous) !== "process") {
      problems.push(`bước liên thông "${step.name}" phải đứng đầu hoặc sau một bước xử lý`);
    }
  });
  const last = steps[steps.length - 1];
  if (kindOf(last) !== "process") problems.push(`bước cuối "${last.name}" phải là bước phê duyệt kết quả`);
  return problems;
}

type ActionSpec = string | { type: string; params?: unknown };
type TransitionSpec = { guard?: unknown; target?: string; actions: ActionSpec[] };

function buildConfig(definition: WorkflowDefinition) {
  const problems = validateDefinition(definition);
  if (problems.length > 0) {
    throw new Error(`Quy trình ${definition.id} v${definition.version} ${problems.join("; ")}`);
  }
  const steps = definition.steps;
  const effect = (e: DossierEffect): ActionSpec => ({ type: EFFECT_ACTION, params: e });
  // Effects whose payload comes from the event or the context at that point of the transition.
  // `null` asks for nothing, for effects that depend on what the event carried. The effect's type
  // rides on the function so that the diagram can name it without running it.
  const effectOf = <T extends DossierEffectType>(
    type: T,
    make: (args: { context: MachineContext; event: DossierEvent }) => Extract<DossierEffect, { type: T }> | null,
    onlyIf?: string,
  ): ActionSpec => ({ type: EFFECT_ACTION, params: Object.assign(make, { effectType: type, onlyIf }) });
  const roleIs = (role: Role) => ({ type: "roleIs", params: { role } });
  const roleIn = (roles: readonly Role[]) => ({ type: "roleIn", params: { roles: [...new Set(roles)] } });
  const stepTarget = (step: WorkflowStep) => `#dossier.processing.${step.key}`;

  /**
   * Effects of arriving at a step, whatever sent the dossier there. `from` is the step left behind:
   * its unit carries over unless the hand-over names another; the person is only whom it names.
   */
  const enter = (step: WorkflowStep, from: string | null): ActionSpec[] => {
    const clock = effect({ type: "startStepClock", stepKey: step.key });
    const handOver: ActionSpec = { type: "assignOnEntry", params: { stepKey: step.key, from } };
    if (kindOf(step) !== "payment") return [handOver, clock];
    // Time the applicant takes to pay is not the agency's: the dossier's clock stops meanwhile.
    return [handOver, clock, effect({ type: "pauseClock" }), effect({ type: "requestFee", stepKey: step.key })];
  };
  /** Claiming or assigning the step the dossier is at: recorded, no change of state. */
  const assignAt = (stepKey: string, roles: readonly Role[]): TransitionSpec => ({
    guard: roleIn(roles),
    actions: [{ type: "assignHere", params: { stepKey } }],
  });

  const forwardEffect = effectOf("forwardToAgency", ({ context, event }) => ({
    type: "forwardToAgency",
    fromAgency: context.agencyStack.at(-1) ?? null,
    toAgency: event.type === "FORWARD" ? event.targetAgency : "",
  }));
  const returnEffect = effectOf("returnFromAgency", ({ context }) => ({
    type: "returnFromAgency",
    fromAgency: context.agencyStack.at(-1) ?? "",
    toAgency: context.agencyStack.at(-2) ?? null,
  }));
  /** FORWARD into a forward step, sent by whoever holds the dossier before it. */
  const forwardInto = (step: WorkflowStep, sender: Role, from: string | null): TransitionSpec => ({
    guard: roleIs(sender),
    target: stepTarget(step),
    actions: [forwardEffect, "pushAgency", ...enter(step, from)],
  });

  const supplementRequest = (resumeAt: string, role: Role): TransitionSpec => ({
    guard: roleIs(role),
    target: `#dossier.supplementRequested`,
    actions: [
      { type: "rememberResumePoint", params: { resumeAt } },
      effect({ type: "pauseClock" }),
      effect({ type: "notifyApplicant", template: "supplementRequested" }),
      effect({ type: "issueSupplementRequest" }),
      // Only when a deadline was given: callers from before issue #3 see the effects they always saw.
      effectOf("scheduleSupplementDeadline", ({ context }) =>
        context.supplementDeadline === null ? null : { type: "scheduleSupplementDeadline", deadline: context.supplementDeadline },
        "a deadline was given",
      ),
    ],
  });

  const apology: TransitionSpec = {
    guard: roleIn(OFFICER_ROLES),
    // No target: the dossier stays where it is, only its appointment moves.
    actions: [
      effectOf("issueApology", ({ event }) => ({
        type: "issueApology",
        newDueAt: event.type === "APOLOGISE" ? event.newDueAt : "",
        reason: event.type === "APOLOGISE" ? event.reason : "",
      })),
      effectOf("extendDue", ({ event }) => ({ type: "extendDue", newDueAt: event.type === "APOLOGISE" ? event.newDueAt : "" })),
    ],
  };

  const canSupplementAt = (step: WorkflowStep) => step.role === "specialist" && kindOf(step) !== "payment";

  const processingStates: Record<string, object> = {};
  steps.forEach((step, index) => {
    const previous = steps[index - 1];
    const next = steps[index + 1];
    const on: Record<string, TransitionSpec | TransitionSpec[]> = {};
    let status: DossierStatusCode = DOSSIER_STATUS.processing;
    switch (kindOf(step)) {
      case "process":
        if (!next) {
          on.APPROVE = {
            guard: roleIs(step.role),
            target: "#dossier.approved",
            actions: [
              "rememberSealer",
              effectOf("sealResult", ({ event }) => (event.type === "APPROVE" && event.sealBy === "system" ? { type: "sealResult" } : null), "the system seals"),
            ],
          };
        } else if (step.role === "unitHead" && kindOf(next) === "process") {
          // The unit head's review ends with her own signature on the draft (ký nháy), issue #8.
          on.REVIEW_SIGNED = { guard: roleIs(step.role), target: stepTarget(next), actions: enter(next, step.key) };
        } else if (kindOf(next) === "forward") {
          on.FORWARD = forwardInto(next, step.role, step.key);
        } else {
          on.COMPLETE_STEP = { guard: roleIs(step.role), target: stepTarget(next), actions: ["keepDraftResult", ...enter(next, step.key)] };
        }
        // Sending back into a payment or a forward would ask for the fee again or re-forward.
        if (previous && kindOf(previous) === "process") {
          on.SEND_BACK = {
            guard: roleIs(step.role),
            target: stepTarget(previous),
            actions: [effect({ type: "startStepClock", stepKey: previous.key })],
          };
        }
        on.APOLOGISE = apology;
        // The step's own role claims it; the unit head and the leader assign it (the server checks whom).
        on.ASSIGN = assignAt(step.key, [step.role, ...STOP_ROLES]);
        break;
      case "payment":
        status = DOSSIER_STATUS.awaitingPayment;
        on.FEE_PAID = {
          guard: roleIn([step.role, "system"]),
          target: stepTarget(next),
          actions: [effect({ type: "resumeClock" }), ...enter(next, null)],
        };
        break;
      case "forward":
        // Onward (district → province): same step, one agency deeper.
        on.FORWARD = { guard: roleIs(step.role), actions: [forwardEffect, "pushAgency"] };
        on.FORWARD_RETURNED = [
          { guard: and([roleIs(step.role), "forwardedOnward"]), actions: [returnEffect, "popAgency", "keepDraftResult"] },
          { guard: roleIs(step.role), target: stepTarget(next), actions: [returnEffect, "popAgency", "keepDraftResult", ...enter(next, null)] },
        ];
        on.APOLOGISE = apology;
        break;
    }
    if (canSupplementAt(step)) on.REQUEST_SUPPLEMENT = supplementRequest(step.key, step.role);
    processingStates[step.key] = { tags: [statusTag(status), `step:${step.key}`], on };
  });

  const resumeTargets = [
    { resumeAt: RECEPTION, target: "#dossier.submitted" },
    ...steps.filter(canSupplementAt).map((step) => ({ resumeAt: step.key, target: stepTarget(step) })),
  ].map(({ resumeAt, target }) => ({
    guard: and([roleIs("citizen"), { type: "resumesAt", params: { resumeAt } }]),
    target,
    actions: ["forgetResumePoint", effect({ type: "resumeClock" })],
  }));

  const withdraw: TransitionSpec = { guard: roleIs("citizen"), target: "#dossier.withdrawn", actions: [] };
  const stop: TransitionSpec = {
    guard: roleIn(STOP_ROLES),
    target: "#dossier.stopped",
    actions: [effectOf("issueStopNotice", ({ event }) => ({ type: "issueStopNotice", reason: event.type === "STOP" ? event.reason : "" }))],
  };
  const first = steps[0];
  // Orders exist while the dossier waits for reception (pickup) and for its return (delivery), and a
  // report may arrive late: every non-final state records one without leaving the state. XState's
  // can() counts a transition with neither target nor action as none, hence the no-op action.
  const postalStatus: TransitionSpec = { guard: roleIs("postal"), actions: ["recordOnly"] };
  /**
   * A fully online procedure's fee is paid with the submission (toàn trình), unless its step list
   * collects it in a payment step of its own. The payment is one event in the chain, with no change
   * of state: the payment platform (`system`) reports it, or the desk records cash at reception.
   */
  const feeAtSubmission: Record<string, TransitionSpec> = steps.some((s) => kindOf(s) === "payment")
    ? {}
    : { FEE_PAID: { guard: and([roleIn(["system", "desk"]), "feeNotYetPaid"]), actions: ["rememberFeePaid"] } };

  return {
    id: "dossier",
    version: String(definition.version),
    description: `${definition.id} v${definition.version}`,
    initial: "submitted",
    context: EMPTY_CONTEXT,
    states: {
      submitted: {
        tags: [statusTag(DOSSIER_STATUS.submitted), "step:reception"],
        on: {
          RECEIVE: {
            guard: roleIs("desk"),
            target: "received",
            actions: [
              effect({ type: "startClock" }),
              effect({ type: "issueReceipt", occasion: "reception" }),
              effect({ type: "notifyApplicant", template: "received" }),
            ],
          },
          REFUSE: {
            guard: roleIs("desk"),
            target: "refused",
            actions: [effect({ type: "issueRefusal" }), effect({ type: "notifyApplicant", template: "refused" })],
          },
          REQUEST_SUPPLEMENT: supplementRequest(RECEPTION, "desk"),
          ASSIGN: assignAt(RECEPTION, ["desk"]),
          WITHDRAW: withdraw,
          POSTAL_STATUS: postalStatus,
          ...feeAtSubmission,
        },
      },
      received: {
        tags: [statusTag(DOSSIER_STATUS.received), "step:reception"],
        on: {
          ...(kindOf(first) === "forward"
            ? { FORWARD: forwardInto(first, "desk", null) }
            : { TRANSFER: { guard: roleIs("desk"), target: stepTarget(first), actions: enter(first, null) } }),
          ASSIGN: assignAt(RECEPTION, ["desk"]),
          WITHDRAW: withdraw,
          STOP: stop,
          POSTAL_STATUS: postalStatus,
          ...feeAtSubmission,
        },
      },
      processing: {
        // No status tag here: each step carries its own (4, or 6 while waiting for a fee).
        initial: first.key,
        states: processingStates,
        on: { WITHDRAW: withdraw, STOP: stop, POSTAL_STATUS: postalStatus },
      },
      supplementRequested: {
        tags: [statusTag(DOSSIER_STATUS.supplementRequested)],
        on: {
          SUPPLEMENT_PROVIDED: resumeTargets,
          SUPPLEMENT_DEADLINE_LAPSED: {
            guard: and([roleIs("system"), "hasSupplementDeadline"]),
            target: "refused",
            actions: [effect({ type: "issueRefusal" }), effect({ type: "notifyApplicant", template: "refused" })],
          },
          WITHDRAW: withdraw,
          STOP: stop,
          POSTAL_STATUS: postalStatus,
        },
      },
      approved: {
        // Signed by the leader, waiting for the agency's seal: still "being processed" for the
        // citizen, and the result exists, so the applicant can no longer withdraw.
        tags: [statusTag(DOSSIER_STATUS.processing), "step:signing"],
        on: {
          SEAL: {
            guard: "sealerMatches",
            target: "resultReady",
            actions: [effect({ type: "notifyApplicant", template: "resultReady" })],
          },
          POSTAL_STATUS: postalStatus,
        },
      },
      resultReady: {
        tags: [statusTag(DOSSIER_STATUS.resultReady), `step:${RETURN}`],
        on: {
          RETURN_RESULT: {
            // The desk hands the result over at the counter; the postal service when it delivered
            // it (permissions check that the dossier asked for post and the order is this partner's).
            guard: roleIn(["desk", "postal"]),
            target: "returned",
            actions: [effect({ type: "notifyApplicant", template: "returned" })],
          },
          ASSIGN: assignAt(RETURN, ["desk"]),
          POSTAL_STATUS: postalStatus,
        },
      },
      refused: { tags: [statusTag(DOSSIER_STATUS.refused)], type: "final" },
      withdrawn: { tags: [statusTag(DOSSIER_STATUS.withdrawn)], type: "final" },
      stopped: { tags: [statusTag(DOSSIER_STATUS.stopped)], type: "final" },
      returned: { tags: [statusTag(DOSSIER_STATUS.returned)], type: "final" },
    },
  };
}

export function buildDossierMachine(definition: WorkflowDefinition) {
  return setup({
    types: {} as { context: MachineContext; events: DossierEvent },
    guards: {
      roleIs: ({ event }, params: { role: Role }) => event.role === params.role,
      roleIn: ({ event }, params: { roles: Role[] }) => params.roles.includes(event.role),
      resumesAt: ({ context }, params: { resumeAt: string }) => context.resumeAt === params.resumeAt,
      hasSupplementDeadline: ({ context }) => context.supplementDeadline !== null,
      forwardedOnward: ({ context }) => context.agencyStack.length > 1,
      sealerMatches: ({ context, event }) => event.role === (context.sealBy ?? "system"),
      feeNotYetPaid: ({ context }) => !context.feePaidAtSubmission,
    },
    actions: {
      rememberResumePoint: assign(({ event }, params: { resumeAt: string }) => ({
        resumeAt: params.resumeAt,
        supplementDeadline: event.type === "REQUEST_SUPPLEMENT" ? (event.deadline ?? null) : null,
        supplementDocuments: event.type === "REQUEST_SUPPLEMENT" ? (event.documents ?? []) : [],
      })),
      forgetResumePoint: assign({ resumeAt: null, supplementDeadline: null, supplementDocuments: [] }),
      rememberFeePaid: assign({ feePaidAtSubmission: true }),
      rememberSealer: assign(({ context, event }) => ({ sealBy: event.type === "APPROVE" ? event.sealBy : context.sealBy })),
      keepDraftResult: assign(({ context, event }) => ({
        draftResult:
          (event.type === "COMPLETE_STEP" || event.type === "FORWARD_RETURNED") && event.draftResult
            ? event.draftResult
            : context.draftResult,
      })),
      pushAgency: assign(({ context, event }) => {
        if (event.type !== "FORWARD") return {};
        const agency = event.targetAgency;
        return {
          agencyStack: [...context.agencyStack, agency],
          visitedAgencies: context.visitedAgencies.includes(agency) ? context.visitedAgencies : [...context.visitedAgencies, agency],
        };
      }),
      popAgency: assign(({ context }) => ({ agencyStack: context.agencyStack.slice(0, -1) })),
      assignOnEntry: assign(({ context, event }, params: { stepKey: string; from: string | null }) => {
        const named: HandOver = event.type === "TRANSFER" || event.type === "COMPLETE_STEP" ? event : {};
        const carried = params.from ? (context.assignments[params.from]?.unitId ?? null) : null;
        const entered: StepAssignment = { unitId: named.unitId ?? carried, userId: named.assigneeUserId ?? null };
        return { assignments: { ...context.assignments, [params.stepKey]: entered } };
      }),
      assignHere: assign(({ context, event }, params: { stepKey: string }) => {
        if (event.type !== "ASSIGN") return {};
        const current = context.assignments[params.stepKey] ?? { unitId: null, userId: null };
        const next: StepAssignment = {
          unitId: event.unitId === undefined ? current.unitId : event.unitId,
          userId: event.assigneeUserId === undefined ? current.userId : event.assigneeUserId,
        };
        return { assignments: { ...context.assignments, [params.stepKey]: next } };
      }),
      recordOnly: () => {},
      // Effects are data for the caller; the machine itself never runs them.
      [EFFECT_ACTION]: (_, _params: DossierEffect | null) => {},
    },
  }).createMachine(
    // The configuration is generated from data, so its literal types are not known statically.
    buildConfig(definition) as never,
  );
}

export type DossierMachine = ReturnType<typeof buildDossierMachine>;
type DossierSnapshot = SnapshotFrom<DossierMachine>;

/** What is stored in the dossier row: enough to restore the snapshot on the same machine version. */
export type PersistedDossierState = {
  machineId: string;
  machineVersion: number;
  value: string | Record<string, string>;
  context: DossierContext;
};

export type DossierView = {
  state: PersistedDossierState;
  /** Status code 1–10 of DOMAIN.md §4. */
  status: DossierStatusCode;
  /** 'reception', a step key, 'signing' or 'return', or null once final. */
  stepKey: string | null;
  /** Dotted state path, e.g. 'processing.examination'. */
  statePath: string;
  done: boolean;
  /** Agency holding a forwarded dossier now; null while it is at the receiving agency. */
  currentAgency: string | null;
  /** Every agency the dossier was forwarded to: with the receiving agency, those who may see it. */
  visitedAgencies: string[];
  /** Who works on the current step (unit, person); null once final or while it waits for the applicant. */
  assignment: StepAssignment | null;
};

export type TransitionResult =
  | { ok: true; next: DossierView; effects: DossierEffect[] }
  | { ok: false; reason: string };

const machineCache = new Map<string, DossierMachine>();

/**
 * Keyed by the whole definition, not id@version alone: an unpublished draft edited in place (or a
 * test) must not get the machine of an older text under the same number.
 */
export function machineFor(definition: WorkflowDefinition): DossierMachine {
  const key = JSON.stringify([definition.id, definition.version, definition.steps]);
  let machine = machineCache.get(key);
  if (!machine) {
    machine = buildDossierMachine(definition);
    machineCache.set(key, machine);
  }
  return machine;
}

function statePathOf(value: unknown): string {
  if (typeof value === "string") return value;
  const [key, child] = Object.entries(value as Record<string, unknown>)[0];
  return `${key}.${statePathOf(child)}`;
}

function restore(machine: DossierMachine, persisted: PersistedDossierState): DossierSnapshot {
  // Snapshots written before issue #3 lack the newer context fields.
  const context: MachineContext = { ...EMPTY_CONTEXT, ...persisted.context };
  return machine.resolveState({ value: persisted.value, context });
}

function view(definition: WorkflowDefinition, snapshot: DossierSnapshot): DossierView {
  const tags = [...snapshot.tags];
  const statusTags = tags.filter((t) => t.startsWith("status:"));
  const stepTag = tags.find((t) => t.startsWith("step:"));
  if (statusTags.length !== 1) {
    throw new Error(`Trạng thái ${JSON.stringify(snapshot.value)} có ${statusTags.length} mã trạng thái, cần đúng 1`);
  }
  const context = snapshot.context;
  const stepKey = stepTag ? stepTag.slice("step:".length) : null;
  return {
    state: {
      machineId: definition.id,
      machineVersion: definition.version,
      value: snapshot.value as PersistedDossierState["value"],
      context,
    },
    status: Number(statusTags[0].slice("status:".length)) as DossierStatusCode,
    stepKey,
    statePath: statePathOf(snapshot.value),
    done: snapshot.status === "done",
    currentAgency: context.agencyStack.at(-1) ?? null,
    visitedAgencies: [...context.visitedAgencies],
    assignment: stepKey ? (context.assignments[stepKey] ?? null) : null,
  };
}

function effectsOf(actions: Array<{ type: string; params?: unknown }>): DossierEffect[] {
  return actions.filter((a) => a.type === EFFECT_ACTION && a.params != null).map((a) => a.params as DossierEffect);
}

/** The state of a newly submitted dossier. */
export function initialDossierState(definition: WorkflowDefinition): DossierView {
  const [snapshot] = initialTransition(machineFor(definition));
  return view(definition, snapshot);
}

/** The state a persisted dossier is in, on the definition it started on. */
export function dossierView(definition: WorkflowDefinition, persisted: PersistedDossierState): DossierView {
  assertSameVersion(definition, persisted);
  return view(definition, restore(machineFor(definition), persisted));
}

export const EVENT_LABELS: Record<DossierEventType, string> = {
  RECEIVE: "Tiếp nhận hồ sơ",
  REFUSE: "Từ chối tiếp nhận",
  TRANSFER: "Chuyển phòng chuyên môn",
  REQUEST_SUPPLEMENT: "Yêu cầu bổ sung hồ sơ",
  SUPPLEMENT_PROVIDED: "Bổ sung hồ sơ",
  SUPPLEMENT_DEADLINE_LAPSED: "Quá hạn bổ sung hồ sơ",
  COMPLETE_STEP: "Hoàn thành bước, chuyển bước tiếp",
  SEND_BACK: "Trả lại bước trước",
  REVIEW_SIGNED: "Lãnh đạo phòng ký nháy, trình lãnh đạo ký",
  APPROVE: "Phê duyệt và ký số kết quả",
  SEAL: "Đóng dấu số của cơ quan",
  RETURN_RESULT: "Trả kết quả",
  WITHDRAW: "Rút hồ sơ",
  STOP: "Dừng xử lý hồ sơ",
  // Kept apart from "Trả kết quả": the e2e journey finds buttons by (sub)string.
  APOLOGISE: "Xin lỗi, hẹn lại ngày trả (Mẫu 04)",
  FEE_PAID: "Xác nhận đã nộp phí, lệ phí",
  FORWARD: "Chuyển liên thông",
  FORWARD_RETURNED: "Hoàn trả hồ sơ liên thông",
  POSTAL_STATUS: "Bưu chính cập nhật trạng thái",
  ASSIGN: "Phân công xử lý",
};

function assertSameVersion(definition: WorkflowDefinition, persisted: PersistedDossierState): void {
  if (persisted.machineId !== definition.id || persisted.machineVersion !== definition.version) {
    throw new Error(
      `Hồ sơ chạy trên quy trình ${persisted.machineId} v${persisted.machineVersion}, không phải ${definition.id} v${definition.version}`,
    );
  }
}

/**
 * The one pure transition of a dossier. A refused event returns a Vietnamese reason instead of
 * silently staying put, so that every caller can show it to the user.
 */
export function transitionDossier(
  definition: WorkflowDefinition,
  persisted: PersistedDossierState,
  event: DossierEvent,
): TransitionResult {
  assertSameVersion(definition, persisted);
  const machine = machineFor(definition);
  const snapshot = restore(machine, persisted);
  const current = view(definition, snapshot);
  // Guards look at the role and the dossier only, so availableEvents can probe with placeholder
  // payloads; what the payload must say is checked here, once the event is known to be allowed.
  if (!snapshot.can(event)) {
    return { ok: false, reason: refusalReason(definition, current, event) };
  }
  const problem = payloadProblem(definition, current, event);
  if (problem) return { ok: false, reason: `Không thể "${EVENT_LABELS[event.type]}": ${problem}` };
  const [nextSnapshot, actions] = transition(machine, snapshot, event);
  return {
    ok: true,
    next: view(definition, nextSnapshot),
    effects: effectsOf(actions as Array<{ type: string; params?: unknown }>),
  };
}

const PROBE_INSTANT = "2000-01-01T00:00:00Z";
const probe: { [T in DossierEventType]: (role: Role) => Extract<DossierEvent, { type: T }> } = {
  RECEIVE: (role) => ({ type: "RECEIVE", role }),
  REFUSE: (role) => ({ type: "REFUSE", role, reason: "?" }),
  TRANSFER: (role) => ({ type: "TRANSFER", role }),
  REQUEST_SUPPLEMENT: (role) => ({ type: "REQUEST_SUPPLEMENT", role, note: "?" }),
  SUPPLEMENT_PROVIDED: (role) => ({ type: "SUPPLEMENT_PROVIDED", role }),
  SUPPLEMENT_DEADLINE_LAPSED: (role) => ({ type: "SUPPLEMENT_DEADLINE_LAPSED", role, at: PROBE_INSTANT }),
  COMPLETE_STEP: (role) => ({ type: "COMPLETE_STEP", role }),
  SEND_BACK: (role) => ({ type: "SEND_BACK", role, note: "?" }),
  REVIEW_SIGNED: (role) => ({ type: "REVIEW_SIGNED", role }),
  APPROVE: (role) => ({ type: "APPROVE", role, sealBy: "system" }),
  SEAL: (role) => ({ type: "SEAL", role }),
  RETURN_RESULT: (role) => ({ type: "RETURN_RESULT", role }),
  WITHDRAW: (role) => ({ type: "WITHDRAW", role }),
  STOP: (role) => ({ type: "STOP", role, reason: "?" }),
  APOLOGISE: (role) => ({ type: "APOLOGISE", role, newDueAt: PROBE_INSTANT, reason: "?" }),
  FEE_PAID: (role) => ({ type: "FEE_PAID", role }),
  FORWARD: (role) => ({ type: "FORWARD", role, targetAgency: "?" }),
  FORWARD_RETURNED: (role) => ({ type: "FORWARD_RETURNED", role }),
  POSTAL_STATUS: (role) => ({ type: "POSTAL_STATUS", role, kind: "pickup", status: "?" }),
  ASSIGN: (role) => ({ type: "ASSIGN", role }),
};

export const DOSSIER_EVENT_TYPES = Object.keys(probe) as DossierEventType[];

/**
 * Events the given role could send now; used to show only the buttons that will work. The payload
 * may still be refused (a missing reason, a deadline not yet passed).
 */
export function availableEvents(
  definition: WorkflowDefinition,
  persisted: PersistedDossierState,
  role: Role,
): DossierEventType[] {
  const snapshot = restore(machineFor(definition), persisted);
  return DOSSIER_EVENT_TYPES.filter((type) => snapshot.can(probe[type](role)));
}

/** An ISO 8601 instant with its zone: a bare local time would mean different instants on different servers. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const isInstant = (value: unknown): value is string => typeof value === "string" && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
const isId = (value: unknown) => typeof value === "number" && Number.isSafeInteger(value) && value > 0;
const blank = (value: unknown) => typeof value !== "string" || value.trim() === "";
const formatInstant = (iso: string) =>
  new Intl.DateTimeFormat("vi-VN", { dateStyle: "short", timeStyle: "short", timeZone: "Asia/Ho_Chi_Minh" }).format(new Date(iso));

function payloadProblem(definition: WorkflowDefinition, current: DossierView, event: DossierEvent): string | null {
  const context = current.state.context as MachineContext;
  switch (event.type) {
    case "REQUEST_SUPPLEMENT":
      if (event.deadline !== undefined && !isInstant(event.deadline)) return "hạn bổ sung không hợp lệ (cần ngày giờ kèm múi giờ).";
      return null;
    case "SUPPLEMENT_DEADLINE_LAPSED": {
      if (!isInstant(event.at)) return "thời điểm kiểm tra không hợp lệ.";
      const deadline = context.supplementDeadline!;
      if (Date.parse(event.at) <= Date.parse(deadline)) return `chưa hết hạn bổ sung (hạn ${formatInstant(deadline)}).`;
      return null;
    }
    case "APPROVE":
      return event.sealBy === "clerk" || event.sealBy === "system" ? null : "chưa rõ ai đóng dấu của cơ quan.";
    case "ASSIGN":
      if (event.unitId === undefined && event.assigneeUserId === undefined) return "chưa chọn phòng hoặc người xử lý.";
      if (![event.unitId, event.assigneeUserId].every((id) => id === undefined || id === null || isId(id))) return "phòng hoặc người xử lý không hợp lệ.";
      return null;
    case "TRANSFER":
    case "COMPLETE_STEP":
      if (![event.unitId, event.assigneeUserId].every((id) => id === undefined || isId(id))) return "phòng hoặc người xử lý không hợp lệ.";
      return null;
    case "POSTAL_STATUS":
      if (event.kind !== "pickup" && event.kind !== "delivery") return "loại đơn bưu chính không hợp lệ.";
      return blank(event.status) ? "thiếu trạng thái đơn bưu chính." : null;
    case "STOP":
      return blank(event.reason) ? "vui lòng nêu lý do dừng xử lý hồ sơ." : null;
    case "APOLOGISE":
      if (!isInstant(event.newDueAt)) return "ngày hẹn trả kết quả mới không hợp lệ (cần ngày giờ kèm múi giờ).";
      return blank(event.reason) ? "vui lòng nêu lý do chậm trễ." : null;
    case "FORWARD": {
      if (blank(event.targetAgency)) return "vui lòng chọn cơ quan nhận hồ sơ liên thông.";
      if (context.agencyStack.includes(event.targetAgency)) return `hồ sơ đang được liên thông qua ${event.targetAgency}.`;
      const currentStep = definition.steps.find((s) => s.key === current.stepKey);
      const entering =
        current.statePath === "received"
          ? definition.steps[0]
          : currentStep && kindOf(currentStep) !== "forward"
            ? definition.steps[definition.steps.indexOf(currentStep) + 1]
            : undefined;
      if (entering?.unit && entering.unit !== event.targetAgency) {
        return `quy trình quy định chuyển liên thông tới ${entering.unit}, không phải ${event.targetAgency}.`;
      }
      return null;
    }
    default:
      return null;
  }
}

function refusalReason(definition: WorkflowDefinition, current: DossierView, event: DossierEvent): string {
  const statusName = DOSSIER_STATUS_NAMES[current.status];
  const action = EVENT_LABELS[event.type];
  if (current.done) {
    return `Không thể "${action}": hồ sơ đã kết thúc (${statusName}).`;
  }
  if (event.type === "WITHDRAW" && (current.statePath === "approved" || current.statePath === "resultReady")) {
    return `Không thể "${action}": hồ sơ đã có kết quả giải quyết.`;
  }
  if (event.type === "SUPPLEMENT_DEADLINE_LAPSED" && current.statePath === "supplementRequested" && !current.state.context.supplementDeadline) {
    return `Không thể "${action}": yêu cầu bổ sung này không có thời hạn.`;
  }
  if (event.type === "FEE_PAID" && current.state.context.feePaidAtSubmission && (current.statePath === "submitted" || current.statePath === "received")) {
    return `Không thể "${action}": phí, lệ phí của hồ sơ đã được ghi nhận.`;
  }
  const step = definition.steps.find((s) => s.key === current.stepKey);
  if (event.type === "SEND_BACK" && step) {
    const previous = definition.steps[definition.steps.indexOf(step) - 1];
    if (previous && kindOf(previous) !== "process") {
      return `Không thể "${action}": bước trước (${previous.name}) là bước ${
        kindOf(previous) === "payment" ? "nộp phí, lệ phí" : "liên thông"
      }, không trả lại được.`;
    }
  }
  const anyRoleCould = (["citizen", "desk", "specialist", "unitHead", "leader", "clerk", "postal", "system"] as Role[]).some((role) =>
    availableEvents(definition, current.state, role).includes(event.type),
  );
  if (anyRoleCould) {
    return `Không thể "${action}": vai trò của bạn không được thực hiện thao tác này ở bước hiện tại${
      step ? ` (${step.name})` : ""
    }.`;
  }
  return `Không thể "${action}" khi hồ sơ đang ở trạng thái "${statusName}"${step ? `, bước ${step.name}` : ""}.`;
}

/**
 * The published version a dossier runs on: the one it started on, never the newest (ADR 0004).
 * Throws when that version is missing, which means a version was deleted while in use.
 */
export function selectDefinition(
  versions: readonly WorkflowDefinition[],
  persisted: Pick<PersistedDossierState, "machineId" | "machineVersion">,
): WorkflowDefinition {
  const found = versions.find((v) => v.id === persisted.machineId && v.version === persisted.machineVersion);
  if (!found) {
    throw new Error(`Không tìm thấy quy trình ${persisted.machineId} v${persisted.machineVersion} mà hồ sơ đang chạy`);
  }
  return found;
}

/** The version new dossiers start on: the highest published one of the machine. */
export function latestDefinition(versions: readonly WorkflowDefinition[], machineId: string): WorkflowDefinition {
  const candidates = versions.filter((v) => v.id === machineId);
  if (candidates.length === 0) throw new Error(`Quy trình ${machineId} chưa có phiên bản nào được ban hành`);
  return candidates.reduce((a, b) => (b.version > a.version ? b : a));
}
