/**
 * Turns a posted action form on the dossier page into a dossier event and runs it through the one
 * path. Answers with a Vietnamese message and the HTTP status, and hands back what was typed.
 */
import { attachments } from "../../db/schema";
import { EVENT_LABELS, type DossierEventType } from "../../workflows/dossier-machine";
import type { SessionUser } from "./auth.server";
import type { AppServices } from "./context.server";
import { DossierActionError, performDossierAction, type DossierCommand } from "./dossier-actions.server";
import type { DossierDetail } from "./dossier-queries.server";
import { acceptUpload, fileField, UploadRejected, type PendingUpload } from "./uploads.server";

/** Actions whose note is the substance of the act (a refusal's reason, what to supplement). */
export const NOTE_REQUIRED: Partial<Record<DossierEventType, string>> = {
  REFUSE: "Vui lòng nêu lý do từ chối tiếp nhận.",
  REQUEST_SUPPLEMENT: "Vui lòng nêu rõ nội dung cần bổ sung, hoàn thiện.",
  SEND_BACK: "Vui lòng ghi lý do trả lại.",
  STOP: "Vui lòng nêu lý do dừng giải quyết hồ sơ.",
  APOLOGISE: "Vui lòng nêu lý do chậm trả kết quả.",
};

const VIETNAM_OFFSET = "+07:00";

/** A date typed in Vietnam (YYYY-MM-DD) as the end of that working day, 17:00 local time. */
function endOfWorkingDay(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const at = new Date(`${value}T17:00:00${VIETNAM_OFFSET}`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** A local date-time from <input type="datetime-local"> (YYYY-MM-DDTHH:mm), read in Vietnam's time. */
function localDateTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const at = new Date(`${value}:00${VIETNAM_OFFSET}`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** What the officer or citizen typed, handed back with an error so nothing has to be typed again. */
export type TypedValues = Record<string, string>;

export type FormActionOutcome =
  | { status: 200; done: string; values: TypedValues }
  | { status: 400 | 401 | 403 | 404 | 409; error: string; values: TypedValues };

export async function performActionFromForm(
  services: AppServices,
  user: SessionUser,
  detail: DossierDetail,
  form: FormData,
): Promise<FormActionOutcome> {
  const now = new Date();
  const intent = String(form.get("intent") ?? "") as DossierEventType;
  const note = String(form.get("note") ?? "").trim();
  const values: TypedValues = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && key !== "version" && !key.startsWith("draft")) values[key] = value;
  }
  const fail = (status: 400 | 401 | 403 | 404 | 409, error: string): FormActionOutcome => ({ status, error, values });
  if (!(intent in EVENT_LABELS)) return fail(400, "Thao tác không hợp lệ.");
  if (intent === "RESULT_SIGNED" || intent === "SUPPLEMENT_DEADLINE_LAPSED") return fail(403, "Thao tác này chỉ do hệ thống thực hiện.");
  if (NOTE_REQUIRED[intent] && !note) return fail(400, NOTE_REQUIRED[intent]!);
  if (note.length > 2000) return fail(400, "Nội dung ghi chú quá dài (tối đa 2000 ký tự).");

  let event: DossierCommand;
  let supplied: PendingUpload | null = null;
  switch (intent) {
    case "REFUSE":
      event = { type: intent, reason: note };
      break;
    case "SEND_BACK":
      event = { type: intent, note };
      break;
    case "REQUEST_SUPPLEMENT": {
      const deadlineText = String(form.get("deadline") ?? "").trim();
      const deadline = deadlineText ? endOfWorkingDay(deadlineText) : null;
      if (deadlineText && (!deadline || deadline.getTime() <= now.getTime())) return fail(400, "Hạn bổ sung phải là một ngày trong tương lai.");
      event = { type: intent, note, ...(deadline ? { deadline: deadline.toISOString() } : {}) };
      break;
    }
    case "STOP":
      event = { type: intent, reason: note };
      break;
    case "APOLOGISE": {
      const newDueAt = localDateTime(String(form.get("newDueAt") ?? ""));
      if (!newDueAt) return fail(400, "Vui lòng nhập ngày, giờ hẹn trả kết quả mới.");
      event = { type: intent, newDueAt: newDueAt.toISOString(), reason: note };
      break;
    }
    case "WITHDRAW":
      if (form.get("confirm") !== "yes") return fail(400, "Vui lòng đánh dấu xác nhận rút hồ sơ.");
      event = { type: intent, ...(note ? { reason: note } : {}) };
      break;
    case "FEE_PAID": {
      const reference = String(form.get("reference") ?? "").trim();
      if (reference.length > 100) return fail(400, "Số biên lai quá dài.");
      event = { type: intent, ...(reference ? { reference } : {}) };
      break;
    }
    case "FORWARD": {
      const targetAgency = String(form.get("targetAgency") ?? "");
      if (!/^\d+$/.test(targetAgency)) return fail(400, "Vui lòng chọn cơ quan nhận hồ sơ liên thông.");
      event = { type: intent, targetAgency, ...(note ? { note } : {}) };
      break;
    }
    case "FORWARD_RETURNED":
      event = { type: intent, ...(note ? { note } : {}) };
      break;
    case "COMPLETE_STEP": {
      const labels = form.getAll("draftLabel").map(String);
      const fieldValues = form.getAll("draftValue").map((v) => String(v).trim());
      const fieldNames = form.getAll("draftName").map(String);
      const draftResult =
        labels.length > 0
          ? {
              title: String(form.get("draftTitle") ?? detail.procedure.resultName),
              fields: labels.map((label, i) => ({ label, value: fieldValues[i] ?? "", ...(fieldNames[i] ? { name: fieldNames[i] } : {}) })),
            }
          : undefined;
      if (draftResult && draftResult.fields.some((f) => !f.value)) return fail(400, "Vui lòng điền đủ các nội dung của dự thảo kết quả.");
      event = { type: intent, draftResult };
      break;
    }
    case "SUPPLEMENT_PROVIDED": {
      const chosen = fileField(form.get("supplementFile"));
      if (!chosen) return fail(400, "Vui lòng đính kèm giấy tờ bổ sung.");
      if ("oversizeName" in chosen) return fail(400, `Tệp "${chosen.oversizeName}" vượt quá dung lượng cho phép 10 MB.`);
      try {
        supplied = await acceptUpload(services.storage, services.scanner, "Hồ sơ bổ sung", chosen.file);
      } catch (error) {
        if (error instanceof UploadRejected) return fail(400, error.message);
        throw error;
      }
      event = { type: intent };
      break;
    }
    default:
      event = { type: intent } as DossierCommand;
  }

  try {
    await performDossierAction(services, {
      dossierId: detail.dossier.id,
      actor: { userId: user.id, role: user.role, agencyId: user.agencyId },
      event,
      now,
      note: note || undefined,
      expectedVersion: Number(form.get("version")),
      alsoInTransaction: supplied
        ? async (tx, dossierId) => {
            await tx.insert(attachments).values({ dossierId, kind: "supplement", uploadedBy: user.id, ...supplied });
          }
        : undefined,
    });
  } catch (error) {
    if (error instanceof DossierActionError) return fail(error.status, error.message);
    throw error;
  }
  return { status: 200, done: `Đã thực hiện: ${EVENT_LABELS[intent]}.`, values: {} };
}
