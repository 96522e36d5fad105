/**
 * The procedure catalog as the administrator edits it: the facts of a procedure (fees, times,
 * documents with their downloadable form templates, e-form fields) and its step list. A step list is
 * previewed (validated, drawn as the statechart it makes) and then published as a new workflow
 * version: new dossiers start on it, dossiers in flight keep the version they started on.
 */
import { createHash } from "node:crypto";
import { asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { withTransaction } from "../../../db/client";
import { agencies, procedures, workflowVersions, type FormField, type RequiredDocument, FORM_FIELD_TYPES } from "../../../db/schema";
import { toMermaid } from "../../../workflows/diagram";
import { EVENT_LABELS, validateDefinition, type DossierEventType, type Role, type WorkflowStep } from "../../../workflows/dossier-machine";
import {
  ALLOWANCE_UNIT_NAMES,
  ALLOWANCE_UNITS,
  FIELD_TYPE_NAMES,
  RESULT_TEMPLATE_NAMES,
  SERVICE_MODE_NAMES,
  STEP_KIND_NAMES,
  STEP_KINDS,
  STEP_ROLES,
} from "../../admin-labels";
import type { AppServices } from "../context.server";
import { acceptUpload, type PendingUpload } from "../uploads.server";
import { publishWorkflowVersion } from "../workflow-admin.server";
import { recordAdminChange } from "./audit.server";
import { AdminInputError } from "./users.server";

export type Procedure = typeof procedures.$inferSelect;

export async function listProcedures(services: AppServices) {
  return services.database.db
    .select({ code: procedures.code, name: procedures.name, field: procedures.field, level: procedures.level, agencyName: agencies.name })
    .from(procedures)
    .innerJoin(agencies, eq(agencies.id, procedures.agencyId))
    .orderBy(asc(procedures.code));
}

export async function procedureForAdmin(services: AppServices, code: string) {
  const { db } = services.database;
  const [procedure] = await db.select().from(procedures).where(eq(procedures.code, code));
  if (!procedure) return null;
  const versions = await db
    .select({ version: workflowVersions.version, steps: workflowVersions.steps, publishedAt: workflowVersions.publishedAt })
    .from(workflowVersions)
    .where(eq(workflowVersions.procedureId, procedure.id))
    .orderBy(desc(workflowVersions.version));
  const agencyRows = await db
    .select({ id: agencies.id, name: agencies.name, kind: agencies.kind })
    .from(agencies)
    .where(eq(agencies.active, true))
    .orderBy(asc(agencies.id));
  return {
    procedure,
    versions: versions.map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString() })),
    agencies: agencyRows.filter((a) => a.kind === "government" || a.kind === "department"),
  };
}

export { ALLOWANCE_UNIT_NAMES, FIELD_TYPE_NAMES, RESULT_TEMPLATE_NAMES, SERVICE_MODE_NAMES, STEP_KIND_NAMES, STEP_ROLES };

const number = (v: string | null | undefined) => (v === null || v === undefined || v.trim() === "" ? Number.NaN : Number(v.replace(",", ".")));

/** Rows posted as `prefix[i].field`, in index order; rows whose every field is empty are dropped (the spare row). */
function rowsOf(form: FormData, prefix: string, fields: string[]): Array<Record<string, string>> {
  const rows = new Map<number, Record<string, string>>();
  const pattern = new RegExp(`^${prefix}\\[(\\d{1,3})\\]\\.(\\w+)$`);
  for (const [name, value] of form.entries()) {
    const m = pattern.exec(name);
    if (!m || !fields.includes(m[2]) || typeof value !== "string") continue;
    const row = rows.get(Number(m[1])) ?? {};
    row[m[2]] = value;
    rows.set(Number(m[1]), row);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => row)
    .filter((row) => row.remove !== "on" && Object.entries(row).some(([k, v]) => !["remove", "required", "unit", "kind", "role", "type", "before"].includes(k) && v.trim() !== ""));
}

export type StepsParse = { ok: true; steps: WorkflowStep[] } | { ok: false; errors: string[]; rows: Array<Record<string, string>> };

/** The step list from the editing form (`step[i].key`…); problems in Vietnamese, one per line. */
export function stepsFromForm(form: FormData): StepsParse {
  const posted = rowsOf(form, "step", ["key", "name", "role", "amount", "unit", "kind", "agencyUnit", "remove", "before"]);
  // A new step goes where the administrator chose: before a named step, or at the end.
  const rows = posted.filter((r) => !r.before);
  for (const row of posted.filter((r) => r.before)) {
    const at = rows.findIndex((r) => r.key === row.before);
    rows.splice(at === -1 ? rows.length : at, 0, row);
  }
  rows.forEach((r) => delete r.before);
  const errors: string[] = [];
  const steps = rows.map((row, i): WorkflowStep => {
    const at = `Bước ${i + 1}`;
    const amount = number(row.amount);
    if (!row.name?.trim()) errors.push(`${at}: chưa có tên bước.`);
    if (!STEP_ROLES.includes(row.role as Role)) errors.push(`${at}: vai trò không hợp lệ.`);
    if (!(ALLOWANCE_UNITS as readonly string[]).includes(row.unit)) errors.push(`${at}: đơn vị thời gian không hợp lệ.`);
    if (!Number.isFinite(amount) || amount <= 0 || amount > 365) errors.push(`${at}: thời gian phải là số lớn hơn 0 (tối đa 365).`);
    if (!(STEP_KINDS as readonly string[]).includes(row.kind)) errors.push(`${at}: loại bước không hợp lệ.`);
    const agencyUnit = (row.agencyUnit ?? "").trim();
    if (agencyUnit && !/^[A-Za-z0-9._-]{1,60}$/.test(agencyUnit)) errors.push(`${at}: mã đơn vị thực hiện chỉ gồm chữ không dấu, số, ".", "-", "_".`);
    const kind = row.kind as WorkflowStep["kind"];
    return {
      key: (row.key ?? "").trim(),
      name: (row.name ?? "").trim().slice(0, 200),
      role: row.role as Role,
      allowance: { amount, unit: row.unit as (typeof ALLOWANCE_UNITS)[number] },
      ...(agencyUnit ? { unit: agencyUnit } : {}),
      ...(kind && kind !== "process" ? { kind } : {}),
    };
  });
  if (errors.length) return { ok: false, errors, rows };
  const problems = validateDefinition({ id: "preview", version: 0, steps });
  if (problems.length) return { ok: false, errors: problems.map((p) => `Quy trình không hợp lệ: ${p}.`), rows };
  return { ok: true, steps };
}

/** A fingerprint of a step list: publishing is allowed only for the list that was previewed. */
export function stepsFingerprint(steps: WorkflowStep[]): string {
  return createHash("sha256").update(JSON.stringify(steps)).digest("hex");
}

export type DiagramState = { id: string; label: string; transitions: Array<{ event: string; to: string; effects: string }> };

/** The machine's top-level states as an officer says them; steps carry their own names. */
const STATE_NAMES: Record<string, string> = {
  submitted: "Chờ tiếp nhận",
  received: "Đã tiếp nhận, chờ chuyển xử lý",
  supplementRequested: "Chờ công dân bổ sung",
  approved: "Đã phê duyệt, chờ đóng dấu",
  resultReady: "Đã có kết quả",
  refused: "Không tiếp nhận",
  withdrawn: "Đã rút",
  stopped: "Dừng giải quyết",
  returned: "Đã trả kết quả",
};

/** "RECEIVE (desk) / startClock, …" as "Tiếp nhận (desk)" and its effects apart. */
function readTransition(label: string): { event: string; effects: string } {
  const [head, effects = ""] = label.split(" / ");
  const m = /^([A-Z_]+)(.*)$/.exec(head);
  if (!m) return { event: head, effects };
  return { event: `${EVENT_LABELS[m[1] as DossierEventType] ?? m[1]}${m[2]}`, effects };
}

function stateName(label: string): string {
  const [key, ...rest] = label.split(" · ");
  return STATE_NAMES[key] ? [STATE_NAMES[key], ...rest].join(" · ") : label;
}

/**
 * The statechart of a step list: the Mermaid text (workflows/diagram.ts) and, read from it, each
 * state with where each event takes the dossier, for a page that draws no script.
 */
export function workflowDiagram(code: string, version: number, steps: WorkflowStep[]) {
  const mermaid = toMermaid({ id: `procedure:${code}`, version, steps });
  const labels = new Map<string, string>();
  const states: DiagramState[] = [];
  for (const line of mermaid.split("\n")) {
    const m = /^\s*state "(.+)" as (\S+)$/.exec(line);
    if (m) {
      labels.set(m[2], stateName(m[1]));
      states.push({ id: m[2], label: stateName(m[1]), transitions: [] });
    }
  }
  for (const line of mermaid.split("\n")) {
    const m = /^\s*(\S+) --> (\S+)(?: : (.*))?$/.exec(line);
    if (!m || m[1] === "[*]") continue;
    const from = states.find((s) => s.id === m[1]);
    if (!from) continue;
    const { event, effects } = m[3] ? readTransition(m[3]) : { event: "Kết thúc hồ sơ", effects: "" };
    from.transitions.push({ event, effects, to: m[2] === "[*]" ? "Kết thúc" : (labels.get(m[2]) ?? m[2]) });
  }
  return { mermaid, states };
}

export async function publishSteps(services: AppServices, actorId: number, code: string, steps: WorkflowStep[], now = new Date()) {
  return publishWorkflowVersion(services, code, steps, { actorUserId: actorId, now });
}

const allowanceSchema = z.object({
  amount: z.number({ message: "Thời hạn phải là một số." }).positive("Thời hạn phải lớn hơn 0.").max(365, "Thời hạn quá dài."),
  unit: z.enum(ALLOWANCE_UNITS, { message: "Vui lòng chọn đơn vị thời gian." }),
});

const procedureSchema = z.object({
  name: z.string().trim().min(5, "Vui lòng nhập tên thủ tục.").max(500, "Tên thủ tục quá dài."),
  field: z.string().trim().min(2, "Vui lòng nhập lĩnh vực.").max(200, "Tên lĩnh vực quá dài."),
  level: z.enum(["province", "district", "commune"], { message: "Vui lòng chọn cấp thực hiện." }),
  agencyId: z.number().int().positive("Vui lòng chọn cơ quan thực hiện."),
  serviceMode: z.enum(["info", "partial", "full"], { message: "Vui lòng chọn mức độ dịch vụ công." }),
  allowance: allowanceSchema,
  onlineAllowance: allowanceSchema.nullable(),
  timeNote: z.string().trim().max(1000, "Ghi chú thời hạn quá dài."),
  feeAmount: z.number({ message: "Lệ phí phải là một số (đồng)." }).int("Lệ phí tính bằng đồng, không có phần lẻ.").min(0, "Lệ phí không âm.").max(1_000_000_000, "Lệ phí quá lớn."),
  feeNote: z.string().trim().max(2000, "Ghi chú phí, lệ phí quá dài."),
  legalBasis: z.string().trim().max(4000, "Căn cứ pháp lý quá dài."),
  resultName: z.string().trim().min(3, "Vui lòng nhập tên kết quả.").max(300, "Tên kết quả quá dài."),
  resultTemplate: z.enum(["generic", "birthCertificate", "judicialRecord", "householdBusiness"], { message: "Vui lòng chọn mẫu kết quả." }),
  resultSymbol: z.string().trim().max(40, "Ký hiệu quá dài.").regex(/^[\p{Lu}\p{N}-]*$/u, "Ký hiệu gồm chữ in hoa, số và dấu gạch ngang, ví dụ GCN-ĐKHKD."),
  documents: z
    .array(
      z.object({
        name: z.string().trim().min(3, "Tên giấy tờ quá ngắn.").max(500, "Tên giấy tờ quá dài."),
        originals: z.number().int("Số bản chính phải là số nguyên.").min(0).max(20, "Số bản chính quá lớn."),
        copies: z.number().int("Số bản sao phải là số nguyên.").min(0).max(20, "Số bản sao quá lớn."),
        required: z.boolean(),
      }),
    )
    .max(40, "Quá nhiều thành phần hồ sơ."),
  formFields: z
    .array(
      z.object({
        name: z.string().trim().regex(/^[a-z][A-Za-z0-9]{0,39}$/, "Mã trường gồm chữ không dấu và số, bắt đầu bằng chữ thường (ví dụ businessName)."),
        label: z.string().trim().min(2, "Nhãn trường quá ngắn.").max(200, "Nhãn trường quá dài."),
        type: z.enum(FORM_FIELD_TYPES, { message: "Kiểu trường không hợp lệ." }),
        required: z.boolean(),
      }),
    )
    .max(40, "Quá nhiều trường trong biểu mẫu."),
});

export type ProcedureInput = z.input<typeof procedureSchema>;

/** The procedure form as typed; numbers stay as typed so that an error shows them back. */
export function procedureInputFromForm(form: FormData): ProcedureInput {
  const text = (name: string) => String(form.get(name) ?? "");
  const onlineAmount = text("onlineAllowanceAmount").trim();
  return {
    name: text("name"),
    field: text("field"),
    level: text("level") as ProcedureInput["level"],
    agencyId: Number(text("agencyId")),
    serviceMode: text("serviceMode") as ProcedureInput["serviceMode"],
    allowance: { amount: number(text("allowanceAmount")), unit: text("allowanceUnit") as (typeof ALLOWANCE_UNITS)[number] },
    onlineAllowance: onlineAmount ? { amount: number(onlineAmount), unit: text("onlineAllowanceUnit") as (typeof ALLOWANCE_UNITS)[number] } : null,
    timeNote: text("timeNote"),
    feeAmount: number(text("feeAmount").replace(/[.\s]/g, "") || "0"),
    feeNote: text("feeNote"),
    legalBasis: text("legalBasis"),
    resultName: text("resultName"),
    resultTemplate: text("resultTemplate") as ProcedureInput["resultTemplate"],
    resultSymbol: text("resultSymbol"),
    documents: rowsOf(form, "doc", ["name", "originals", "copies", "required", "remove"]).map((r) => ({
      name: r.name ?? "",
      originals: number(r.originals || "0"),
      copies: number(r.copies || "0"),
      required: r.required === "on",
    })),
    formFields: rowsOf(form, "field", ["name", "label", "type", "required", "remove"]).map((r) => ({
      name: r.name ?? "",
      label: r.label ?? "",
      type: r.type as FormField["type"],
      required: r.required === "on",
    })),
  };
}

function auditView(p: Procedure) {
  const { id: _id, createdAt: _created, ...rest } = p;
  return rest as Record<string, unknown>;
}

/** Saves the facts of a procedure. Documents keep their uploaded form templates by name. */
export async function updateProcedure(
  services: AppServices,
  actorId: number,
  code: string,
  input: ProcedureInput,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; errors: Record<string, string> }> {
  const parsed = procedureSchema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path.length > 1 ? `${String(issue.path[0])}[${String(issue.path[1])}]` : String(issue.path[0]);
      errors[key] ??= issue.path.length > 1 && typeof issue.path[1] === "number" ? `Dòng ${issue.path[1] + 1}: ${issue.message}` : issue.message;
    }
    return { ok: false, errors };
  }
  const data = parsed.data;
  const names = data.documents.map((d) => d.name);
  if (new Set(names).size !== names.length) return { ok: false, errors: { documents: "Hai thành phần hồ sơ trùng tên." } };
  const fieldNames = data.formFields.map((f) => f.name);
  if (new Set(fieldNames).size !== fieldNames.length) return { ok: false, errors: { formFields: "Hai trường của biểu mẫu trùng mã." } };
  return withTransaction(services.database, async (tx) => {
    const [before] = await tx.select().from(procedures).where(eq(procedures.code, code)).for("update");
    if (!before) throw new AdminInputError("Không tìm thấy thủ tục hành chính.", 404);
    const [agency] = await tx.select().from(agencies).where(eq(agencies.id, data.agencyId));
    if (!agency || !agency.active || (agency.kind !== "government" && agency.kind !== "department")) {
      return { ok: false as const, errors: { agencyId: "Vui lòng chọn cơ quan thực hiện (UBND hoặc sở, ngành) đang hoạt động." } };
    }
    const documents: RequiredDocument[] = data.documents.map((d) => {
      const template = before.documents.find((old) => old.name === d.name)?.template;
      return { ...d, ...(template ? { template } : {}) };
    });
    const [after] = await tx
      .update(procedures)
      .set({
        name: data.name,
        field: data.field,
        level: data.level,
        agencyId: data.agencyId,
        serviceMode: data.serviceMode,
        allowance: data.allowance,
        onlineAllowance: data.onlineAllowance,
        timeNote: data.timeNote || null,
        feeAmount: data.feeAmount,
        feeNote: data.feeNote || null,
        legalBasis: data.legalBasis || null,
        resultName: data.resultName,
        resultTemplate: data.resultTemplate,
        resultSymbol: data.resultSymbol || null,
        documents,
        formFields: data.formFields,
      })
      .where(eq(procedures.id, before.id))
      .returning();
    await recordAdminChange(tx, actorId, "procedure", code, "update", auditView(before), auditView(after), now);
    return { ok: true as const };
  });
}

/** Stores a form template (mẫu đơn, tờ khai) under the upload rules and attaches it to one required document. */
export async function attachDocumentTemplate(services: AppServices, actorId: number, code: string, documentIndex: number, file: File, now = new Date()): Promise<PendingUpload> {
  const [current] = await services.database.db.select().from(procedures).where(eq(procedures.code, code));
  if (!current) throw new AdminInputError("Không tìm thấy thủ tục hành chính.", 404);
  const document = current.documents[documentIndex];
  if (!document) throw new AdminInputError("Không tìm thấy thành phần hồ sơ.", 404);
  const stored = await acceptUpload(services.storage, services.scanner, document.name, file);
  await withTransaction(services.database, async (tx) => {
    const [before] = await tx.select().from(procedures).where(eq(procedures.id, current.id)).for("update");
    const documents = before.documents.map((d, i) =>
      i === documentIndex ? { ...d, template: { fileName: stored.fileName, mediaType: stored.mediaType, sha256: stored.sha256, size: stored.size } } : d,
    );
    await tx.update(procedures).set({ documents }).where(eq(procedures.id, current.id));
    await recordAdminChange(tx, actorId, "procedure", code, "attach-template", { document: document.name, template: document.template ?? null }, { document: document.name, template: documents[documentIndex].template }, now);
  });
  return stored;
}

/** A form template of a procedure, for the public download: only a file that one of its documents names. */
export async function documentTemplate(services: AppServices, code: string, sha256: string) {
  const [row] = await services.database.db.select({ documents: procedures.documents }).from(procedures).where(eq(procedures.code, code));
  const template = row?.documents.find((d) => d.template?.sha256 === sha256)?.template;
  if (!template) return null;
  return { ...template, bytes: await services.storage.get(template.sha256) };
}
