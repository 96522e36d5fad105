/**
 * The dossier statechart (hồ sơ một cửa), built from a procedure's workflow definition.
 *
 * The machine is pure: it never does I/O and has no timers. Everything the outside world must
 * do (send a mail, sign a PDF, start or pause the clock) comes out of `transitionDossier` as a
 * named, parameterised effect that the caller persists and runs (ARCHITECTURE.md, "One path").
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
  | "admin"
  | "monitor"
  | "postal"
  | "system";

/** One processing step after reception, e.g. thụ lý (specialist), xem xét (unit head), phê duyệt (leader). */
export type WorkflowStep = {
  key: string;
  /** Vietnamese name shown to officers and citizens. */
  name: string;
  role: Role;
  allowance: Allowance;
};

export type WorkflowDefinition = {
  id: string;
  version: number;
  /** Processing steps in order; the last one approves the result. */
  steps: WorkflowStep[];
};

/** Values of the result the specialist drafts; rendered into the signed result PDF. */
export type DraftResult = { title: string; fields: Array<{ label: string; value: string }> };

export type DossierContext = {
  /** Where a supplemented dossier resumes: 'reception' or a step key. */
  resumeAt: string | null;
  draftResult: DraftResult | null;
};

export type DossierEvent =
  | { type: "RECEIVE"; role: Role }
  | { type: "REFUSE"; role: Role; reason: string }
  | { type: "TRANSFER"; role: Role }
  | { type: "REQUEST_SUPPLEMENT"; role: Role; note: string }
  | { type: "SUPPLEMENT_PROVIDED"; role: Role }
  | { type: "COMPLETE_STEP"; role: Role; draftResult?: DraftResult }
  | { type: "SEND_BACK"; role: Role; note: string }
  | { type: "APPROVE"; role: Role }
  | { type: "RESULT_SIGNED"; role: Role }
  | { type: "RETURN_RESULT"; role: Role };

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
  | { type: "signResult" };

export type NotificationTemplate =
  | "received"
  | "refused"
  | "supplementRequested"
  | "resultReady"
  | "returned";

const RECEPTION = "reception";
const EFFECT_ACTION = "effect";

const statusTag = (code: DossierStatusCode) => `status:${code}`;

function buildConfig(definition: WorkflowDefinition) {
  if (definition.steps.length === 0) {
    throw new Error(`Quy trình ${definition.id} v${definition.version} không có bước xử lý nào`);
  }
  const steps = definition.steps;
  const effect = (e: DossierEffect) => ({ type: EFFECT_ACTION, params: e });
  const roleIs = (role: Role) => ({ type: "roleIs", params: { role } });

  const supplementRequest = (resumeAt: string, role: Role) => ({
    guard: roleIs(role),
    target: `#dossier.supplementRequested`,
    actions: [
      { type: "rememberResumePoint", params: { resumeAt } },
      effect({ type: "pauseClock" }),
      effect({ type: "notifyApplicant", template: "supplementRequested" }),
    ],
  });

  const processingStates: Record<string, object> = {};
  steps.forEach((step, index) => {
    const isLast = index === steps.length - 1;
    const previous = steps[index - 1];
    const next = steps[index + 1];
    const on: Record<string, object | object[]> = {};
    if (isLast) {
      on.APPROVE = {
        guard: roleIs(step.role),
        target: "#dossier.approved",
        actions: [effect({ type: "signResult" })],
      };
    } else {
      on.COMPLETE_STEP = {
        guard: roleIs(step.role),
        target: next.key,
        actions: ["keepDraftResult", effect({ type: "startStepClock", stepKey: next.key })],
      };
    }
    if (previous) {
      on.SEND_BACK = {
        guard: roleIs(step.role),
        target: previous.key,
        actions: [effect({ type: "startStepClock", stepKey: previous.key })],
      };
    }
    if (step.role === "specialist") {
      on.REQUEST_SUPPLEMENT = supplementRequest(step.key, step.role);
    }
    processingStates[step.key] = { tags: [`step:${step.key}`], on };
  });

  const resumeTargets = [
    {
      guard: { type: "resumesAt", params: { resumeAt: RECEPTION } },
      target: "#dossier.submitted",
      actions: ["forgetResumePoint", effect({ type: "resumeClock" })],
    },
    ...steps.map((step) => ({
      guard: { type: "resumesAt", params: { resumeAt: step.key } },
      target: `#dossier.processing.${step.key}`,
      actions: ["forgetResumePoint", effect({ type: "resumeClock" })],
    })),
  ];

  return {
    id: "dossier",
    initial: "submitted",
    context: { resumeAt: null, draftResult: null } as DossierContext,
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
            actions: [
              effect({ type: "issueRefusal" }),
              effect({ type: "notifyApplicant", template: "refused" }),
            ],
          },
          REQUEST_SUPPLEMENT: supplementRequest(RECEPTION, "desk"),
        },
      },
      received: {
        tags: [statusTag(DOSSIER_STATUS.received), "step:reception"],
        on: {
          TRANSFER: {
            guard: roleIs("desk"),
            target: `processing.${steps[0].key}`,
            actions: [effect({ type: "startStepClock", stepKey: steps[0].key })],
          },
        },
      },
      processing: {
        tags: [statusTag(DOSSIER_STATUS.processing)],
        initial: steps[0].key,
        states: processingStates,
      },
      supplementRequested: {
        tags: [statusTag(DOSSIER_STATUS.supplementRequested)],
        on: {
          SUPPLEMENT_PROVIDED: resumeTargets.map((t) => ({ ...t, guard: and([roleIs("citizen"), t.guard]) })),
        },
      },
      approved: {
        // Approved, waiting for the signing job: still "being processed" for the citizen.
        tags: [statusTag(DOSSIER_STATUS.processing), "step:signing"],
        on: {
          RESULT_SIGNED: {
            guard: roleIs("system"),
            target: "resultReady",
            actions: [effect({ type: "notifyApplicant", template: "resultReady" })],
          },
        },
      },
      resultReady: {
        tags: [statusTag(DOSSIER_STATUS.resultReady), "step:return"],
        on: {
          RETURN_RESULT: {
            guard: roleIs("desk"),
            target: "returned",
            actions: [effect({ type: "notifyApplicant", template: "returned" })],
          },
        },
      },
      refused: { tags: [statusTag(DOSSIER_STATUS.refused)], type: "final" },
      returned: { tags: [statusTag(DOSSIER_STATUS.returned)], type: "final" },
    },
  };
}

export function buildDossierMachine(definition: WorkflowDefinition) {
  return setup({
    types: {} as { context: DossierContext; events: DossierEvent },
    guards: {
      roleIs: ({ event }, params: { role: Role }) => event.role === params.role,
      resumesAt: ({ context }, params: { resumeAt: string }) => context.resumeAt === params.resumeAt,
    },
    actions: {
      rememberResumePoint: assign((_, params: { resumeAt: string }) => ({ resumeAt: params.resumeAt })),
      forgetResumePoint: assign({ resumeAt: null }),
      keepDraftResult: assign(({ context, event }) => ({
        draftResult: event.type === "COMPLETE_STEP" && event.draftResult ? event.draftResult : context.draftResult,
      })),
      // Effects are data for the caller; the machine itself never runs them.
      [EFFECT_ACTION]: (_, _params: DossierEffect) => {},
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
};

export type TransitionResult =
  | { ok: true; next: DossierView; effects: DossierEffect[] }
  | { ok: false; reason: string };

const machineCache = new Map<string, DossierMachine>();

function machineFor(definition: WorkflowDefinition): DossierMachine {
  const key = `${definition.id}@${definition.version}`;
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

function view(definition: WorkflowDefinition, snapshot: DossierSnapshot): DossierView {
  const tags = [...snapshot.tags];
  const statusTagValue = tags.find((t) => t.startsWith("status:"));
  const stepTag = tags.find((t) => t.startsWith("step:"));
  if (!statusTagValue) throw new Error(`Trạng thái ${JSON.stringify(snapshot.value)} không có mã trạng thái`);
  return {
    state: {
      machineId: definition.id,
      machineVersion: definition.version,
      value: snapshot.value as PersistedDossierState["value"],
      context: snapshot.context,
    },
    status: Number(statusTagValue.slice("status:".length)) as DossierStatusCode,
    stepKey: stepTag ? stepTag.slice("step:".length) : null,
    statePath: statePathOf(snapshot.value),
    done: snapshot.status === "done",
  };
}

function effectsOf(actions: Array<{ type: string; params?: unknown }>): DossierEffect[] {
  return actions.filter((a) => a.type === EFFECT_ACTION).map((a) => a.params as DossierEffect);
}

/** The state of a newly submitted dossier. */
export function initialDossierState(definition: WorkflowDefinition): DossierView {
  const [snapshot] = initialTransition(machineFor(definition));
  return view(definition, snapshot);
}

export const EVENT_LABELS: Record<DossierEventType, string> = {
  RECEIVE: "Tiếp nhận hồ sơ",
  REFUSE: "Từ chối tiếp nhận",
  TRANSFER: "Chuyển phòng chuyên môn",
  REQUEST_SUPPLEMENT: "Yêu cầu bổ sung hồ sơ",
  SUPPLEMENT_PROVIDED: "Bổ sung hồ sơ",
  COMPLETE_STEP: "Hoàn thành bước, chuyển bước tiếp",
  SEND_BACK: "Trả lại bước trước",
  APPROVE: "Phê duyệt và ký số kết quả",
  RESULT_SIGNED: "Kết quả đã được ký số",
  RETURN_RESULT: "Trả kết quả",
};

/**
 * The one pure transition of a dossier. A refused event returns a Vietnamese reason instead of
 * silently staying put, so that every caller can show it to the user.
 */
export function transitionDossier(
  definition: WorkflowDefinition,
  persisted: PersistedDossierState,
  event: DossierEvent,
): TransitionResult {
  if (persisted.machineId !== definition.id || persisted.machineVersion !== definition.version) {
    throw new Error(
      `Hồ sơ chạy trên quy trình ${persisted.machineId} v${persisted.machineVersion}, không phải ${definition.id} v${definition.version}`,
    );
  }
  const machine = machineFor(definition);
  const snapshot = machine.resolveState({ value: persisted.value, context: persisted.context });
  const current = view(definition, snapshot);
  if (!snapshot.can(event)) {
    return { ok: false, reason: refusalReason(definition, current, event) };
  }
  const [nextSnapshot, actions] = transition(machine, snapshot, event);
  return {
    ok: true,
    next: view(definition, nextSnapshot),
    effects: effectsOf(actions as Array<{ type: string; params?: unknown }>),
  };
}

/** Events the given role could send now; used to show only the buttons that will work. */
export function availableEvents(
  definition: WorkflowDefinition,
  persisted: PersistedDossierState,
  role: Role,
): DossierEventType[] {
  const machine = machineFor(definition);
  const snapshot = machine.resolveState({ value: persisted.value, context: persisted.context });
  const probes: DossierEvent[] = [
    { type: "RECEIVE", role },
    { type: "REFUSE", role, reason: "?" },
    { type: "TRANSFER", role },
    { type: "REQUEST_SUPPLEMENT", role, note: "?" },
    { type: "SUPPLEMENT_PROVIDED", role },
    { type: "COMPLETE_STEP", role },
    { type: "SEND_BACK", role, note: "?" },
    { type: "APPROVE", role },
    { type: "RESULT_SIGNED", role },
    { type: "RETURN_RESULT", role },
  ];
  return probes.filter((e) => snapshot.can(e)).map((e) => e.type);
}

function refusalReason(definition: WorkflowDefinition, current: DossierView, event: DossierEvent): string {
  const statusName = DOSSIER_STATUS_NAMES[current.status];
  const action = EVENT_LABELS[event.type];
  if (current.done) {
    return `Không thể "${action}": hồ sơ đã kết thúc (${statusName}).`;
  }
  const step = definition.steps.find((s) => s.key === current.stepKey);
  const anyRoleCould = (["citizen", "desk", "specialist", "unitHead", "leader", "system"] as Role[]).some((role) =>
    availableEvents(definition, current.state, role).includes(event.type),
  );
  if (anyRoleCould) {
    return `Không thể "${action}": vai trò của bạn không được thực hiện thao tác này ở bước hiện tại${
      step ? ` (${step.name})` : ""
    }.`;
  }
  return `Không thể "${action}" khi hồ sơ đang ở trạng thái "${statusName}"${step ? `, bước ${step.name}` : ""}.`;
}

