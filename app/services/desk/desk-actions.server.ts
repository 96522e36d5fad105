/**
 * The desk's panels on the dossier page: the reception of an online or postal dossier with the
 * checklist (RECEIVE, REFUSE, REQUEST_SUPPLEMENT), and the return of the result (RETURN_RESULT)
 * with the recipient at the counter or as the publication of the e-result. Each is one event through
 * performActionFromForm; what the panel adds (the checklist, the hand-over) is written in the
 * event's own transaction.
 */
import type { SubmissionResult } from "@conform-to/react";
import { and, eq } from "drizzle-orm";
import { dossiers, postalOrders, resultHandovers } from "../../../db/schema";
import { RESULT_DELIVERY } from "../../../workflows/dossier-status";
import { HANDOVER_RELATIONS } from "../../desk-labels";
import type { SessionUser } from "../auth.server";
import type { AppServices } from "../context.server";
import { DOSSIER_ACTION_FORM, performActionFromForm, type FormActionOutcome } from "../dossier-form-actions.server";
import type { DossierDetail } from "../dossier-queries.server";
import type { FormSpec } from "../multipart.server";
import { CHECKLIST_FIELD, missingRequired, missingSummary, missingWithReasons, readChecklist } from "./checklist.server";

const DESK_FIELD = /^(?:deskPanel|handoverName|handoverIdNumber|handoverRelation|handoverRelationOther)$/;

/** The dossier page's form: its action forms and the desk's panels. */
export const DOSSIER_PAGE_FORM: FormSpec = {
  fields: (name) => DOSSIER_ACTION_FORM.fields(name) || DESK_FIELD.test(name) || CHECKLIST_FIELD.test(name),
  files: DOSSIER_ACTION_FORM.files,
  maxFiles: DOSSIER_ACTION_FORM.maxFiles,
  maxFields: (DOSSIER_ACTION_FORM.maxFields ?? 320) + 130,
};

const RECEPTION_INTENTS = new Set(["RECEIVE", "REFUSE", "REQUEST_SUPPLEMENT"]);
/** Delivery orders whose parcel came back: the applicant then collects the result at the desk. */
const BACK_AT_AGENCY = new Set(["failed", "returnedToAgency"]);

function valuesOf(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") values[key] = value;
  return values;
}

function refused(intent: string, status: FormActionOutcome["status"], values: Record<string, string>, errors: Record<string, string>): FormActionOutcome {
  const error: Record<string, string[]> = {};
  for (const [field, message] of Object.entries(errors)) error[field] = [message];
  const result: SubmissionResult<string[]> = { status: "error", initialValue: values, error };
  return { status, intent, result };
}

export type Handover = { recipientName: string; recipientIdNumber: string; relation: string };

/** The recipient a desk return records; errors by field. */
export function readHandover(values: Record<string, string>): { handover: Handover | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = (values.handoverName ?? "").trim();
  const idNumber = (values.handoverIdNumber ?? "").trim();
  const relation = (values.handoverRelation ?? "").trim();
  const other = (values.handoverRelationOther ?? "").trim();
  if (name.length < 2 || name.length > 100) errors.handoverName = "Vui lòng nhập họ và tên người nhận kết quả.";
  if (!/^(\d{9}|\d{12})$/.test(idNumber)) errors.handoverIdNumber = "Số định danh/CCCD của người nhận gồm 12 chữ số (hoặc CMND 9 chữ số).";
  let stored = relation;
  if (relation === "other") {
    if (other.length < 2 || other.length > 100) errors.handoverRelationOther = "Vui lòng ghi rõ quan hệ của người nhận với người nộp hồ sơ.";
    stored = other;
  } else if (!(relation in HANDOVER_RELATIONS)) {
    errors.handoverRelation = "Vui lòng chọn quan hệ của người nhận với người nộp hồ sơ.";
  }
  return { handover: Object.keys(errors).length > 0 ? null : { recipientName: name, recipientIdNumber: idNumber, relation: stored }, errors };
}

/** How the desk returns this dossier's result: handed over at the counter, or published online. */
export async function returnModeOf(services: AppServices, detail: DossierDetail): Promise<"desk" | "online" | "post"> {
  const { dossier } = detail;
  if (dossier.resultDelivery === RESULT_DELIVERY.online) return "online";
  if (dossier.resultDelivery === RESULT_DELIVERY.post) {
    const [order] = await services.database.db
      .select({ status: postalOrders.status })
      .from(postalOrders)
      .where(and(eq(postalOrders.dossierId, dossier.id), eq(postalOrders.kind, "delivery")));
    return order && !BACK_AT_AGENCY.has(order.status) ? "post" : "desk";
  }
  return "desk";
}

export async function performDossierPageAction(
  services: AppServices,
  user: SessionUser,
  detail: DossierDetail,
  form: FormData,
  now = new Date(),
): Promise<FormActionOutcome> {
  const panel = form.get("deskPanel");
  const intent = String(form.get("intent") ?? "");
  if (panel === "reception" && RECEPTION_INTENTS.has(intent)) return receptionAction(services, user, detail, form, intent, now);
  if (panel === "return" && intent === "RETURN_RESULT") return returnAction(services, user, detail, form, now);
  return performActionFromForm(services, user, detail, form, now);
}

async function receptionAction(services: AppServices, user: SessionUser, detail: DossierDetail, form: FormData, intent: string, now: Date) {
  const values = valuesOf(form);
  const checklist = readChecklist(detail.procedure.documents, values);
  const errors = { ...checklist.errors };
  const missing = missingRequired(checklist.items);
  if (intent === "RECEIVE" && missing.length > 0) {
    errors[""] = `Chưa thể tiếp nhận: còn thiếu ${missing.join("; ")}. Hãy chọn "Yêu cầu bổ sung hồ sơ" hoặc "Từ chối tiếp nhận".`;
  }
  const listed = missingWithReasons(checklist.items);
  if (intent !== "RECEIVE" && !(values.note ?? "").trim()) {
    // The missing documents are the reason: the event's note says so, for the history and the mail.
    if (listed.length > 0) form.set("note", missingSummary(listed));
  }
  // A supplement request names the documents not presented: the applicant uploads one file for each (issue 11).
  if (intent === "REQUEST_SUPPLEMENT" && !form.has("documents")) {
    for (const item of listed) form.append("documents", item.document);
  }
  if (Object.keys(errors).length > 0) return refused(intent, 400, values, errors);
  return performActionFromForm(services, user, detail, form, now, {
    alsoInTransaction: async (tx, dossierId) => {
      await tx.update(dossiers).set({ intakeChecklist: checklist.items }).where(eq(dossiers.id, dossierId));
    },
  });
}

async function returnAction(services: AppServices, user: SessionUser, detail: DossierDetail, form: FormData, now: Date) {
  const values = valuesOf(form);
  const mode = await returnModeOf(services, detail);
  if (mode === "post") {
    return refused("RETURN_RESULT", 409, values, {
      "": "Kết quả đang được chuyển phát qua bưu chính; hồ sơ được trả khi bưu chính báo đã phát thành công.",
    });
  }
  if (mode === "online") {
    if (!(values.note ?? "").trim()) form.set("note", "Công bố kết quả điện tử cho người nộp hồ sơ.");
    return performActionFromForm(services, user, detail, form, now);
  }
  const { handover, errors } = readHandover(values);
  if (!handover) return refused("RETURN_RESULT", 400, values, errors);
  return performActionFromForm(services, user, detail, form, now, {
    alsoInTransaction: async (tx, dossierId, event) => {
      await tx.insert(resultHandovers).values({ dossierId, eventId: event.id, ...handover, handedAt: event.occurredAt, handedBy: user.id });
    },
  });
}
