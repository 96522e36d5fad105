import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  availableEvents,
  buildDossierMachine,
  DOSSIER_EVENT_TYPES,
  dossierView,
  initialDossierState,
  latestDefinition,
  selectDefinition,
  transitionDossier,
  validateDefinition,
  type DossierEvent,
  type DossierView,
  type PersistedDossierState,
  type Role,
  type StepKind,
  type WorkflowDefinition,
  type WorkflowStep,
} from "./dossier-machine";
import { DOSSIER_STATUS, DOSSIER_STATUS_CODES } from "./dossier-status";

const definition: WorkflowDefinition = {
  id: "procedure:test",
  version: 1,
  steps: [
    { key: "examination", name: "Thụ lý", role: "specialist", allowance: { amount: 1, unit: "workingDay" } },
    { key: "review", name: "Xem xét", role: "unitHead", allowance: { amount: 4, unit: "workingHour" } },
    { key: "approval", name: "Phê duyệt", role: "leader", allowance: { amount: 4, unit: "workingHour" } },
  ],
};

function run(view: DossierView, event: DossierEvent) {
  const result = transitionDossier(definition, view.state, event);
  if (!result.ok) throw new Error(result.reason);
  return result;
}

function drive(events: DossierEvent[]): DossierView {
  return events.reduce((view, event) => run(view, event).next, initialDossierState(definition));
}

const draft = { title: "GIẤY CHỨNG NHẬN", fields: [{ label: "Tên", value: "Hộ kinh doanh An Bình" }] };
const toReview: DossierEvent[] = [
  { type: "RECEIVE", role: "desk" },
  { type: "TRANSFER", role: "desk" },
  { type: "COMPLETE_STEP", role: "specialist", draftResult: draft },
];
const toApproval: DossierEvent[] = [...toReview, { type: "REVIEW_SIGNED", role: "unitHead" }];
const toResultReady: DossierEvent[] = [...toApproval, { type: "APPROVE", role: "leader", sealBy: "system" }, { type: "SEAL", role: "system" }];

describe("dossier statechart — allowed transitions", () => {
  it("starts as submitted online (status 1) at reception", () => {
    const view = initialDossierState(definition);
    expect(view).toMatchObject({ status: DOSSIER_STATUS.submitted, statePath: "submitted", stepKey: "reception", done: false });
    expect(view.state).toMatchObject({ machineId: "procedure:test", machineVersion: 1 });
  });

  it("receive → received (2), starting the clock and issuing the receipt", () => {
    const { next, effects } = run(initialDossierState(definition), { type: "RECEIVE", role: "desk" });
    expect(next.status).toBe(DOSSIER_STATUS.received);
    expect(effects).toEqual([
      { type: "startClock" },
      { type: "issueReceipt", occasion: "reception" },
      { type: "notifyApplicant", template: "received" },
    ]);
  });

  it("refuse at reception → refused (3), final, with the refusal form", () => {
    const { next, effects } = run(initialDossierState(definition), { type: "REFUSE", role: "desk", reason: "Sai thẩm quyền" });
    expect(next).toMatchObject({ status: DOSSIER_STATUS.refused, done: true });
    expect(effects).toContainEqual({ type: "issueRefusal" });
  });

  it("transfer → first processing step (4) with its step clock", () => {
    const { next, effects } = run(drive([{ type: "RECEIVE", role: "desk" }]), { type: "TRANSFER", role: "desk" });
    expect(next).toMatchObject({ status: DOSSIER_STATUS.processing, statePath: "processing.examination", stepKey: "examination" });
    expect(effects).toEqual([{ type: "startStepClock", stepKey: "examination" }]);
  });

  it("complete a step → next step, keeping the draft result", () => {
    const view = drive(toReview);
    expect(view.statePath).toBe("processing.review");
    expect(view.state.context.draftResult).toEqual(draft);
    const after = drive(toApproval);
    expect(after.statePath).toBe("processing.approval");
    expect(after.state.context.draftResult).toEqual(draft);
  });

  it("send back one step with a note", () => {
    const { next, effects } = run(drive(toApproval), { type: "SEND_BACK", role: "leader", note: "Sửa tên" });
    expect(next.statePath).toBe("processing.review");
    expect(effects).toEqual([{ type: "startStepClock", stepKey: "review" }]);
  });

  it("approve → approved (still 4); where the system seals, it asks for the seal at once", () => {
    const { next, effects } = run(drive(toApproval), { type: "APPROVE", role: "leader", sealBy: "system" });
    expect(next).toMatchObject({ status: DOSSIER_STATUS.processing, statePath: "approved", stepKey: "signing" });
    expect(next.state.context.sealBy).toBe("system");
    expect(effects).toEqual([{ type: "sealResult" }]);
  });

  it("where the records clerk seals, approval waits for her own SEAL", () => {
    const { next, effects } = run(drive(toApproval), { type: "APPROVE", role: "leader", sealBy: "clerk" });
    expect(next.state.context.sealBy).toBe("clerk");
    expect(effects).toEqual([]);
    expect(availableEvents(definition, next.state, "clerk")).toEqual(["SEAL"]);
    expect(availableEvents(definition, next.state, "system")).toEqual([]);
    const { next: sealed, effects: sealEffects } = run(next, { type: "SEAL", role: "clerk" });
    expect(sealed).toMatchObject({ status: DOSSIER_STATUS.resultReady, statePath: "resultReady" });
    expect(sealEffects).toEqual([{ type: "notifyApplicant", template: "resultReady" }]);
  });

  it("an approval that does not say who seals is refused", () => {
    const result = transitionDossier(definition, drive(toApproval).state, { type: "APPROVE", role: "leader", sealBy: "" as "clerk" });
    expect(result.ok).toBe(false);
  });

  it("result signed → result ready (9); returned → returned (10), final", () => {
    const ready = drive(toResultReady);
    expect(ready).toMatchObject({ status: DOSSIER_STATUS.resultReady, statePath: "resultReady" });
    const { next } = run(ready, { type: "RETURN_RESULT", role: "desk" });
    expect(next).toMatchObject({ status: DOSSIER_STATUS.returned, done: true });
  });

  it("supplement requested at reception pauses and resumes at reception", () => {
    const { next: waiting, effects } = run(initialDossierState(definition), {
      type: "REQUEST_SUPPLEMENT",
      role: "desk",
      note: "Thiếu giấy chứng sinh",
    });
    expect(waiting.status).toBe(DOSSIER_STATUS.supplementRequested);
    expect(effects).toContainEqual({ type: "pauseClock" });
    const { next: resumed, effects: resumeEffects } = run(waiting, { type: "SUPPLEMENT_PROVIDED", role: "citizen" });
    expect(resumed.statePath).toBe("submitted");
    expect(resumed.state.context.resumeAt).toBeNull();
    expect(resumeEffects).toEqual([{ type: "resumeClock" }]);
  });

  it("supplement requested during processing resumes at the same step", () => {
    const processing = drive([{ type: "RECEIVE", role: "desk" }, { type: "TRANSFER", role: "desk" }]);
    const { next: waiting } = run(processing, { type: "REQUEST_SUPPLEMENT", role: "specialist", note: "Bổ sung" });
    expect(waiting).toMatchObject({ status: DOSSIER_STATUS.supplementRequested, statePath: "supplementRequested" });
    const { next } = run(waiting, { type: "SUPPLEMENT_PROVIDED", role: "citizen" });
    expect(next.statePath).toBe("processing.examination");
  });
});

describe("dossier statechart — forbidden transitions", () => {
  const cases: Array<[string, DossierEvent[], DossierEvent, RegExp]> = [
    ["a citizen cannot receive", [], { type: "RECEIVE", role: "citizen" }, /vai trò/],
    ["nothing is approved at reception", [], { type: "APPROVE", role: "leader", sealBy: "system" }, /Mới đăng ký/],
    ["a specialist cannot approve", toApproval, { type: "APPROVE", role: "specialist", sealBy: "system" }, /vai trò/],
    ["the leader cannot skip review", toReview, { type: "APPROVE", role: "leader", sealBy: "system" }, /vai trò|trạng thái/],
    ["the first step cannot be sent back", [{ type: "RECEIVE", role: "desk" }, { type: "TRANSFER", role: "desk" }], { type: "SEND_BACK", role: "specialist", note: "x" }, /Đang xử lý/],
    ["a received dossier cannot be refused", [{ type: "RECEIVE", role: "desk" }], { type: "REFUSE", role: "desk", reason: "x" }, /Được tiếp nhận/],
    ["no result is returned before it is signed", [...toApproval, { type: "APPROVE", role: "leader", sealBy: "system" }], { type: "RETURN_RESULT", role: "desk" }, /Đang xử lý/],
    ["only the sealer the agency named seals", [...toApproval, { type: "APPROVE", role: "leader", sealBy: "system" }], { type: "SEAL", role: "leader" }, /vai trò/],
    ["the system cannot seal for an agency whose clerk seals", [...toApproval, { type: "APPROVE", role: "leader", sealBy: "clerk" }], { type: "SEAL", role: "system" }, /vai trò/],
    ["the unit head's review cannot end without her signature", toReview, { type: "COMPLETE_STEP", role: "unitHead" }, /trạng thái|vai trò/],
    ["a returned dossier is final", [...toResultReady, { type: "RETURN_RESULT", role: "desk" }], { type: "RECEIVE", role: "desk" }, /đã kết thúc/],
    ["a refused dossier is final", [{ type: "REFUSE", role: "desk", reason: "x" }], { type: "SUPPLEMENT_PROVIDED", role: "citizen" }, /đã kết thúc/],
    ["only the applicant supplements", [{ type: "REQUEST_SUPPLEMENT", role: "desk", note: "x" }], { type: "SUPPLEMENT_PROVIDED", role: "desk" }, /vai trò/],
    ["a unit head cannot request a supplement", toReview, { type: "REQUEST_SUPPLEMENT", role: "unitHead", note: "x" }, /trạng thái|vai trò/],
  ];
  it.each(cases)("%s", (_name, before, event, reason) => {
    const view = drive(before);
    const result = transitionDossier(definition, view.state, event);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it("a snapshot from another machine version is not silently run on this one", () => {
    const view = initialDossierState(definition);
    expect(() => transitionDossier({ ...definition, version: 2 }, view.state, { type: "RECEIVE", role: "desk" })).toThrow(/v1/);
  });
});

describe("availableEvents", () => {
  it("lists what each role can do at each point", () => {
    const at = (events: DossierEvent[], role: Role) => availableEvents(definition, drive(events).state, role);
    // Since issue 9 the desk may record a fee paid at submission (cash at reception).
    // Since issue 10 an officer may claim (ASSIGN) the step waiting for her role.
    expect(at([], "desk").sort()).toEqual(["ASSIGN", "FEE_PAID", "RECEIVE", "REFUSE", "REQUEST_SUPPLEMENT"]);
    // Since issue #3 the applicant may withdraw, and leaders may stop or apologise, at any step.
    expect(at([], "citizen")).toEqual(["WITHDRAW"]);
    expect(at(toReview, "unitHead").sort()).toEqual(["APOLOGISE", "ASSIGN", "REVIEW_SIGNED", "SEND_BACK", "STOP"]);
    expect(at(toApproval, "leader").sort()).toEqual(["APOLOGISE", "APPROVE", "ASSIGN", "SEND_BACK", "STOP"]);
    expect(at(toResultReady, "desk").sort()).toEqual(["ASSIGN", "RETURN_RESULT"]);
  });

  it("persisted state round-trips through JSON", () => {
    const view = drive(toApproval);
    const restored = JSON.parse(JSON.stringify(view.state));
    const result = transitionDossier(definition, restored, { type: "APPROVE", role: "leader", sealBy: "system" });
    expect(result.ok && result.next.statePath).toBe("approved");
  });
});

// ---------------------------------------------------------------------------------------------
// Issue #3: payment and forward steps, withdrawal, stop, supplement deadlines, apology, versions.
// ---------------------------------------------------------------------------------------------

const day = { amount: 1, unit: "workingDay" } as const;
/** Commune examination → district (liên thông) → fee → commune leader. */
const liaison: WorkflowDefinition = {
  id: "procedure:liaison",
  version: 1,
  steps: [
    { key: "examination", name: "Thụ lý", role: "specialist", allowance: day, unit: "phong-tu-phap" },
    { key: "district", name: "Liên thông cấp huyện", role: "specialist", allowance: day, kind: "forward", unit: "huyen" },
    { key: "fee", name: "Nộp lệ phí", role: "citizen", allowance: day, kind: "payment" },
    { key: "approval", name: "Phê duyệt", role: "leader", allowance: day },
  ],
};
/** The commune desk forwards straight after reception, to whichever agency it chooses. */
const forwardFirst: WorkflowDefinition = {
  id: "procedure:forward-first",
  version: 1,
  steps: [
    { key: "upstream", name: "Cơ quan cấp trên giải quyết", role: "specialist", allowance: day, kind: "forward" },
    { key: "approval", name: "Ký trả", role: "leader", allowance: day },
  ],
};

function runOn(def: WorkflowDefinition, view: DossierView, event: DossierEvent) {
  const result = transitionDossier(def, view.state, event);
  if (!result.ok) throw new Error(result.reason);
  return result;
}
const driveOn = (def: WorkflowDefinition, events: DossierEvent[], from = initialDossierState(def)) =>
  events.reduce((view, event) => runOn(def, view, event).next, from);

const DEADLINE = "2025-03-10T17:00:00+07:00";
const received: DossierEvent[] = [{ type: "RECEIVE", role: "desk" }];
const atExamination: DossierEvent[] = [...received, { type: "TRANSFER", role: "desk" }];
const atDistrict: DossierEvent[] = [...atExamination, { type: "FORWARD", role: "specialist", targetAgency: "huyen" }];
const atFee: DossierEvent[] = [...atDistrict, { type: "FORWARD_RETURNED", role: "specialist", note: "Đã xác minh" }];
const atLiaisonApproval: DossierEvent[] = [...atFee, { type: "FEE_PAID", role: "citizen", reference: "BL-0001" }];
const liaisonApproved: DossierEvent[] = [...atLiaisonApproval, { type: "APPROVE", role: "leader", sealBy: "system" }];
const liaisonReady: DossierEvent[] = [...liaisonApproved, { type: "SEAL", role: "system" }];

describe("issue #3 — allowed transitions", () => {
  it("forward to another agency: the dossier is there (currentAgency) with its step clock", () => {
    const { next, effects } = runOn(liaison, driveOn(liaison, atExamination), { type: "FORWARD", role: "specialist", targetAgency: "huyen" });
    expect(next).toMatchObject({ status: 4, statePath: "processing.district", currentAgency: "huyen", visitedAgencies: ["huyen"] });
    expect(effects).toEqual([
      { type: "forwardToAgency", fromAgency: null, toAgency: "huyen" },
      { type: "startStepClock", stepKey: "district" },
    ]);
  });

  it("commune → district → province and the return trip; both agencies stay on the history", () => {
    const onward = runOn(liaison, driveOn(liaison, atDistrict), { type: "FORWARD", role: "specialist", targetAgency: "tinh" });
    expect(onward.next).toMatchObject({ statePath: "processing.district", currentAgency: "tinh", visitedAgencies: ["huyen", "tinh"] });
    expect(onward.effects).toEqual([{ type: "forwardToAgency", fromAgency: "huyen", toAgency: "tinh" }]);

    const backToDistrict = runOn(liaison, onward.next, { type: "FORWARD_RETURNED", role: "specialist" });
    expect(backToDistrict.next).toMatchObject({ statePath: "processing.district", currentAgency: "huyen" });
    expect(backToDistrict.effects).toEqual([{ type: "returnFromAgency", fromAgency: "tinh", toAgency: "huyen" }]);

    const home = runOn(liaison, backToDistrict.next, { type: "FORWARD_RETURNED", role: "specialist" });
    expect(home.next).toMatchObject({ statePath: "processing.fee", currentAgency: null, visitedAgencies: ["huyen", "tinh"] });
    expect(home.effects[0]).toEqual({ type: "returnFromAgency", fromAgency: "huyen", toAgency: null });
  });

  it("the returning agency may hand back its draft result", () => {
    const draftResult = { title: "VĂN BẢN XÁC NHẬN", fields: [{ label: "Kết quả", value: "Đủ điều kiện" }] };
    const { next } = runOn(liaison, driveOn(liaison, atDistrict), { type: "FORWARD_RETURNED", role: "specialist", draftResult });
    expect(next.state.context.draftResult).toEqual(draftResult);
  });

  it("a forward step first: the desk forwards right after reception, to the agency it picks", () => {
    const { next, effects } = runOn(forwardFirst, driveOn(forwardFirst, received), { type: "FORWARD", role: "desk", targetAgency: "so-tu-phap" });
    expect(next).toMatchObject({ statePath: "processing.upstream", currentAgency: "so-tu-phap" });
    expect(effects).toContainEqual({ type: "startStepClock", stepKey: "upstream" });
  });

  it("payment step: waiting for the fee is status 6 with the clock paused", () => {
    const { next, effects } = runOn(liaison, driveOn(liaison, atDistrict), { type: "FORWARD_RETURNED", role: "specialist" });
    expect(next).toMatchObject({ status: DOSSIER_STATUS.awaitingPayment, statePath: "processing.fee", stepKey: "fee" });
    expect(effects.slice(1)).toEqual([
      { type: "startStepClock", stepKey: "fee" },
      { type: "pauseClock" },
      { type: "requestFee", stepKey: "fee" },
    ]);
  });

  it.each<Role>(["citizen", "system"])("fee paid (by %s) → next step, clock resumed", (role) => {
    const { next, effects } = runOn(liaison, driveOn(liaison, atFee), { type: "FEE_PAID", role });
    expect(next).toMatchObject({ status: 4, statePath: "processing.approval" });
    expect(effects).toEqual([{ type: "resumeClock" }, { type: "startStepClock", stepKey: "approval" }]);
  });

  it("a liên thông dossier with a fee runs to the end", () => {
    const { next } = runOn(liaison, driveOn(liaison, liaisonReady), { type: "RETURN_RESULT", role: "desk" });
    expect(next).toMatchObject({ status: DOSSIER_STATUS.returned, done: true, visitedAgencies: ["huyen"] });
  });

  it("supplement requested with a deadline: kept in the context and scheduled; cleared once supplemented", () => {
    const { next: waiting, effects } = runOn(definition, initialDossierState(definition), {
      type: "REQUEST_SUPPLEMENT",
      role: "desk",
      note: "Thiếu giấy chứng sinh",
      deadline: DEADLINE,
    });
    expect(waiting.state.context.supplementDeadline).toBe(DEADLINE);
    expect(effects).toEqual([
      { type: "pauseClock" },
      { type: "notifyApplicant", template: "supplementRequested" },
      { type: "issueSupplementRequest" },
      { type: "scheduleSupplementDeadline", deadline: DEADLINE },
    ]);
    const { next } = runOn(definition, waiting, { type: "SUPPLEMENT_PROVIDED", role: "citizen" });
    expect(next.state.context.supplementDeadline).toBeNull();
  });

  it.each([
    ["at reception", [] as DossierEvent[], "desk" as Role],
    ["during processing", atExamination, "specialist" as Role],
  ])("supplement deadline lapsed %s → refused (3), with the refusal form", (_where, before, role) => {
    const waiting = driveOn(definition, [...before, { type: "REQUEST_SUPPLEMENT", role, note: "Bổ sung", deadline: DEADLINE }]);
    const { next, effects } = runOn(definition, waiting, { type: "SUPPLEMENT_DEADLINE_LAPSED", role: "system", at: "2025-03-10T10:00:01Z" });
    expect(next).toMatchObject({ status: DOSSIER_STATUS.refused, statePath: "refused", done: true });
    expect(effects).toEqual([{ type: "issueRefusal" }, { type: "notifyApplicant", template: "refused" }]);
  });

  const withdrawable: Array<[string, WorkflowDefinition, DossierEvent[]]> = [
    ["submitted", definition, []],
    ["received", definition, received],
    ["being processed", definition, toApproval],
    ["waiting for a supplement", definition, [{ type: "REQUEST_SUPPLEMENT", role: "desk", note: "x" }]],
    ["forwarded", liaison, atDistrict],
    ["waiting for the fee", liaison, atFee],
  ];
  it.each(withdrawable)("the applicant withdraws while %s → withdrawn (7), final", (_when, def, before) => {
    const { next, effects } = runOn(def, driveOn(def, before), { type: "WITHDRAW", role: "citizen", reason: "Không còn nhu cầu" });
    expect(next).toMatchObject({ status: DOSSIER_STATUS.withdrawn, statePath: "withdrawn", done: true, stepKey: null });
    expect(effects).toEqual([]);
  });

  const stoppable: Array<[string, WorkflowDefinition, DossierEvent[], Role]> = [
    ["received", definition, received, "leader"],
    ["being processed", definition, toReview, "unitHead"],
    ["waiting for a supplement", definition, [{ type: "REQUEST_SUPPLEMENT", role: "desk", note: "x" }], "leader"],
    ["forwarded", liaison, atDistrict, "leader"],
    ["waiting for the fee", liaison, atFee, "unitHead"],
  ];
  it.each(stoppable)("stop processing while %s (by %s) → stopped (8), with the stop notice (Mẫu 05)", (_when, def, before, role) => {
    const { next, effects } = runOn(def, driveOn(def, before), { type: "STOP", role, reason: "Có văn bản tạm dừng của cơ quan có thẩm quyền" });
    expect(next).toMatchObject({ status: DOSSIER_STATUS.stopped, statePath: "stopped", done: true });
    expect(effects).toEqual([{ type: "issueStopNotice", reason: "Có văn bản tạm dừng của cơ quan có thẩm quyền" }]);
  });

  it.each<[Role, DossierEvent[]]>([
    ["specialist", atExamination],
    ["unitHead", toReview],
    ["leader", toApproval],
    ["desk", toApproval],
  ])("apology with a new due date by the %s (Mẫu 04): same state, extended due time", (role, before) => {
    const view = drive(before);
    const newDueAt = "2025-04-01T17:00:00+07:00";
    const { next, effects } = runOn(definition, view, { type: "APOLOGISE", role, newDueAt, reason: "Cần xác minh thêm" });
    expect(next.statePath).toBe(view.statePath);
    expect(next.status).toBe(DOSSIER_STATUS.processing);
    expect(effects).toEqual([
      { type: "issueApology", newDueAt, reason: "Cần xác minh thêm" },
      { type: "extendDue", newDueAt },
    ]);
  });

  it("apology while the dossier is at another agency", () => {
    const { next } = runOn(liaison, driveOn(liaison, atDistrict), { type: "APOLOGISE", role: "specialist", newDueAt: DEADLINE, reason: "Chờ cấp huyện" });
    expect(next).toMatchObject({ statePath: "processing.district", currentAgency: "huyen" });
  });

  it("a snapshot written before issue #3 (no deadline, no agencies in its context) still runs", () => {
    const old: PersistedDossierState = { ...drive(toReview).state, context: { resumeAt: null, draftResult: draft } };
    const { next } = runOn(definition, { ...drive([]), state: old }, { type: "REVIEW_SIGNED", role: "unitHead" });
    expect(next).toMatchObject({ statePath: "processing.approval", currentAgency: null, visitedAgencies: [] });
    expect(dossierView(definition, old).statePath).toBe("processing.review");
  });
});

describe("issue #3 — forbidden transitions", () => {
  const supplementWithDeadline: DossierEvent = { type: "REQUEST_SUPPLEMENT", role: "desk", note: "x", deadline: DEADLINE };
  const cases: Array<[string, WorkflowDefinition, DossierEvent[], DossierEvent, RegExp]> = [
    ["no withdrawal once the result is approved", definition, [...toApproval, { type: "APPROVE", role: "leader", sealBy: "system" }], { type: "WITHDRAW", role: "citizen" }, /đã có kết quả/],
    ["no withdrawal once the result is ready", definition, toResultReady, { type: "WITHDRAW", role: "citizen" }, /đã có kết quả/],
    ["only the applicant withdraws", definition, received, { type: "WITHDRAW", role: "desk" }, /vai trò/],
    ["a withdrawn dossier is final", definition, [{ type: "WITHDRAW", role: "citizen" }], { type: "RECEIVE", role: "desk" }, /đã kết thúc \(Công dân yêu cầu rút hồ sơ\)/],
    ["a specialist cannot stop processing", definition, atExamination, { type: "STOP", role: "specialist", reason: "x" }, /vai trò/],
    ["a stop needs a reason", definition, atExamination, { type: "STOP", role: "leader", reason: "  " }, /lý do dừng/],
    ["a submitted dossier is refused, not stopped", definition, [], { type: "STOP", role: "leader", reason: "x" }, /Mới đăng ký/],
    ["nothing is stopped once approved", definition, [...toApproval, { type: "APPROVE", role: "leader", sealBy: "system" }], { type: "STOP", role: "leader", reason: "x" }, /trạng thái "Đang xử lý"/],
    ["a stopped dossier is final", definition, [...received, { type: "STOP", role: "leader", reason: "x" }], { type: "WITHDRAW", role: "citizen" }, /đã kết thúc \(Dừng xử lý\)/],
    ["no apology before processing", definition, received, { type: "APOLOGISE", role: "leader", newDueAt: DEADLINE, reason: "x" }, /Được tiếp nhận/],
    ["the applicant does not apologise", definition, atExamination, { type: "APOLOGISE", role: "citizen", newDueAt: DEADLINE, reason: "x" }, /vai trò/],
    ["an apology needs a valid new date", definition, atExamination, { type: "APOLOGISE", role: "leader", newDueAt: "10/03/2025", reason: "x" }, /ngày hẹn trả kết quả mới không hợp lệ/],
    ["an apology needs a reason", definition, atExamination, { type: "APOLOGISE", role: "leader", newDueAt: DEADLINE, reason: "" }, /lý do chậm trễ/],
    ["no apology while the applicant owes the fee", liaison, atFee, { type: "APOLOGISE", role: "leader", newDueAt: DEADLINE, reason: "x" }, /nghĩa vụ tài chính/],
    ["a supplement deadline must be an instant with its zone", definition, [], { type: "REQUEST_SUPPLEMENT", role: "desk", note: "x", deadline: "2025-03-10T17:00:00" }, /hạn bổ sung không hợp lệ/],
    ["no lapse before the deadline", definition, [supplementWithDeadline], { type: "SUPPLEMENT_DEADLINE_LAPSED", role: "system", at: "2025-03-10T10:00:00Z" }, /chưa hết hạn bổ sung/],
    ["no lapse without a deadline", definition, [{ type: "REQUEST_SUPPLEMENT", role: "desk", note: "x" }], { type: "SUPPLEMENT_DEADLINE_LAPSED", role: "system", at: "2030-01-01T00:00:00Z" }, /không có thời hạn/],
    ["only the system declares a lapse", definition, [supplementWithDeadline], { type: "SUPPLEMENT_DEADLINE_LAPSED", role: "desk", at: "2030-01-01T00:00:00Z" }, /vai trò/],
    ["no lapse unless waiting for a supplement", definition, atExamination, { type: "SUPPLEMENT_DEADLINE_LAPSED", role: "system", at: "2030-01-01T00:00:00Z" }, /Đang xử lý/],
    ["the desk does not confirm an online payment", liaison, atFee, { type: "FEE_PAID", role: "desk" }, /vai trò/],
    ["no fee is paid outside a payment step", liaison, atExamination, { type: "FEE_PAID", role: "citizen" }, /trạng thái "Đang xử lý"/],
    ["a payment step is not completed by an officer", liaison, atFee, { type: "COMPLETE_STEP", role: "specialist" }, /Yêu cầu thực hiện nghĩa vụ tài chính/],
    ["no supplement request while waiting for the fee", liaison, atFee, { type: "REQUEST_SUPPLEMENT", role: "specialist", note: "x" }, /nghĩa vụ tài chính/],
    ["before a forward step, the step is forwarded, not completed", liaison, atExamination, { type: "COMPLETE_STEP", role: "specialist" }, /trạng thái "Đang xử lý", bước Thụ lý/],
    ["a forward-first procedure is forwarded, not transferred", forwardFirst, received, { type: "TRANSFER", role: "desk" }, /Được tiếp nhận/],
    ["forward where the procedure says", liaison, atExamination, { type: "FORWARD", role: "specialist", targetAgency: "tinh" }, /tới huyen, không phải tinh/],
    ["a forward names the agency", forwardFirst, received, { type: "FORWARD", role: "desk", targetAgency: " " }, /chọn cơ quan/],
    ["no forwarding in a circle", liaison, atDistrict, { type: "FORWARD", role: "specialist", targetAgency: "huyen" }, /đang được liên thông qua huyen/],
    ["only the receiving agency's role hands the dossier back", liaison, atDistrict, { type: "FORWARD_RETURNED", role: "leader" }, /vai trò/],
    ["nothing comes back that was not forwarded", liaison, atExamination, { type: "FORWARD_RETURNED", role: "specialist" }, /trạng thái "Đang xử lý"/],
    ["no sending back across a payment", liaison, atLiaisonApproval, { type: "SEND_BACK", role: "leader", note: "x" }, /nộp phí, lệ phí/],
    ["no sending back across a forward", { ...liaison, id: "procedure:no-fee", steps: liaison.steps.filter((s) => s.key !== "fee") }, [...atDistrict, { type: "FORWARD_RETURNED", role: "specialist" }], { type: "SEND_BACK", role: "leader", note: "x" }, /liên thông, không trả lại/],
  ];
  it.each(cases)("%s", (_name, def, before, event, reason) => {
    const view = driveOn(def, before);
    const result = transitionDossier(def, view.state, event);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it.each<[string, WorkflowStep[], RegExp]>([
    ["no steps", [], /không có bước xử lý nào/],
    ["a payment last", [{ key: "fee", name: "Phí", role: "citizen", allowance: day, kind: "payment" }], /bước cuối/],
    ["a forward after a payment", [{ key: "fee", name: "Phí", role: "citizen", allowance: day, kind: "payment" }, { key: "up", name: "Lên huyện", role: "specialist", allowance: day, kind: "forward" }, { key: "ok", name: "Ký", role: "leader", allowance: day }], /phải đứng đầu hoặc sau một bước xử lý/],
    ["a repeated key", [{ key: "a", name: "A", role: "specialist", allowance: day }, { key: "a", name: "B", role: "leader", allowance: day }], /bị trùng/],
    ["a key that is not a state name", [{ key: "thụ lý", name: "A", role: "leader", allowance: day }], /chỉ được gồm/],
  ])("a step list with %s is not published", (_what, steps, problem) => {
    const bad = { id: "procedure:bad", version: 1, steps };
    expect(validateDefinition(bad).join("; ")).toMatch(problem);
    expect(() => buildDossierMachine(bad)).toThrow(problem);
  });
});

describe("issue #3 — versions", () => {
  const v1 = definition;
  const v2: WorkflowDefinition = {
    id: definition.id,
    version: 2,
    steps: [
      { key: "examination", name: "Thụ lý", role: "specialist", allowance: day },
      { key: "fee", name: "Nộp lệ phí", role: "citizen", allowance: day, kind: "payment" },
      { key: "signing", name: "Ký duyệt", role: "leader", allowance: day },
    ],
  };

  it("a dossier started on version 1 finishes on version 1 after version 2 is published; new ones start on 2", () => {
    const published: WorkflowDefinition[] = [v1];
    const act = (view: DossierView, event: DossierEvent) => runOn(selectDefinition(published, view.state), view, event).next;

    let old = initialDossierState(latestDefinition(published, v1.id));
    old = toApproval.reduce(act, old);
    expect(old.statePath).toBe("processing.approval");

    published.push(v2);
    // The old dossier still has its review/approval steps, which version 2 no longer has.
    const finish: DossierEvent[] = [
      { type: "SEND_BACK", role: "leader", note: "Sửa" },
      { type: "REVIEW_SIGNED", role: "unitHead" },
      { type: "APPROVE", role: "leader", sealBy: "system" },
      { type: "SEAL", role: "system" },
      { type: "RETURN_RESULT", role: "desk" },
    ];
    old = finish.reduce(act, old);
    expect(old).toMatchObject({ status: DOSSIER_STATUS.returned, done: true });
    expect(old.state).toMatchObject({ machineId: v1.id, machineVersion: 1 });

    const fresh = initialDossierState(latestDefinition(published, v1.id));
    expect(fresh.state.machineVersion).toBe(2);
    const toFeeV2: DossierEvent[] = [...atExamination, { type: "COMPLETE_STEP", role: "specialist" }];
    const atFeeV2 = toFeeV2.reduce(act, fresh);
    expect(atFeeV2).toMatchObject({ status: DOSSIER_STATUS.awaitingPayment, statePath: "processing.fee" });
    expect(() => transitionDossier(v1, atFeeV2.state, { type: "FEE_PAID", role: "citizen" })).toThrow(/v2, không phải .* v1/);
  });

  it("a dossier whose version is missing is an error, not a silent fallback to the newest", () => {
    expect(() => selectDefinition([v2], initialDossierState(v1).state)).toThrow(/v1/);
    expect(() => latestDefinition([v2], "procedure:other")).toThrow(/chưa có phiên bản/);
  });
});

describe("issue #3 — invariants (property tests)", () => {
  const roles: Role[] = ["citizen", "desk", "specialist", "unitHead", "leader", "system", "admin"];
  const agencies = ["huyen", "tinh", "so-tu-phap"];
  const instants = [DEADLINE, "2025-03-11T08:00:00+07:00", "2025-03-01T00:00:00Z", "không phải ngày"];
  const reasons = ["", "Lý do"];

  const stepArb = (index: number) =>
    fc.record({
      kind: fc.constantFrom<StepKind>("process", "payment", "forward"),
      role: fc.constantFrom<Role>("citizen", "desk", "specialist", "unitHead", "leader"),
      unit: fc.option(fc.constantFrom(...agencies), { nil: undefined }),
    }).map(({ kind, role, unit }): WorkflowStep => ({ key: `s${index}`, name: `Bước ${index}`, role, allowance: day, kind, unit }));
  const definitionArb = fc
    .integer({ min: 1, max: 5 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => stepArb(i))))
    .map((steps): WorkflowDefinition => ({ id: "procedure:random", version: 1, steps }))
    .filter((d) => validateDefinition(d).length === 0);

  type Payload = { text: string; instant: string; agency: string };
  const eventOf = (type: DossierEvent["type"], role: Role, { text, instant, agency }: Payload): DossierEvent => {
    switch (type) {
      case "REFUSE":
        return { type, role, reason: text };
      case "REQUEST_SUPPLEMENT":
        return text ? { type, role, note: text, deadline: instant } : { type, role, note: "x" };
      case "SEND_BACK":
        return { type, role, note: text };
      case "SUPPLEMENT_DEADLINE_LAPSED":
        return { type, role, at: instant };
      case "STOP":
        return { type, role, reason: text };
      case "APOLOGISE":
        return { type, role, newDueAt: instant, reason: text };
      case "FORWARD":
        return { type, role, targetAgency: agency };
      default:
        return { type, role } as DossierEvent;
    }
  };
  const payloadArb: fc.Arbitrary<Payload> = fc.record({
    text: fc.constantFrom(...reasons),
    instant: fc.constantFrom(...instants),
    agency: fc.constantFrom(...agencies),
  });
  const eventArb: fc.Arbitrary<DossierEvent> = fc
    .tuple(fc.constantFrom(...DOSSIER_EVENT_TYPES), fc.constantFrom(...roles), payloadArb)
    .map(([type, role, payload]) => eventOf(type, role, payload));

  /** Checks that hold after every transition, whatever led there. */
  function checkInvariants(def: WorkflowDefinition, view: DossierView) {
    expect(DOSSIER_STATUS_CODES).toContain(view.status);
    const step = def.steps.find((s) => s.key === view.stepKey);
    if (view.statePath.startsWith("processing.") && step?.kind !== "forward") expect(view.currentAgency).toBeNull();
    if (step?.kind === "forward") expect(view.currentAgency).not.toBeNull();
    if (step?.kind === "payment") expect(view.status).toBe(DOSSIER_STATUS.awaitingPayment);
    if (view.done) {
      for (const role of roles) expect(availableEvents(def, view.state, role)).toEqual([]);
    }
  }

  it("every state of every generated machine carries exactly one status tag", () => {
    fc.assert(
      fc.property(definitionArb, (def) => {
        type Node = { type: string; tags: string[]; states: Record<string, Node>; parent?: Node };
        const atomic = (node: Node): Node[] => (Object.keys(node.states).length ? Object.values(node.states).flatMap(atomic) : [node]);
        for (const leaf of atomic(buildDossierMachine(def).root as unknown as Node)) {
          const tags: string[] = [];
          for (let n: Node | undefined = leaf; n; n = n.parent) tags.push(...n.tags.filter((t) => t.startsWith("status:")));
          expect(tags).toHaveLength(1);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("random event sequences keep a status code 1–10, agencies only while forwarded, and final states accept nothing", () => {
    fc.assert(
      fc.property(definitionArb, fc.array(eventArb, { maxLength: 40 }), (def, events) => {
        let view = initialDossierState(def);
        for (const event of events) {
          const result = transitionDossier(def, view.state, event);
          if (view.done) {
            expect(result.ok).toBe(false);
            if (!result.ok) expect(result.reason).toMatch(/đã kết thúc/);
          }
          if (!result.ok) continue;
          view = result.next;
          checkInvariants(def, view);
        }
      }),
      { numRuns: 300 },
    );
  });

  // Blind events rarely get past reception; this walk picks among what some role may do, so it
  // reaches payments, forwards and the end, and shows that no open dossier is stuck.
  it("walks along available events: an open dossier always has someone who can act", () => {
    fc.assert(
      fc.property(definitionArb, fc.array(fc.tuple(fc.nat(), payloadArb), { maxLength: 60 }), (def, choices) => {
        let view = initialDossierState(def);
        for (const [choice, payload] of choices) {
          const candidates = roles.flatMap((role) => availableEvents(def, view.state, role).map((type) => eventOf(type, role, payload)));
          if (view.done) {
            expect(candidates).toEqual([]);
            break;
          }
          expect(candidates.length).toBeGreaterThan(0);
          // Mostly steer away from the endings, or few walks would get past the first step.
          const onward = candidates.filter((e) => !["WITHDRAW", "STOP", "REFUSE", "SUPPLEMENT_DEADLINE_LAPSED"].includes(e.type));
          const pool = choice % 5 === 0 || onward.length === 0 ? candidates : onward;
          const result = transitionDossier(def, view.state, pool[choice % pool.length]);
          if (!result.ok) {
            expect(result.reason).toMatch(/^Không thể "/);
            continue;
          }
          view = result.next;
          checkInvariants(def, view);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("issue 9 — the postal service", () => {
  const postal = (kind: "pickup" | "delivery", status: string, role: Role = "postal"): DossierEvent => ({ type: "POSTAL_STATUS", role, kind, status });

  it("records a postal status without changing the state, in the states where orders exist", () => {
    for (const events of [[], toResultReady, toReview]) {
      const view = drive(events);
      const result = run(view, postal(events === toResultReady ? "delivery" : "pickup", "collecting"));
      expect(result.next.statePath).toBe(view.statePath);
      expect(result.next.status).toBe(view.status);
      expect(result.effects).toEqual([]);
    }
  });

  it("accepts POSTAL_STATUS only from the postal role, with a kind and a status, and never once the dossier is closed", () => {
    const submitted = initialDossierState(definition);
    for (const role of ["desk", "citizen", "system", "specialist"] as Role[]) {
      expect(transitionDossier(definition, submitted.state, postal("pickup", "collecting", role)).ok).toBe(false);
    }
    expect(transitionDossier(definition, submitted.state, postal("pickup", " ")).ok).toBe(false);
    expect(transitionDossier(definition, submitted.state, { ...postal("pickup", "x"), kind: "boat" } as never).ok).toBe(false);
    const returned = drive([...toResultReady, { type: "RETURN_RESULT", role: "postal" }]);
    expect(returned.status).toBe(DOSSIER_STATUS.returned);
    const late = transitionDossier(definition, returned.state, postal("delivery", "delivered"));
    expect(late).toMatchObject({ ok: false, reason: expect.stringContaining("đã kết thúc") });
    expect(availableEvents(definition, submitted.state, "postal")).toEqual(["POSTAL_STATUS"]);
  });

  it("RETURN_RESULT is the desk's or the postal service's, nobody else's", () => {
    const ready = drive(toResultReady);
    for (const role of ["desk", "postal"] as Role[]) {
      const result = run(ready, { type: "RETURN_RESULT", role });
      expect(result.next.status).toBe(DOSSIER_STATUS.returned);
      expect(result.effects).toEqual([{ type: "notifyApplicant", template: "returned" }]);
    }
    for (const role of ["citizen", "specialist", "leader", "system", "clerk"] as Role[]) {
      expect(transitionDossier(definition, ready.state, { type: "RETURN_RESULT", role }).ok).toBe(false);
    }
    expect(availableEvents(definition, ready.state, "postal").sort()).toEqual(["POSTAL_STATUS", "RETURN_RESULT"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 9: a fee paid at submission (fully online procedures) is one event without a change of state.
// ---------------------------------------------------------------------------------------------
describe("issue 9 — fee paid at submission", () => {
  const received: DossierEvent[] = [{ type: "RECEIVE", role: "desk" }];

  it.each([
    ["submitted", [] as DossierEvent[], 1],
    ["received", received, 2],
  ])("the payment platform records the fee while the dossier is %s, and the dossier stays where it is", (statePath, events, status) => {
    const before = drive(events);
    const { next, effects } = run(before, { type: "FEE_PAID", role: "system", reference: "GD-1" });
    expect(next.statePath).toBe(statePath);
    expect(next.status).toBe(status);
    expect(next.stepKey).toBe("reception");
    expect(effects).toEqual([]);
    expect(next.state.context.feePaidAtSubmission).toBe(true);
    // The rest of the journey is unchanged.
    expect(run(next, events.length ? { type: "TRANSFER", role: "desk" } : { type: "RECEIVE", role: "desk" }).next.status).toBe(events.length ? 4 : 2);
  });

  it("the desk may record cash at reception; the fee is recorded once", () => {
    const paid = run(drive([]), { type: "FEE_PAID", role: "desk", reference: "BL-7" }).next;
    const again = transitionDossier(definition, paid.state, { type: "FEE_PAID", role: "system" });
    expect(again.ok).toBe(false);
    expect(!again.ok && again.reason).toMatch(/đã được ghi nhận/);
    // Still recorded after reception.
    const afterReception = run(paid, { type: "RECEIVE", role: "desk" }).next;
    expect(transitionDossier(definition, afterReception.state, { type: "FEE_PAID", role: "desk" }).ok).toBe(false);
    expect(availableEvents(definition, afterReception.state, "desk")).not.toContain("FEE_PAID");
  });

  it.each(["citizen", "specialist", "leader", "postal"] as Role[])("%s cannot record a fee at submission", (role) => {
    expect(transitionDossier(definition, drive([]).state, { type: "FEE_PAID", role }).ok).toBe(false);
  });

  it("no fee is recorded at submission when the step list collects it in a payment step, nor once processing began", () => {
    const withPaymentStep: WorkflowDefinition = {
      id: "procedure:paid-step",
      version: 1,
      steps: [
        { key: "fee", name: "Nộp phí", role: "desk", kind: "payment", allowance: { amount: 4, unit: "workingHour" } },
        { key: "approval", name: "Phê duyệt", role: "leader", allowance: { amount: 4, unit: "workingHour" } },
      ],
    };
    const start = initialDossierState(withPaymentStep);
    expect(transitionDossier(withPaymentStep, start.state, { type: "FEE_PAID", role: "system" }).ok).toBe(false);
    expect(transitionDossier(definition, drive([...received, { type: "TRANSFER", role: "desk" }]).state, { type: "FEE_PAID", role: "system" }).ok).toBe(false);
  });

  it("a snapshot written before issue 9 (no feePaidAtSubmission) still accepts the payment", () => {
    const old = drive([]).state;
    const { feePaidAtSubmission: _dropped, ...context } = old.context;
    void _dropped;
    const result = transitionDossier(definition, { ...old, context }, { type: "FEE_PAID", role: "system" });
    expect(result.ok && result.next.state.context.feePaidAtSubmission).toBe(true);
  });
});

describe("issue 10 — claiming, assigning and handing over to a unit and a person", () => {
  const UNIT = 41;
  const OTHER_UNIT = 42;
  const SPECIALIST = 7;
  const OTHER_SPECIALIST = 8;

  it("the transfer names the unit and the person; the view and the snapshot carry them for the step", () => {
    const { next, effects } = run(drive(received), { type: "TRANSFER", role: "desk", unitId: UNIT, assigneeUserId: SPECIALIST });
    expect(next.statePath).toBe("processing.examination");
    expect(next.assignment).toEqual({ unitId: UNIT, userId: SPECIALIST });
    expect(next.state.context.assignments).toEqual({ examination: { unitId: UNIT, userId: SPECIALIST } });
    expect(effects.map((e) => e.type)).toEqual(["startStepClock"]);
  });

  it("ASSIGN changes nothing but the assignment: a field left out is kept, null clears it", () => {
    const atExam = drive([...received, { type: "TRANSFER", role: "desk", unitId: UNIT }]);
    expect(atExam.assignment).toEqual({ unitId: UNIT, userId: null });
    const claimed = run(atExam, { type: "ASSIGN", role: "specialist", assigneeUserId: SPECIALIST });
    expect(claimed.next).toMatchObject({ statePath: "processing.examination", status: DOSSIER_STATUS.processing });
    expect(claimed.effects).toEqual([]);
    expect(claimed.next.assignment).toEqual({ unitId: UNIT, userId: SPECIALIST });
    const reassigned = run(claimed.next, { type: "ASSIGN", role: "unitHead", assigneeUserId: OTHER_SPECIALIST, unitId: OTHER_UNIT }).next;
    expect(reassigned.assignment).toEqual({ unitId: OTHER_UNIT, userId: OTHER_SPECIALIST });
    expect(run(reassigned, { type: "ASSIGN", role: "leader", assigneeUserId: null }).next.assignment).toEqual({ unitId: OTHER_UNIT, userId: null });
  });

  it("entering the next step keeps the unit and clears the person unless the hand-over names one", () => {
    const atExam = drive([...received, { type: "TRANSFER", role: "desk", unitId: UNIT, assigneeUserId: SPECIALIST }]);
    const atReview = run(atExam, { type: "COMPLETE_STEP", role: "specialist", draftResult: draft }).next;
    expect(atReview.assignment).toEqual({ unitId: UNIT, userId: null });
    const named = run(atExam, { type: "COMPLETE_STEP", role: "specialist", draftResult: draft, assigneeUserId: 99 }).next;
    expect(named.assignment).toEqual({ unitId: UNIT, userId: 99 });
  });

  it("sent back one step, the dossier returns to the officer who had it", () => {
    const atExam = drive([...received, { type: "TRANSFER", role: "desk", unitId: UNIT, assigneeUserId: SPECIALIST }]);
    const atReview = run(atExam, { type: "COMPLETE_STEP", role: "specialist", draftResult: draft }).next;
    const back = run(atReview, { type: "SEND_BACK", role: "unitHead", note: "Bổ sung thẩm định" }).next;
    expect(back.statePath).toBe("processing.examination");
    expect(back.assignment).toEqual({ unitId: UNIT, userId: SPECIALIST });
  });

  it("while waiting for the applicant or once closed, nobody holds it; on resumption the step's officer does again", () => {
    const atExam = drive([...received, { type: "TRANSFER", role: "desk", assigneeUserId: SPECIALIST }]);
    const waiting = run(atExam, { type: "REQUEST_SUPPLEMENT", role: "specialist", note: "Thiếu bản sao" }).next;
    expect(waiting.assignment).toBeNull();
    expect(run(waiting, { type: "SUPPLEMENT_PROVIDED", role: "citizen" }).next.assignment).toEqual({ unitId: null, userId: SPECIALIST });
    expect(run(atExam, { type: "STOP", role: "leader", reason: "Dừng" }).next.assignment).toBeNull();
  });

  it("who may send ASSIGN: the step's role, the unit head and the leader; the desk only at reception and return", () => {
    const atExam = drive(atExamination);
    for (const role of ["specialist", "unitHead", "leader"] as Role[]) {
      expect(transitionDossier(definition, atExam.state, { type: "ASSIGN", role, assigneeUserId: 1 }).ok).toBe(true);
    }
    for (const role of ["desk", "citizen", "clerk", "postal", "system"] as Role[]) {
      expect(transitionDossier(definition, atExam.state, { type: "ASSIGN", role, assigneeUserId: 1 }).ok).toBe(false);
    }
    expect(transitionDossier(definition, drive([]).state, { type: "ASSIGN", role: "desk", assigneeUserId: 1 }).ok).toBe(true);
    expect(transitionDossier(definition, drive([]).state, { type: "ASSIGN", role: "specialist", assigneeUserId: 1 }).ok).toBe(false);
    const ready = drive(toResultReady);
    expect(transitionDossier(definition, ready.state, { type: "ASSIGN", role: "desk", assigneeUserId: 1 }).ok).toBe(true);
    expect(transitionDossier(definition, drive([...toResultReady, { type: "RETURN_RESULT", role: "desk" }]).state, { type: "ASSIGN", role: "desk", assigneeUserId: 1 }).ok).toBe(false);
  });

  it("an assignment naming nobody, or ids that are not ids, is refused with a reason", () => {
    const atExam = drive(atExamination);
    const empty = transitionDossier(definition, atExam.state, { type: "ASSIGN", role: "unitHead" });
    expect(empty.ok === false && empty.reason).toContain("chưa chọn phòng hoặc người xử lý");
    const bad = transitionDossier(definition, atExam.state, { type: "ASSIGN", role: "unitHead", assigneeUserId: -1 });
    expect(bad.ok).toBe(false);
    const badHandOver = transitionDossier(definition, drive(received).state, { type: "TRANSFER", role: "desk", unitId: 1.5 });
    expect(badHandOver.ok).toBe(false);
  });

  it("a snapshot written before issue 10 (no assignments) still loads and can be assigned", () => {
    const old = drive(atExamination).state;
    const { assignments: _dropped, ...context } = old.context;
    void _dropped;
    const persisted = JSON.parse(JSON.stringify({ ...old, context })) as PersistedDossierState;
    expect(dossierView(definition, persisted).assignment).toBeNull();
    const result = transitionDossier(definition, persisted, { type: "ASSIGN", role: "specialist", assigneeUserId: SPECIALIST });
    expect(result.ok && result.next.assignment).toEqual({ unitId: null, userId: SPECIALIST });
  });
});
