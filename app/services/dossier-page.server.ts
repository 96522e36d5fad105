/**
 * The dossier page's model (trang hồ sơ): everything the page shows, for one viewer, built from the
 * dossier and the object-level permissions. The route only parses and renders; this is tested.
 */
import { randomUUID } from "node:crypto";
import { EVENT_LABELS, type DossierEventType, type DraftResult } from "../../workflows/dossier-machine";
import { DOSSIER_STATUS_NAMES, isLateNow, type DossierStatusCode } from "../../workflows/dossier-status";
import { classifyTimeliness } from "../../workflows/timeliness";
import { formatDate, RESULT_DELIVERY_NAMES, ROLE_NAMES } from "../labels";
import type { SessionUser } from "./auth.server";
import type { AppServices } from "./context.server";
import { actionsFor, forwardTargetsFor, mayOpenFile, timelineLabel, type DossierDetail } from "./dossier-queries.server";
import { assignmentPanelFor, handOverOptionsFor } from "./assignments.server";
import { mayAccessDossier } from "./permissions.server";
import { paymentDue, paymentSummary } from "./payments/payments.server";
import { loadDraftRow } from "./documents/result-drafts.server";
import { citizenPanelsFor } from "./citizen-dossier.server";

const savedDraftOf = async (services: AppServices, dossierId: string): Promise<DraftResult | null> => {
  const row = await loadDraftRow(services, dossierId);
  return row ? { title: row.title, fields: row.fields } : null;
};

const TIMELINESS_NAMES = { early: "Trước hạn", onTime: "Đúng hạn", late: "Trễ hạn", open: "Đang giải quyết" } as const;

export const ATTACHMENT_KIND_NAMES: Record<string, string> = {
  submission: "Thành phần hồ sơ",
  supplement: "Hồ sơ bổ sung",
  receipt: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)",
  supplementRequest: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)",
  refusal: "Phiếu từ chối tiếp nhận (Mẫu 03)",
  apology: "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)",
  stopNotice: "Thông báo dừng giải quyết hồ sơ (Mẫu 05)",
  feeReceipt: "Biên lai thu phí, lệ phí (biên lai điện tử)",
  draftResult: "Dự thảo kết quả",
  signingCopy: "Bản trình ký",
  result: "Kết quả giải quyết (có chữ ký số)",
};

function draftDefaults(detail: DossierDetail, saved: DraftResult | null): DraftResult {
  const { dossier, procedure } = detail;
  // The draft saved on the drafting page wins: this quick form must not send another one.
  return (
    saved ??
    dossier.snapshot.context.draftResult ?? {
      title: procedure.resultName,
      fields: [
        { label: "Người đề nghị", value: dossier.applicantName },
        ...procedure.formFields.map((f) => ({ label: f.label, value: dossier.formData[f.name] ?? "", name: f.name })),
      ],
    }
  );
}

function stepNameOf(detail: DossierDetail): string | null {
  const key = detail.dossier.stepKey;
  if (key === "reception") return "Tiếp nhận hồ sơ";
  if (key === "signing") return "Ký số kết quả";
  if (key === "return") return "Trả kết quả";
  return detail.definition.steps.find((s) => s.key === key)?.name ?? null;
}

export type DossierPageModel = Awaited<ReturnType<typeof dossierPageModel>>;

export async function dossierPageModel(services: AppServices, user: SessionUser, detail: DossierDetail, now = new Date()) {
  const { dossier, procedure, agency } = detail;
  // At reception FEE_PAID records a fee paid with the submission: offered only when one is due then.
  const atReception = dossier.statePath === "submitted" || dossier.statePath === "received";
  const feeAtReception = paymentDue(detail)?.purpose === "submission";
  const actions = actionsFor(user, detail)
    .filter((type) => !(type === "FEE_PAID" && atReception && !feeAtReception))
    .map((type) => ({
    type,
    label: EVENT_LABELS[type],
    // A new random id each time the form is shown: sending the same form twice is one action.
    transactionId: randomUUID(),
  }));
  const has = (type: DossierEventType) => actions.some((a) => a.type === type);
  // Claiming and assigning have their own block (assignment-panel.tsx), not a button among the actions.
  const assignment = await assignmentPanelFor(services, user, dossier, detail.definition, has("ASSIGN"), randomUUID);
  const handOver = has("TRANSFER") || has("COMPLETE_STEP") ? await handOverOptionsFor(services, dossier, detail.definition) : null;
  return {
    viewer: {
      role: user.role,
      isCitizen: user.role === "citizen",
      canReadControlSheet: mayAccessDossier(user, dossier, "read:control-sheet"),
    },
    dossier: {
      code: dossier.code,
      status: dossier.status as DossierStatusCode,
      statusName: DOSSIER_STATUS_NAMES[dossier.status as DossierStatusCode],
      stepName: stepNameOf(detail),
      applicantName: dossier.applicantName,
      applicantIdNumber: dossier.applicantIdNumber,
      applicantPhone: dossier.applicantPhone,
      applicantAddress: dossier.applicantAddress,
      resultDelivery: RESULT_DELIVERY_NAMES[dossier.resultDelivery as 0 | 1 | 2],
      resultDeliveryCode: dossier.resultDelivery,
      submittedAt: dossier.submittedAt,
      receivedAt: dossier.receivedAt,
      dueAt: dossier.dueAt,
      stepDueAt: dossier.stepDueAt,
      returnedAt: dossier.returnedAt,
      late: isLateNow(dossier.status, dossier.dueAt, now.getTime()),
      timeliness: dossier.dueAt && dossier.returnedAt ? TIMELINESS_NAMES[classifyTimeliness(dossier.dueAt, dossier.returnedAt, now)] : null,
      version: dossier.version,
      formValues: procedure.formFields.map((f) => ({
        label: f.label,
        value: f.type === "date" ? formatDate(dossier.formData[f.name]) : (dossier.formData[f.name] ?? ""),
      })),
    },
    procedure: { code: procedure.code, name: procedure.name, resultName: procedure.resultName },
    agencyName: agency.name,
    files: detail.files
      // A citizen's result appears once it is released to her; drafts and signing copies never.
      .filter((f) => mayOpenFile(user, dossier, f))
      .map((f) => ({
        id: f.id,
        kind: f.kind,
        kindName: ATTACHMENT_KIND_NAMES[f.kind] ?? f.kind,
        documentName: f.documentName,
        fileName: f.fileName,
        size: f.size,
        createdAt: f.createdAt,
      })),
    timeline: detail.events.map(({ event, actorName, actorTitle }) => ({
      seq: event.seq,
      label: timelineLabel(event.action, event.actorRole),
      statusName: DOSSIER_STATUS_NAMES[event.toStatus as DossierStatusCode],
      actor: actorName ? `${actorName}${actorTitle ? ` — ${actorTitle}` : ""}` : ROLE_NAMES[event.actorRole as keyof typeof ROLE_NAMES],
      actorId: event.actorUserId,
      note: event.note,
      at: event.occurredAt,
    })),
    actions: actions.filter((a) => a.type !== "ASSIGN"),
    assignment,
    handOver,
    draft: has("COMPLETE_STEP") && user.role === "specialist" ? draftDefaults(detail, await savedDraftOf(services, dossier.id)) : null,
    forwardTargets: has("FORWARD") ? await forwardTargetsFor(services, detail) : [],
    fees: await paymentSummary(services, user, detail),
    // The applicant's supplement request, rating and feedback; the officers' answers to feedback (issue 11).
    ...(await citizenPanelsFor(services, user, detail, has("REQUEST_SUPPLEMENT"))),
  };
}
