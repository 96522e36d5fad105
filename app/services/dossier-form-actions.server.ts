/**
 * Turns a posted action form on the dossier page into a dossier event and runs it through the one
 * path. Answers with a Vietnamese message and the HTTP status, and hands back what was typed.
 */
import { attachments } from "../../db/schema";
import { EVENT_LABELS, type DossierEvent, type DossierEventType } from "../../workflows/dossier-machine";
import type { SessionUser } from "./auth.server";
import type { AppServices } from "./context.server";
import { DossierActionError, performDossierAction } from "./dossier-actions.server";
import type { DossierDetail } from "./dossier-queries.server";
import { acceptUpload, fileField, UploadRejected, type PendingUpload } from "./uploads.server";

/** Actions whose note is the substance of the act (a refusal's reason, what to supplement). */
export const NOTE_REQUIRED: Partial<Record<DossierEventType, string>> = {
  REFUSE: "Vui lòng nêu lý do từ chối tiếp nhận.",
  REQUEST_SUPPLEMENT: "Vui lòng nêu rõ nội dung cần bổ sung, hoàn thiện.",
  SEND_BACK: "Vui lòng ghi lý do trả lại.",
};

export type FormActionOutcome =
  | { status: 200; done: string; values: { intent: string; note: string } }
  | { status: 400 | 403 | 404 | 409; error: string; values: { intent: string; note: string } };

export async function performActionFromForm(
  services: AppServices,
  user: SessionUser,
  detail: DossierDetail,
  form: FormData,
): Promise<FormActionOutcome> {
  const intent = String(form.get("intent") ?? "") as DossierEventType;
  const note = String(form.get("note") ?? "").trim();
  const values = { intent, note };
  const fail = (status: 400 | 403 | 404 | 409, error: string): FormActionOutcome => ({ status, error, values });
  if (!(intent in EVENT_LABELS)) return fail(400, "Thao tác không hợp lệ.");
  if (NOTE_REQUIRED[intent] && !note) return fail(400, NOTE_REQUIRED[intent]!);
  if (note.length > 2000) return fail(400, "Nội dung ghi chú quá dài (tối đa 2000 ký tự).");

  let event: DossierEvent;
  let supplied: PendingUpload | null = null;
  switch (intent) {
    case "REFUSE":
      event = { type: intent, role: user.role, reason: note };
      break;
    case "REQUEST_SUPPLEMENT":
    case "SEND_BACK":
      event = { type: intent, role: user.role, note };
      break;
    case "COMPLETE_STEP": {
      const labels = form.getAll("draftLabel").map(String);
      const fieldValues = form.getAll("draftValue").map((v) => String(v).trim());
      const draftResult =
        labels.length > 0
          ? { title: String(form.get("draftTitle") ?? detail.procedure.resultName), fields: labels.map((label, i) => ({ label, value: fieldValues[i] ?? "" })) }
          : undefined;
      if (draftResult && draftResult.fields.some((f) => !f.value)) return fail(400, "Vui lòng điền đủ các nội dung của dự thảo kết quả.");
      event = { type: intent, role: user.role, draftResult };
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
      event = { type: intent, role: user.role };
      break;
    }
    default:
      event = { type: intent, role: user.role } as DossierEvent;
  }

  try {
    await performDossierAction(services, {
      dossierId: detail.dossier.id,
      actor: { userId: user.id, role: user.role, agencyId: user.agencyId },
      event,
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
  return { status: 200, done: `Đã thực hiện: ${EVENT_LABELS[intent]}.`, values: { intent: "", note: "" } };
}
