/**
 * Turns a posted action form of the dossier page into a dossier command and runs it through the
 * one path. The form is parsed with the same zod schema the browser used (dossier-action-schema.ts);
 * the answer is conform's submission reply (errors by field, what was typed) with the HTTP status.
 */
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { attachments } from "../../db/schema";
import { EVENT_LABELS } from "../../workflows/dossier-machine";
import { dossierActionSchema, type DossierActionForm } from "../dossier-action-schema";
import type { SessionUser } from "./auth.server";
import type { AppServices } from "./context.server";
import { DossierActionError, performDossierAction, STALE_DOSSIER_MESSAGE, type DossierActionInput, type DossierCommand } from "./dossier-actions.server";
import type { DossierDetail } from "./dossier-queries.server";
import { localDateTimeInstant, localInstant } from "../time";
import { isSigningAct } from "./documents/results.server";
import type { FormSpec } from "./multipart.server";
import { actorOf } from "./permissions.server";
import { acceptUpload, fileField, UploadRejected, type PendingUpload } from "./uploads.server";

/**
 * What the dossier page's action forms may post (conform's names: `draft.fields[0].label`…) and its
 * one file, the supplement. A field added to the schema must be allowed here, or the parser refuses.
 */
const DOSSIER_ACTION_FIELD = /^(?:intent|version|transactionId|note|deadline|newDueAt|confirm|reference|targetAgency|unitId|assigneeUserId|documents|documents\[\d{1,2}\]|draft\.title|draft\.fields\[\d{1,3}\]\.(?:label|name|value))$/;
/** The supplement's files: one field, or one per missing document (`supplementFile.0`…), issue 11. */
const SUPPLEMENT_FILE = /^supplementFile(?:\.\d{1,2})?$/;
export const MAX_SUPPLEMENT_FILES = 10;
export const DOSSIER_ACTION_FORM: FormSpec = {
  fields: (name) => DOSSIER_ACTION_FIELD.test(name),
  files: (name) => SUPPLEMENT_FILE.test(name),
  maxFiles: MAX_SUPPLEMENT_FILES,
  // A draft result repeats three fields per line of the result.
  maxFields: 320,
};

/** A date typed in the portal's zone (YYYY-MM-DD) as the end of that working day, 17:00 local time. */
const endOfWorkingDay = (value: string): Date | null => localInstant(value, "17:00");

/** A local date-time from <input type="datetime-local"> (YYYY-MM-DDTHH:mm), read in the portal's zone. */
const localDateTime = (value: string): Date | null => localDateTimeInstant(value);

export type FormActionOutcome = {
  status: 200 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503;
  /** Which form was sent, so that the page gives the reply to that form only. */
  intent: string;
  result: SubmissionResult<string[]>;
  done?: string;
  /**
   * Someone else's change came first (the optimistic lock): the page shows the dossier as it is now,
   * says so, and keeps what this user typed (`result` carries it back).
   */
  stale?: boolean;
};

type Built = { command: DossierCommand } | { field: string; error: string };

/** Done-messages of the form intents that are not statechart events of their own. */
const INTENT_LABELS: Record<string, string> = { CLAIM: "Nhận xử lý hồ sơ" };
export const intentLabel = (intent: DossierActionForm["intent"]): string =>
  INTENT_LABELS[intent] ?? EVENT_LABELS[intent as keyof typeof EVENT_LABELS];

/** The hand-over's unit and person, when the form named them. */
const handOverOf = (value: { unitId?: number; assigneeUserId?: number }) => ({
  ...(value.unitId !== undefined ? { unitId: value.unitId } : {}),
  ...(value.assigneeUserId !== undefined ? { assigneeUserId: value.assigneeUserId } : {}),
});

/**
 * The command a valid form asks for; checks that need the server's clock are made here. `userId`
 * is the signed-in user's: a claim names her, whatever the form says.
 */
export function commandFromForm(value: DossierActionForm, now: Date, userId: number | null = null): Built {
  const reason = value.note ?? "";
  switch (value.intent) {
    case "CLAIM":
      if (userId === null) return { field: "intent", error: "Vui lòng đăng nhập để nhận xử lý hồ sơ." };
      return { command: { type: "ASSIGN", assigneeUserId: userId } };
    case "ASSIGN":
      if (value.unitId === undefined && value.assigneeUserId === undefined) {
        return { field: "assigneeUserId", error: "Vui lòng chọn phòng hoặc cán bộ xử lý." };
      }
      return { command: { type: "ASSIGN", ...handOverOf(value) } };
    case "TRANSFER":
      return { command: { type: value.intent, ...handOverOf(value) } };
    case "REFUSE":
    case "STOP":
      return { command: { type: value.intent, reason } };
    case "SEND_BACK":
      return { command: { type: value.intent, note: reason } };
    case "REQUEST_SUPPLEMENT": {
      const deadline = value.deadline ? endOfWorkingDay(value.deadline) : null;
      if (value.deadline && (!deadline || deadline.getTime() <= now.getTime())) {
        return { field: "deadline", error: "Hạn bổ sung phải là một ngày trong tương lai." };
      }
      const documents = [...new Set(value.documents ?? [])];
      return {
        command: { type: value.intent, note: reason, ...(deadline ? { deadline: deadline.toISOString() } : {}), ...(documents.length ? { documents } : {}) },
      };
    }
    case "APOLOGISE": {
      const newDueAt = localDateTime(value.newDueAt);
      if (!newDueAt) return { field: "newDueAt", error: "Vui lòng nhập ngày, giờ hẹn trả kết quả mới." };
      return { command: { type: value.intent, newDueAt: newDueAt.toISOString(), reason } };
    }
    case "WITHDRAW":
      return { command: { type: value.intent, ...(value.note ? { reason: value.note } : {}) } };
    case "FEE_PAID":
      return { command: { type: value.intent, ...(value.reference ? { reference: value.reference } : {}) } };
    case "FORWARD":
      return { command: { type: value.intent, targetAgency: value.targetAgency, ...(value.note ? { note: value.note } : {}) } };
    case "FORWARD_RETURNED":
      return { command: { type: value.intent, ...(value.note ? { note: value.note } : {}) } };
    case "COMPLETE_STEP":
      return {
        command: {
          type: value.intent,
          ...handOverOf(value),
          draftResult: value.draft
            ? { title: value.draft.title, fields: value.draft.fields.map((f) => ({ label: f.label, value: f.value, ...(f.name ? { name: f.name } : {}) })) }
            : undefined,
        },
      };
    case "APPROVE":
      // Refused before parsing (the signing page does it); kept in the schema for the page's forms.
      return { field: "intent", error: "Thao tác ký số phải thực hiện tại trang ký duyệt, sau khi xem văn bản và nhập lại mật khẩu." };
    case "RECEIVE":
    case "RETURN_RESULT":
    case "SUPPLEMENT_PROVIDED":
      return { command: { type: value.intent } };
  }
}

/**
 * The files a citizen supplies with SUPPLEMENT_PROVIDED, accepted through uploads.server.ts: one per
 * document the request named as missing (`supplementFile.0`…, each under its document's name), or one
 * file when it named none. Kept apart so that the upload rules can change without touching the rest.
 */
export async function supplementUploadsFrom(
  services: AppServices,
  form: FormData,
  missingDocuments: readonly string[] = [],
): Promise<{ uploads: PendingUpload[] } | { error: string; status: 400 | 413 | 503; field: string }> {
  const wanted = missingDocuments.length
    ? missingDocuments.slice(0, MAX_SUPPLEMENT_FILES).map((name, i) => ({ field: `supplementFile.${i}`, name }))
    : [{ field: "supplementFile", name: "Hồ sơ bổ sung" }];
  const uploads: PendingUpload[] = [];
  for (const { field, name } of wanted) {
    const chosen = fileField(form.get(field));
    if (!chosen) {
      return { error: missingDocuments.length ? `Vui lòng đính kèm "${name}".` : "Vui lòng đính kèm giấy tờ bổ sung.", status: 400, field };
    }
    if ("oversizeName" in chosen) return { error: `Tệp "${chosen.oversizeName}" vượt quá dung lượng cho phép 10 MB.`, status: 413, field };
    try {
      uploads.push(await acceptUpload(services.storage, services.scanner, name, chosen.file));
    } catch (error) {
      if (error instanceof UploadRejected) return { error: error.message, status: error.status, field };
      throw error;
    }
  }
  return { uploads };
}

const SYSTEM_ONLY = new Set(["SUPPLEMENT_DEADLINE_LAPSED"]);

export async function performActionFromForm(
  services: AppServices,
  user: SessionUser,
  detail: DossierDetail,
  form: FormData,
  now = new Date(),
  /** Writes of a panel that belong to this event (the desk's checklist, a hand-over), in its transaction. */
  extra: { alsoInTransaction?: DossierActionInput["alsoInTransaction"] } = {},
): Promise<FormActionOutcome> {
  const intent = String(form.get("intent") ?? "");
  const submission = parseWithZod(form, { schema: dossierActionSchema });
  const fail = (status: FormActionOutcome["status"], error: string, field?: string): FormActionOutcome => ({
    status,
    intent,
    result: submission.reply(field ? { fieldErrors: { [field]: [error] } } : { formErrors: [error] }),
  });
  if (SYSTEM_ONLY.has(intent)) return fail(403, "Thao tác này chỉ do hệ thống thực hiện.");
  // A signature needs the signer's fresh confirmation on the signing page, over the document she saw.
  if (isSigningAct(intent)) return fail(400, "Thao tác ký số phải thực hiện tại trang ký duyệt, sau khi xem văn bản và nhập lại mật khẩu.");
  if (submission.status !== "success") return { status: 400, intent, result: submission.reply() };
  const value = submission.value;

  const built = commandFromForm(value, now, user.id);
  if ("error" in built) return fail(400, built.error, built.field);

  let supplied: PendingUpload[] = [];
  if (value.intent === "SUPPLEMENT_PROVIDED") {
    const accepted = await supplementUploadsFrom(services, form, detail.dossier.snapshot.context.supplementDocuments ?? []);
    if ("error" in accepted) return fail(accepted.status, accepted.error, accepted.field);
    supplied = accepted.uploads;
  }

  try {
    await performDossierAction(services, {
      dossierId: detail.dossier.id,
      actor: actorOf(user),
      event: built.command,
      now,
      note: value.note || undefined,
      expectedVersion: value.version,
      transactionId: value.transactionId,
      alsoInTransaction: async (tx, dossierId, event) => {
        for (const upload of supplied) await tx.insert(attachments).values({ dossierId, kind: "supplement", uploadedBy: user.id, ...upload });
        await extra.alsoInTransaction?.(tx, dossierId, event);
      },
    });
  } catch (error) {
    if (error instanceof DossierActionError) {
      const outcome = fail(error.status, error.message);
      return error.message === STALE_DOSSIER_MESSAGE ? { ...outcome, stale: true } : outcome;
    }
    throw error;
  }
  return { status: 200, intent, result: submission.reply({ resetForm: true }), done: `Đã thực hiện: ${intentLabel(value.intent)}.` };
}
