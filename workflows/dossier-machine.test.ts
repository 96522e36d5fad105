import { describe, expect, it } from "vitest";
import {
  availableEvents,
  initialDossierState,
  transitionDossier,
  type DossierEvent,
  type DossierView,
  type Role,
  type WorkflowDefinition,
} from "./dossier-machine";
import { DOSSIER_STATUS } from "./dossier-status";

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
const toApproval: DossierEvent[] = [...toReview, { type: "COMPLETE_STEP", role: "unitHead" }];
const toResultReady: DossierEvent[] = [...toApproval, { type: "APPROVE", role: "leader" }, { type: "RESULT_SIGNED", role: "system" }];

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

  it("approve → approved (still 4) and asks for the signature", () => {
    const { next, effects } = run(drive(toApproval), { type: "APPROVE", role: "leader" });
    expect(next).toMatchObject({ status: DOSSIER_STATUS.processing, statePath: "approved", stepKey: "signing" });
    expect(effects).toEqual([{ type: "signResult" }]);
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
    ["nothing is approved at reception", [], { type: "APPROVE", role: "leader" }, /Mới đăng ký/],
    ["a specialist cannot approve", toApproval, { type: "APPROVE", role: "specialist" }, /vai trò/],
    ["the leader cannot skip review", toReview, { type: "APPROVE", role: "leader" }, /vai trò|trạng thái/],
    ["the first step cannot be sent back", [{ type: "RECEIVE", role: "desk" }, { type: "TRANSFER", role: "desk" }], { type: "SEND_BACK", role: "specialist", note: "x" }, /Đang xử lý/],
    ["a received dossier cannot be refused", [{ type: "RECEIVE", role: "desk" }], { type: "REFUSE", role: "desk", reason: "x" }, /Được tiếp nhận/],
    ["no result is returned before it is signed", [...toApproval, { type: "APPROVE", role: "leader" }], { type: "RETURN_RESULT", role: "desk" }, /Đang xử lý/],
    ["only the system records the signature", [...toApproval, { type: "APPROVE", role: "leader" }], { type: "RESULT_SIGNED", role: "leader" }, /vai trò/],
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
    expect(at([], "desk").sort()).toEqual(["RECEIVE", "REFUSE", "REQUEST_SUPPLEMENT"]);
    expect(at([], "citizen")).toEqual([]);
    expect(at(toReview, "unitHead").sort()).toEqual(["COMPLETE_STEP", "SEND_BACK"]);
    expect(at(toApproval, "leader").sort()).toEqual(["APPROVE", "SEND_BACK"]);
    expect(at(toResultReady, "desk")).toEqual(["RETURN_RESULT"]);
  });

  it("persisted state round-trips through JSON", () => {
    const view = drive(toApproval);
    const restored = JSON.parse(JSON.stringify(view.state));
    const result = transitionDossier(definition, restored, { type: "APPROVE", role: "leader" });
    expect(result.ok && result.next.statePath).toBe("approved");
  });
});
