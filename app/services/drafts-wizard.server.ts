/**
 * The submission wizard's steps on the server. Every POST of the form step saves the draft (values
 * and files), so nothing typed or uploaded is lost on an error, on "Lưu nháp", or when the address
 * cascade asks for the next list; "Tiếp tục" also validates with the one schema the browser uses.
 * The review step chooses how the result comes and submits with the draft's idempotency key.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { administrativeUnits, procedures as proceduresTable, type DraftFile, type FormField, type procedures } from "../../db/schema";
import { addWorkingTime } from "../../workflows/calendar";
import { RESULT_DELIVERY, type ResultDeliveryCode } from "../../workflows/dossier-status";
import { buildWizardSchema, firstErrors, normaliseIdNumber, normaliseMoney, normalisePhone, type EFormLanguage } from "../e-form-schema";
import { calendarForAgency } from "./agency-calendar.server";
import type { AppServices } from "./context.server";
import { DossierActionError } from "./dossier-actions.server";
import { findByIdempotencyKey, receivingAgenciesOf, submitOnlineDossier, type OnlineSubmission } from "./dossier-submission.server";
import { createDraft, DRAFT_CONFLICT, DRAFT_NOT_FOUND, DraftError, loadDraft, updateDraft, type Draft } from "./drafts.server";
import type { FormSpec } from "./multipart.server";
import { districtName } from "./postal/areas";
import { acceptUpload, fileField, findPendingUpload, UploadRejected } from "./uploads.server";

type Procedure = typeof procedures.$inferSelect;

export type Unit = { code: string; name: string; level: string };

/** Provinces (no parent), or the units directly under one. */
export async function unitsUnder(db: Queryable, parentCode: string | null): Promise<Unit[]> {
  const rows = await db
    .select({ code: administrativeUnits.code, name: administrativeUnits.name, level: administrativeUnits.level, parentCode: administrativeUnits.parentCode })
    .from(administrativeUnits)
    .where(parentCode === null ? eq(administrativeUnits.level, "province") : eq(administrativeUnits.parentCode, parentCode))
    .orderBy(asc(administrativeUnits.name));
  return rows.map(({ code, name, level }) => ({ code, name, level }));
}

/** The lists the address cascades of this form need, for the provinces already chosen. */
export async function addressChoices(db: Queryable, fields: FormField[], values: Record<string, string>) {
  const addressFields = fields.filter((f) => f.type === "address");
  if (addressFields.length === 0) return { provinces: [] as Unit[], children: {} as Record<string, Unit[]> };
  const provinces = await unitsUnder(db, null);
  const children: Record<string, Unit[]> = {};
  for (const field of addressFields) {
    const province = values[`f_${field.name}__province`];
    if (province && !children[province] && provinces.some((p) => p.code === province)) children[province] = await unitsUnder(db, province);
  }
  return { provinces, children };
}

/** Input names the form step may send. */
const STEP_FIELDS = [
  "applicantName",
  "applicantIdNumber",
  "applicantPhone",
  "applicantEmail",
  "applicantAddress",
  "agencyId",
  "submissionChannel",
  "pickupAddress",
  "pickupDistrict",
  "resultDelivery",
  "deliveryAddress",
  "deliveryDistrict",
  "idempotencyKey",
  "draftVersion",
  "intent",
];

export function wizardFormSpec(procedure: Procedure): FormSpec {
  const fields = new Set(STEP_FIELDS);
  for (const f of procedure.formFields) {
    if (f.type === "address") for (const part of ["province", "unit", "street"]) fields.add(`f_${f.name}__${part}`);
    else fields.add(`f_${f.name}`);
  }
  const documentCount = procedure.documents.length;
  const indexOf = (name: string, prefix: string) => {
    const match = new RegExp(`^${prefix}-(\\d{1,2})$`).exec(name);
    return match ? Number(match[1]) < documentCount : false;
  };
  return {
    fields: (name) => fields.has(name) || indexOf(name, "pending"),
    files: (name) => indexOf(name, "doc"),
    maxFiles: Math.max(1, documentCount),
    maxFields: fields.size + documentCount + 5,
  };
}

export type StepIntent = { kind: "save" } | { kind: "continue" } | { kind: "choose"; field: string };

export function stepIntentOf(raw: string | undefined): StepIntent {
  if (raw === "save") return { kind: "save" };
  const choose = /^choose:(f_[A-Za-z0-9_]{1,60})$/.exec(raw ?? "");
  return choose ? { kind: "choose", field: choose[1] } : { kind: "continue" };
}

export type StepOutcome = {
  draft: Draft | null;
  values: Record<string, string>;
  files: DraftFile[];
  errors: Record<string, string>;
  status: 200 | 400 | 404 | 409 | 413 | 503;
  /** A message for the whole form (a conflict between devices, a draft gone). */
  formError?: string;
};

/**
 * Reads the form step: files first (each accepted file replaces the draft's for its document), then
 * the draft is saved, then — for "Tiếp tục" — everything is validated.
 */
export async function saveFormStep(
  services: AppServices,
  input: { userId: number; procedure: Procedure; draft: Draft | null; form: FormData; intent: StepIntent; language?: EFormLanguage; now?: Date },
): Promise<StepOutcome> {
  const { procedure, form, userId } = input;
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !key.startsWith("doc-") && !key.startsWith("pending-") && key !== "intent" && key !== "draftVersion") values[key] = value;
  }
  const errors: Record<string, string> = {};
  let status: StepOutcome["status"] = 200;
  const files = new Map<number, DraftFile>((input.draft?.files ?? []).map((f) => [f.index, f]));
  for (const [index, document] of procedure.documents.entries()) {
    const key = `doc-${index}`;
    const chosen = fileField(form.get(key));
    if (chosen && "oversizeName" in chosen) {
      errors[key] = `Tệp "${chosen.oversizeName}" vượt quá dung lượng cho phép 10 MB.`;
      status = 413;
    } else if (chosen) {
      try {
        files.set(index, { index, ...(await acceptUpload(services.storage, services.scanner, document.name, chosen.file)) });
      } catch (error) {
        if (!(error instanceof UploadRejected)) throw error;
        errors[key] = error.message;
        if (error.status !== 400) status = error.status;
        else if (status === 200) status = 400;
      }
    } else {
      // A pending upload of the older one-page form: only the user's own, for this very document.
      const token = form.get(`pending-${index}`);
      const kept = typeof token === "string" && token ? await findPendingUpload(services.database.db, userId, token) : null;
      if (kept && kept.documentName === document.name) {
        const { id: _id, ...facts } = kept;
        files.set(index, { index, ...facts });
      }
    }
  }
  const fileList = [...files.values()].sort((a, b) => a.index - b.index);

  let draft: Draft;
  try {
    draft = input.draft
      ? await updateDraft(services.database.db, { ownerUserId: userId, id: input.draft.id, expectedVersion: Number(form.get("draftVersion") ?? input.draft.version), values: { ...input.draft.values, ...values }, files: fileList, now: input.now })
      : await createDraft(services.database.db, { ownerUserId: userId, procedureId: procedure.id, values, files: fileList, now: input.now });
  } catch (error) {
    if (!(error instanceof DraftError)) throw error;
    return { draft: input.draft, values, files: fileList, errors, status: error.status, formError: error.message };
  }

  if (input.intent.kind === "continue") {
    Object.assign(errors, await validateFormStep(services, procedure, draft.values, fileList, input.language ?? "vi"), { ...errors });
    if (Object.keys(errors).length > 0 && status === 200) status = 400;
  }
  if (input.intent.kind !== "continue" && status === 200) {
    // Saving a draft never blocks on a wrong value; only a refused file is reported.
    return { draft, values: draft.values, files: fileList, errors, status };
  }
  return { draft, values: draft.values, files: fileList, errors, status };
}

/** Everything the form step asks for, checked on the server: the schema, the units, the agency, the files. */
export async function validateFormStep(
  services: AppServices,
  procedure: Procedure,
  values: Record<string, string>,
  files: DraftFile[],
  language: EFormLanguage = "vi",
): Promise<Record<string, string>> {
  const parsed = buildWizardSchema(procedure.formFields, language).safeParse(values);
  const errors = parsed.success ? {} : firstErrors(parsed.error);
  // An address's commune or district must lie in the province chosen.
  for (const field of procedure.formFields.filter((f) => f.type === "address")) {
    const name = `f_${field.name}`;
    const province = values[`${name}__province`] ?? "";
    const unit = values[`${name}__unit`] ?? "";
    if (!province && !unit) continue;
    const units = await unitsUnder(services.database.db, province);
    if (!units.some((u) => u.code === unit)) errors[`${name}__unit`] ??= language === "en" ? `Choose the district or commune of "${field.labelEn ?? field.label}" in the province chosen.` : `Vui lòng chọn huyện/xã của "${field.label}" thuộc tỉnh đã chọn.`;
  }
  const agencies = await receivingAgenciesOf(services, procedure);
  if (agencies.length > 1 && !agencies.some((a) => String(a.id) === values.agencyId)) {
    errors.agencyId = language === "en" ? "Choose the agency that receives your dossier." : "Vui lòng chọn cơ quan tiếp nhận hồ sơ trong danh sách.";
  }
  const en = language === "en";
  if ((values.submissionChannel ?? "online") === "post") {
    if ((values.pickupAddress ?? "").trim().length < 5) errors.pickupAddress = en ? "Enter the collection address (house number, hamlet, commune or ward)." : "Vui lòng nhập địa chỉ thu gom hồ sơ (số nhà, thôn/xóm, xã/phường).";
    if (!districtName(values.pickupDistrict ?? "")) errors.pickupDistrict = en ? "Choose the district of the collection address." : "Vui lòng chọn huyện/thành phố của địa chỉ thu gom hồ sơ.";
  } else if (values.submissionChannel && values.submissionChannel !== "online") {
    errors.submissionChannel = en ? "Choose how the paper documents are handed in." : "Vui lòng chọn cách nộp hồ sơ.";
  }
  for (const [index, document] of procedure.documents.entries()) {
    if (document.required && !files.some((f) => f.index === index) && !errors[`doc-${index}`]) errors[`doc-${index}`] = en ? `Attach "${document.name}".` : `Vui lòng đính kèm "${document.name}".`;
  }
  return errors;
}

/** Result online only where the procedure is carried out online (một phần or toàn trình). */
export function resultDeliveryChoices(procedure: Pick<Procedure, "serviceMode">): ResultDeliveryCode[] {
  return procedure.serviceMode === "info" ? [RESULT_DELIVERY.desk, RESULT_DELIVERY.post] : [RESULT_DELIVERY.online, RESULT_DELIVERY.desk, RESULT_DELIVERY.post];
}

/** The review step's choice of how the result comes, checked. */
export function readResultDelivery(procedure: Procedure, values: Record<string, string>, language: EFormLanguage = "vi") {
  const en = language === "en";
  const errors: Record<string, string> = {};
  const choice = Number(values.resultDelivery) as ResultDeliveryCode;
  if (!values.resultDelivery || !resultDeliveryChoices(procedure).includes(choice)) errors.resultDelivery = en ? "Choose how you get the result." : "Vui lòng chọn hình thức nhận kết quả.";
  let delivery: { address: string; districtCode: string } | null = null;
  if (choice === RESULT_DELIVERY.post) {
    const address = (values.deliveryAddress ?? "").trim();
    const district = (values.deliveryDistrict ?? "").trim();
    if (address.length < 5) errors.deliveryAddress = en ? "Enter the delivery address (house number, hamlet, commune or ward)." : "Vui lòng nhập địa chỉ nhận kết quả (số nhà, thôn/xóm, xã/phường).";
    else if (address.length > 300) errors.deliveryAddress = en ? "The delivery address is too long." : "Địa chỉ nhận kết quả quá dài.";
    if (!districtName(district)) errors.deliveryDistrict = en ? "Choose the district of the delivery address." : "Vui lòng chọn huyện/thành phố của địa chỉ nhận kết quả.";
    delivery = { address, districtCode: district };
  }
  return { errors, resultDelivery: choice, delivery };
}

/** The address values written into the dossier's form data: the line a person reads, and the unit's code. */
async function addressFormData(db: Queryable, procedure: Procedure, values: Record<string, string>): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const codes = procedure.formFields
    .filter((f) => f.type === "address")
    .flatMap((f) => [values[`f_${f.name}__province`], values[`f_${f.name}__unit`]])
    .filter((c): c is string => !!c);
  const names = new Map(
    codes.length === 0 ? [] : (await db.select({ code: administrativeUnits.code, name: administrativeUnits.name }).from(administrativeUnits).where(inArray(administrativeUnits.code, codes))).map((u) => [u.code, u.name]),
  );
  for (const f of procedure.formFields.filter((field) => field.type === "address")) {
    const n = `f_${f.name}`;
    const unit = values[`${n}__unit`] ?? "";
    const parts = [values[`${n}__street`]?.trim(), names.get(unit), names.get(values[`${n}__province`] ?? "")].filter(Boolean);
    if (parts.length === 0) continue;
    out[f.name] = parts.join(", ");
    out[`${f.name}UnitCode`] = unit;
  }
  return out;
}

/**
 * The dossier the draft describes, validated again in full (the draft may have been saved without
 * "Tiếp tục", or from an older page): errors, or the submission.
 */
export async function submissionFromDraft(
  services: AppServices,
  procedure: Procedure,
  draft: Draft,
  applicantUserId: number,
  language: EFormLanguage = "vi",
): Promise<{ ok: false; errors: Record<string, string> } | { ok: true; submission: OnlineSubmission }> {
  const values = draft.values;
  const errors = await validateFormStep(services, procedure, values, draft.files, language);
  const delivery = readResultDelivery(procedure, values, language);
  Object.assign(errors, delivery.errors);
  const parsed = buildWizardSchema(procedure.formFields).safeParse(values);
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const data = parsed.data as Record<string, string>;
  const formData: Record<string, string> = {};
  for (const f of procedure.formFields) if (f.type !== "address" && data[`f_${f.name}`]) formData[f.name] = data[`f_${f.name}`];
  Object.assign(formData, await addressFormData(services.database.db, procedure, values));
  const post = (values.submissionChannel ?? "online") === "post";
  const agencyId = Number(values.agencyId);
  return {
    ok: true,
    submission: {
      procedureCode: procedure.code,
      applicantUserId,
      applicant: {
        name: data.applicantName,
        idNumber: data.applicantIdNumber,
        phone: data.applicantPhone,
        email: data.applicantEmail || null,
        address: data.applicantAddress,
      },
      formData,
      uploads: draft.files.map(({ index: _index, ...facts }) => facts),
      resultDelivery: delivery.resultDelivery,
      pickup: post ? { address: values.pickupAddress.trim(), districtCode: values.pickupDistrict } : null,
      delivery: delivery.delivery,
      idempotencyKey: draft.idempotencyKey,
      receivingAgencyId: Number.isInteger(agencyId) && agencyId > 0 ? agencyId : null,
      draftId: draft.id,
    },
  };
}

/** The agency to preselect: the one whose commune or district name appears in the citizen's address. */
export function agencyMatchingAddress(agencyList: Array<{ id: number; name: string }>, address: string | null | undefined): number | null {
  if (!address) return null;
  const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase();
  const text = fold(address);
  for (const agency of agencyList) {
    const place = fold(agency.name)
      .replace(/^(uy ban nhan dan|ubnd)\s+/, "")
      .trim();
    if (place.length >= 4 && text.includes(place)) return agency.id;
  }
  return null;
}

/** Everything the review page shows, read from the draft as the server will submit it. */
export async function reviewModel(services: AppServices, procedure: Procedure, draft: Draft, now = new Date()) {
  const values = draft.values;
  const agencies = await receivingAgenciesOf(services, procedure);
  const agency = agencies.find((a) => String(a.id) === values.agencyId) ?? (agencies.length === 1 ? agencies[0] : null);
  const calendar = await calendarForAgency(services, agency?.id ?? procedure.agencyId);
  const online = (values.submissionChannel ?? "online") !== "post";
  const allowance = online && procedure.onlineAllowance ? procedure.onlineAllowance : procedure.allowance;
  const expectedAt = addWorkingTime(now, allowance, calendar);
  const answers: Array<{ label: string; labelEn: string | null; value: string; editAnchor: string }> = [];
  const addressText = await addressFormData(services.database.db, procedure, values);
  for (const f of procedure.formFields) {
    const name = `f_${f.name}`;
    const shown = f.type === "address" ? (addressText[f.name] ?? "") : (values[name] ?? "").trim();
    answers.push({ label: f.label, labelEn: f.labelEn ?? null, value: f.type === "money" && shown ? formatMoneyText(shown) : shown, editAnchor: f.type === "address" ? `${name}__province` : name });
  }
  return {
    applicant: {
      name: values.applicantName ?? "",
      // As the dossier will hold them, not as typed.
      idNumber: normaliseIdNumber(values.applicantIdNumber ?? ""),
      phone: normalisePhone(values.applicantPhone ?? ""),
      email: values.applicantEmail ?? "",
      address: values.applicantAddress ?? "",
    },
    answers,
    agency: agency ? { name: agency.name, address: agency.address } : null,
    files: draft.files.map((f) => ({ documentName: procedure.documents[f.index]?.name ?? f.documentName, fileName: f.fileName, size: f.size })),
    submissionChannel: online ? ("online" as const) : ("post" as const),
    pickupAddress: online ? null : `${values.pickupAddress ?? ""}, ${districtName(values.pickupDistrict ?? "") ?? ""}`,
    fee: procedure.feeAmount,
    payAtSubmission: procedure.serviceMode === "full" && procedure.feeAmount > 0,
    allowance,
    expectedAt: expectedAt.toISOString(),
    deliveryChoices: resultDeliveryChoices(procedure),
  };
}

function formatMoneyText(digits: string): string {
  const n = Number(normaliseMoney(digits));
  return Number.isFinite(n) ? `${n.toLocaleString("vi-VN")} đồng` : digits;
}

export type ReviewOutcome =
  | { kind: "submitted"; code: string; created: boolean }
  | { kind: "invalid"; status: 400 | 404 | 409; errors: Record<string, string>; formError: string; values: Record<string, string> };

/**
 * Submits the draft from the review page. A replay (the draft already became a dossier) answers with
 * that dossier; two devices' edits in between are a 409, not a submission of content nobody reviewed.
 */
export async function submitReview(
  services: AppServices,
  input: { userId: number; draftId: string; form: FormData; language?: EFormLanguage; now?: Date },
): Promise<ReviewOutcome> {
  const { db } = services.database;
  const posted = (name: string) => {
    const v = input.form.get(name);
    return typeof v === "string" ? v : "";
  };
  const key = posted("idempotencyKey");
  const draft = await loadDraft(db, input.userId, input.draftId, input.now);
  if (!draft) {
    const done = /^[0-9a-f-]{36}$/i.test(key) ? await findByIdempotencyKey(services, input.userId, key) : null;
    if (done) return { kind: "submitted", code: done.code, created: false };
    return { kind: "invalid", status: 404, errors: {}, formError: DRAFT_NOT_FOUND, values: {} };
  }
  const delivery = { resultDelivery: posted("resultDelivery"), deliveryAddress: posted("deliveryAddress"), deliveryDistrict: posted("deliveryDistrict") };
  const values = { ...draft.values, ...delivery };
  if (String(draft.version) !== posted("draftVersion")) {
    return { kind: "invalid", status: 409, errors: {}, formError: DRAFT_CONFLICT, values };
  }
  const [procedure] = await db.select().from(proceduresTable).where(eq(proceduresTable.id, draft.procedureId));
  const built = await submissionFromDraft(services, procedure, { ...draft, values }, input.userId, input.language);
  if (!built.ok) {
    // The choice is kept in the draft; a concurrent save only means this page is out of date.
    await updateDraft(db, { ownerUserId: input.userId, id: draft.id, expectedVersion: draft.version, values, files: draft.files, now: input.now }).catch((error: unknown) => {
      if (!(error instanceof DraftError)) throw error;
    });
    return { kind: "invalid", status: 400, errors: built.errors, formError: "Hồ sơ chưa được nộp. Vui lòng sửa các mục dưới đây.", values };
  }
  try {
    const result = await submitOnlineDossier(services, { ...built.submission, now: input.now });
    return { kind: "submitted", code: result.code, created: result.created };
  } catch (error) {
    if (!(error instanceof DossierActionError)) throw error;
    return { kind: "invalid", status: error.status === 404 ? 404 : 400, errors: {}, formError: error.message, values };
  }
}
