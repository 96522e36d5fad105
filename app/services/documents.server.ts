/**
 * Official documents of a dossier: the one-stop forms (Mẫu 01–05) and the signed result. Each is
 * rendered by signing/, signed, stored under its content hash and recorded as an attachment. They run
 * from jobs, so each is idempotent: a retry finds the document already made and stops.
 */
import { and, asc, eq, gte, inArray, isNotNull, isNull, lt } from "drizzle-orm";
import { agencies, attachments, dossierEvents, dossiers, procedures, userRoles, users, type AttachmentKind } from "../../db/schema";
import {
  renderApology,
  renderBirthCertificate,
  renderControlSheet,
  renderReceipt,
  renderRefusal,
  renderRegister,
  renderResultCertificate,
  renderStopNotice,
  renderSupplementRequest,
  signPdf,
  verificationUrl,
  type HandOver,
  type Official,
  type RenderedForm,
  type ReturnChannel,
  type Signer,
} from "../../signing";
import { addWorkingTime } from "../../workflows/calendar";
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from "../../workflows/dossier-status";
import { classifyTimeliness } from "../../workflows/timeliness";
import type { AppServices } from "./context.server";
import { loadDossierDetail } from "./dossier-queries.server";
import type { IssueDocumentJob } from "./jobs.server";
import { formatAllowance, formatDateTime, ROLE_NAMES } from "../labels";

const RETURN_CHANNEL_BY_DELIVERY: Record<number, ReturnChannel> = { 0: "desk", 1: "post", 2: "online" };
const PLACE = "Thái Bình";

async function loadDossierContext(services: AppServices, dossierId: string) {
  const { db } = services.database;
  const row = await loadDossierDetail(services, { id: dossierId });
  if (!row) throw new Error(`Không tìm thấy hồ sơ ${dossierId}`);
  const [parent] = row.agency.parentId ? await db.select().from(agencies).where(eq(agencies.id, row.agency.parentId)) : [];
  const [desk] = await db
    .select()
    .from(agencies)
    .where(and(eq(agencies.parentId, row.agency.id), eq(agencies.kind, "desk")));
  return { ...row, parent: parent ?? null, desk: desk ?? null };
}

type DossierContext = Awaited<ReturnType<typeof loadDossierContext>>;

/** The fields every one-stop form takes from its dossier. */
function formBase(services: AppServices, ctx: DossierContext, now: Date) {
  const d = ctx.dossier;
  return {
    header: { parentAgency: ctx.parent?.name, agency: ctx.agency.name, place: PLACE, date: now },
    verificationUrl: verificationUrl(services.config.baseUrl, d.code),
    dossierCode: d.code,
    applicant: { name: d.applicantName, idNumber: d.applicantIdNumber, address: d.applicantAddress, phone: d.applicantPhone, email: d.applicantEmail ?? undefined },
    procedure: { code: ctx.procedure.code, name: ctx.procedure.name },
  };
}

async function officialOf(services: AppServices, userId: number | null | undefined): Promise<Official> {
  if (userId === null || userId === undefined) return { name: "Hệ thống Một Cửa điện tử", title: "" };
  const [user] = await services.database.db.select().from(users).where(eq(users.id, userId));
  return { name: user?.fullName ?? "", title: user?.title ?? "" };
}

/** The decision-maker signs when they hold a signing certificate (leaders, unit heads, desk officers); otherwise the agency's seal. */
async function signerFor(services: AppServices, ctx: DossierContext, userId: number | null | undefined): Promise<Signer> {
  if (userId !== null && userId !== undefined) {
    // Whether the user holds any signing role: not the first of several rows in no particular order.
    const [role] = await services.database.db
      .select({ role: userRoles.role })
      .from(userRoles)
      .where(and(eq(userRoles.userId, userId), inArray(userRoles.role, ["leader", "unitHead", "desk"])))
      .limit(1);
    if (role) return services.signers.forUser(userId);
  }
  return services.signers.forAgency(ctx.agency.id);
}

/** Signs a rendered form in one of its signature areas (or invisibly when it has none). */
async function sign(form: RenderedForm, signer: Signer, area: string, reason: string, now: Date): Promise<Uint8Array> {
  const at = form.signatureAreas[area];
  return signPdf(form.pdf, signer, {
    reason,
    location: PLACE,
    signingTime: now,
    appearance: at ? { page: at.page, rect: at.rect } : false,
    fieldName: `Signature-${area}`,
  });
}

async function alreadyIssued(services: AppServices, dossierId: string, kind: AttachmentKind, documentName: string | null) {
  const [row] = await services.database.db
    .select({ id: attachments.id })
    .from(attachments)
    .where(
      and(
        eq(attachments.dossierId, dossierId),
        eq(attachments.kind, kind),
        documentName === null ? isNull(attachments.documentName) : eq(attachments.documentName, documentName),
      ),
    );
  return !!row;
}

async function storeDocument(
  services: AppServices,
  dossierId: string,
  document: { kind: AttachmentKind; name: string | null; fileName: string; uploadedBy: number | null },
  pdf: Uint8Array,
): Promise<void> {
  const { sha256, size } = await services.storage.put(pdf);
  await services.database.db
    .insert(attachments)
    .values({ dossierId, kind: document.kind, documentName: document.name, fileName: document.fileName, mediaType: "application/pdf", size, sha256, uploadedBy: document.uploadedBy })
    .onConflictDoNothing();
}

type FormSpec = {
  kind: AttachmentKind;
  /** Shown in the file list; unique per occasion so that a retried job finds what it made. */
  name: string;
  fileName: string;
  reason: string;
  render(ctx: DossierContext, base: ReturnType<typeof formBase>): Promise<RenderedForm>;
  signer(ctx: DossierContext): Promise<Signer>;
  /** The form's signature area the signature appears in. */
  area: string;
};

async function issueForm(services: AppServices, dossierId: string, spec: (ctx: DossierContext) => Promise<FormSpec>, now: Date) {
  const ctx = await loadDossierContext(services, dossierId);
  const form = await spec(ctx);
  if (await alreadyIssued(services, dossierId, form.kind, form.name)) return;
  const rendered = await form.render(ctx, formBase(services, ctx, now));
  const pdf = await sign(rendered, await form.signer(ctx), form.area, form.reason, now);
  await storeDocument(services, dossierId, { kind: form.kind, name: form.name, fileName: form.fileName, uploadedBy: null }, pdf);
}

const RECEIPT_NAMES = {
  submission: "Giấy tiếp nhận hồ sơ trực tuyến",
  reception: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
} as const;

/** The required-document rows the applicant actually supplied a file for: what the receipt lists. */
function submittedDocuments(ctx: DossierContext) {
  const supplied = new Set(ctx.files.filter((f) => f.kind === "submission").map((f) => f.documentName));
  return ctx.procedure.documents.filter((d) => supplied.has(d.name)).map((d) => ({ name: d.name, originals: d.originals, copies: d.copies }));
}

async function receptionOfficer(services: AppServices, dossierId: string): Promise<number | null> {
  const [event] = await services.database.db
    .select({ actor: dossierEvents.actorUserId })
    .from(dossierEvents)
    .where(and(eq(dossierEvents.dossierId, dossierId), eq(dossierEvents.action, "RECEIVE")));
  return event?.actor ?? null;
}

/** Tells apart forms issued more than once (several supplement rounds), in Vietnam's time. */
const sequenceLabel = (at: Date) => formatDateTime(at);

/** Mẫu 01. At submission the appointment is an estimate from now; at reception it is the due time. */
export async function issueReceipt(services: AppServices, dossierId: string, occasion: "submission" | "reception", now = new Date()) {
  await issueForm(
    services,
    dossierId,
    async (ctx) => ({
      kind: "receipt",
      name: RECEIPT_NAMES[occasion],
      fileName: `Mau01-${ctx.dossier.code}-${occasion}.pdf`,
      reason: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
      area: "signer",
      signer: async () => services.signers.forAgency(ctx.agency.id),
      async render(ctx, base) {
        const d = ctx.dossier;
        const atReception = occasion === "reception" && d.receivedAt && d.dueAt;
        return renderReceipt({
          ...base,
          receivingUnit: ctx.desk?.name ?? ctx.agency.name,
          documents: submittedDocuments(ctx),
          processingTime: formatAllowance(ctx.procedure.allowance),
          receivedAt: atReception ? d.receivedAt! : d.submittedAt,
          appointmentAt: atReception ? d.dueAt! : addWorkingTime(d.submittedAt, ctx.procedure.allowance, await services.calendar()),
          returnChannel: RETURN_CHANNEL_BY_DELIVERY[d.resultDelivery] ?? "desk",
          returnAddress: d.resultDelivery === 1 ? d.applicantAddress : undefined,
          officer: await officialOf(services, occasion === "reception" ? await receptionOfficer(services, dossierId) : null),
        });
      },
    }),
    now,
  );
}

/** Mẫu 02, Mẫu 03, Mẫu 04 and Mẫu 05, as the jobs ask for them. */
export async function issueOfficialForm(services: AppServices, job: IssueDocumentJob, now = new Date()) {
  if (job.form === "receipt") return issueReceipt(services, job.dossierId, job.occasion === "reception" ? "reception" : "submission", now);
  const officer = () => officialOf(services, job.actorUserId);
  const signer = (ctx: DossierContext) => signerFor(services, ctx, job.actorUserId);
  const receivedAt = (ctx: DossierContext) => ctx.dossier.receivedAt ?? ctx.dossier.submittedAt;
  const note = job.note ?? "";
  switch (job.form) {
    case "supplementRequest":
      return issueForm(
        services,
        job.dossierId,
        async (ctx) => ({
          kind: "supplementRequest",
          name: `Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (${sequenceLabel(ctx.dossier.pausedAt ?? now)})`,
          fileName: `Mau02-${ctx.dossier.code}.pdf`,
          reason: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
          area: "signer",
          signer,
          render: async (ctx, base) =>
            renderSupplementRequest({
              ...base,
              receivingUnit: ctx.desk?.name ?? ctx.agency.name,
              receivedAt: receivedAt(ctx),
              items: [{ document: "Hồ sơ", reason: note }],
              deadline: ctx.dossier.snapshot.context.supplementDeadline ? new Date(ctx.dossier.snapshot.context.supplementDeadline) : undefined,
              contact: { name: (await officer()).name },
              officer: await officer(),
            }),
        }),
        now,
      );
    case "refusal":
      return issueForm(
        services,
        job.dossierId,
        async (ctx) => ({
          kind: "refusal",
          name: "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
          fileName: `Mau03-${ctx.dossier.code}.pdf`,
          reason: "Từ chối tiếp nhận hồ sơ",
          area: "signer",
          signer,
          render: async (ctx, base) =>
            renderRefusal({ ...base, receivingUnit: ctx.desk?.name ?? ctx.agency.name, receivedAt: receivedAt(ctx), reasons: [note], officer: await officer() }),
        }),
        now,
      );
    case "apology":
      return issueForm(
        services,
        job.dossierId,
        async (ctx) => ({
          kind: "apology",
          name: `Phiếu xin lỗi và hẹn lại ngày trả kết quả (hẹn mới ${sequenceLabel(new Date(job.newDueAt!))})`,
          fileName: `Mau04-${ctx.dossier.code}.pdf`,
          reason: "Xin lỗi và hẹn lại ngày trả kết quả",
          area: "signer",
          signer,
          render: async (ctx, base) =>
            renderApology({
              ...base,
              processingAgency: ctx.agency.name,
              receivedAt: receivedAt(ctx),
              originalAppointmentAt: job.previousDueAt ? new Date(job.previousDueAt) : receivedAt(ctx),
              newAppointmentAt: new Date(job.newDueAt!),
              reason: note,
              signer: await officer(),
            }),
        }),
        now,
      );
    case "stopNotice":
      return issueForm(
        services,
        job.dossierId,
        async (ctx) => ({
          kind: "stopNotice",
          name: "Thông báo dừng giải quyết hồ sơ",
          fileName: `Mau05-${ctx.dossier.code}.pdf`,
          reason: "Dừng giải quyết hồ sơ",
          area: "signer",
          signer,
          render: async (ctx, base) =>
            renderStopNotice({ ...base, processingAgency: ctx.agency.name, receivedAt: receivedAt(ctx), reason: note, signer: await officer() }),
        }),
        now,
      );
  }
}

/** A 'YYYY-MM-DD' typed in Vietnam, as that day's midnight there. */
function vietnamDate(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const at = new Date(`${value}T00:00:00+07:00`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * The result document from the specialist's checked draft: the procedure's own template where it has
 * one and the draft holds what it needs, otherwise the generic certificate with the draft's lines.
 */
async function renderResult(ctx: DossierContext, base: ReturnType<typeof formBase>, approver: Official, now: Date): Promise<RenderedForm> {
  const { dossier, procedure } = ctx;
  const draft = dossier.snapshot.context.draftResult;
  const value = (name: string) => (draft?.fields.find((f) => f.name === name)?.value ?? dossier.formData[name] ?? "").trim();
  const header = { ...base.header, number: `${dossier.code.slice(-4)}/${procedure.code}` };
  if (procedure.resultTemplate === "birthCertificate") {
    const birthDate = vietnamDate(value("childBirthDate"));
    const sex = value("childSex");
    if (birthDate && (sex === "Nam" || sex === "Nữ")) {
      return renderBirthCertificate({
        header: base.header,
        verificationUrl: base.verificationUrl,
        dossierCode: dossier.code,
        registerNumber: String(Number(dossier.code.slice(-4))),
        registerBook: `01/${new Intl.DateTimeFormat("en", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric" }).format(now)}`,
        child: {
          name: value("childName"),
          birthDate,
          sex,
          ethnicity: value("childEthnicity") || "Kinh",
          nationality: value("childNationality") || "Việt Nam",
          birthPlace: value("childBirthPlace"),
        },
        mother: value("motherName") ? { name: value("motherName") } : undefined,
        father: value("fatherName") ? { name: value("fatherName") } : undefined,
        declarant: { name: dossier.applicantName, idDocument: `CCCD số ${dossier.applicantIdNumber}` },
        registrationPlace: ctx.agency.name,
        registeredAt: now,
        signer: approver,
      });
    }
  }
  return renderResultCertificate({
    header,
    verificationUrl: base.verificationUrl,
    dossierCode: dossier.code,
    title: (draft?.title ?? procedure.resultName).toUpperCase(),
    lines: (draft?.fields ?? [{ label: "Người đề nghị", value: dossier.applicantName }]).map((f) => ({ label: f.label, value: f.value })),
    signer: approver,
  });
}

/**
 * The result: rendered from the specialist's draft, initialled by the reviewing unit head, signed by
 * the approving leader and sealed by the agency, each in an incremental update.
 */
export async function signResult(services: AppServices, dossierId: string, approverUserId: number, now = new Date()) {
  if (await alreadyIssued(services, dossierId, "result", null)) return;
  const ctx = await loadDossierContext(services, dossierId);
  const { dossier, procedure } = ctx;
  const approver = await officialOf(services, approverUserId);
  const form = await renderResult(ctx, formBase(services, ctx, now), approver, now);
  // The unit head who reviewed the draft initials it first (ký nháy), then the leader signs it
  // visibly, then the agency seals it: three incremental signatures, each leaving the others valid.
  const reviewer = [...ctx.events].reverse().find(({ event }) => event.action === "COMPLETE_STEP" && event.actorRole === "unitHead")?.event.actorUserId;
  const initialled = reviewer
    ? await signPdf(form.pdf, await services.signers.forUser(reviewer), {
        reason: "Lãnh đạo phòng kiểm tra dự thảo (ký nháy)",
        location: PLACE,
        signingTime: now,
        appearance: false,
        fieldName: "Signature-reviewer",
      })
    : form.pdf;
  const signedByLeader = await sign({ ...form, pdf: initialled }, await services.signers.forUser(approverUserId), "signer", `Phê duyệt ${procedure.resultName}`, now);
  const sealed = await signPdf(signedByLeader, await services.signers.forAgency(ctx.agency.id), {
    reason: "Chữ ký số của cơ quan",
    location: PLACE,
    signingTime: now,
    appearance: false,
    fieldName: "Signature-organisation",
  });
  await storeDocument(services, dossierId, { kind: "result", name: null, fileName: `KetQua-${dossier.code}.pdf`, uploadedBy: approverUserId }, sealed);
}

/** Events that pass the dossier to someone else: the rows of the control sheet. */
const HAND_OVER_ACTIONS = new Set([
  "RECEIVE",
  "TRANSFER",
  "COMPLETE_STEP",
  "SEND_BACK",
  "FORWARD",
  "FORWARD_RETURNED",
  "FEE_PAID",
  "SUPPLEMENT_PROVIDED",
  "APPROVE",
  "RESULT_SIGNED",
  "RETURN_RESULT",
]);

const OUTCOME = { early: "early", onTime: "on_time", late: "late" } as const;

/** Who holds the dossier in a given state, as Mẫu 06 names the receiving side. */
function holderOf(ctx: DossierContext, statePath: string, toStatus: number): string {
  const desk = ctx.desk?.name ?? "Bộ phận Một cửa";
  if (statePath === "received" || statePath === "submitted") return `${desk} — tiếp nhận`;
  if (statePath === "resultReady") return `${desk} — trả kết quả`;
  if (statePath === "approved") return "Ký số kết quả";
  if (statePath === "returned") return `Tổ chức, cá nhân — ${ctx.dossier.applicantName}`;
  const step = ctx.definition.steps.find((s) => statePath === `processing.${s.key}`);
  return step ? `${ROLE_NAMES[step.role]} — ${step.name}` : DOSSIER_STATUS_NAMES[toStatus as DossierStatusCode];
}

/**
 * Mẫu 06, the control sheet: every hand-over of the dossier so far, who gave and who received, the
 * receiving step's due time and whether it was done early, on time or late. Made on request, since
 * it grows with the dossier; signed by the agency's seal.
 */
export async function controlSheetPdf(services: AppServices, dossierId: string, officerUserId: number, now = new Date()): Promise<Uint8Array> {
  const ctx = await loadDossierContext(services, dossierId);
  const calendar = await services.calendar();
  const rows = ctx.events.filter(({ event }) => HAND_OVER_ACTIONS.has(event.action));
  const handOvers: HandOver[] = rows.map(({ event, actorName, actorTitle }, i) => {
    const next = rows[i + 1]?.event.occurredAt ?? null;
    const timeliness = event.stepDueAt ? classifyTimeliness(event.stepDueAt, next, now, calendar) : "open";
    return {
      from: actorName ? `${actorTitle ?? ROLE_NAMES[event.actorRole as keyof typeof ROLE_NAMES]} — ${actorName}` : "Hệ thống Một Cửa điện tử",
      to: holderOf(ctx, event.toState, event.toStatus),
      at: event.occurredAt,
      dueAt: event.stepDueAt ?? undefined,
      outcome: timeliness === "open" ? undefined : OUTCOME[timeliness],
      note: event.note ?? undefined,
    };
  });
  const base = formBase(services, ctx, now);
  const form = await renderControlSheet({
    ...base,
    receivedAt: ctx.dossier.receivedAt ?? ctx.dossier.submittedAt,
    appointmentAt: ctx.dossier.dueAt ?? addWorkingTime(ctx.dossier.submittedAt, ctx.procedure.allowance, calendar),
    processingAgency: ctx.agency.name,
    handOvers,
    officer: await officialOf(services, officerUserId),
  });
  return sign(form, await services.signers.forAgency(ctx.agency.id), "signer", "Phiếu kiểm soát quá trình giải quyết hồ sơ", now);
}

/**
 * Mẫu 07, the dossier register (sổ theo dõi hồ sơ) of an agency for one month: every dossier
 * received in it, when it was transferred, resolved and returned. Made on request and sealed.
 */
export async function registerPdf(services: AppServices, agencyId: number, year: number, month: number, now = new Date()): Promise<Uint8Array> {
  const { db } = services.database;
  const pad = (n: number) => String(n).padStart(2, "0");
  const from = new Date(`${year}-${pad(month)}-01T00:00:00+07:00`);
  const to = new Date(`${month === 12 ? year + 1 : year}-${pad(month === 12 ? 1 : month + 1)}-01T00:00:00+07:00`);
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, agencyId));
  const [parent] = agency.parentId ? await db.select().from(agencies).where(eq(agencies.id, agency.parentId)) : [];
  const rows = await db
    .select({ dossier: dossiers, procedureName: procedures.name })
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(and(eq(dossiers.receivingAgencyId, agencyId), isNotNull(dossiers.receivedAt), gte(dossiers.receivedAt, from), lt(dossiers.receivedAt, to)))
    .orderBy(asc(dossiers.receivedAt));
  const firstEvent = async (dossierId: string, action: string) =>
    (
      await db
        .select({ at: dossierEvents.occurredAt })
        .from(dossierEvents)
        .where(and(eq(dossierEvents.dossierId, dossierId), eq(dossierEvents.action, action)))
        .orderBy(asc(dossierEvents.seq))
        .limit(1)
    )[0]?.at;
  const entries = await Promise.all(
    rows.map(async ({ dossier, procedureName }) => ({
      dossierCode: dossier.code,
      procedure: procedureName,
      applicant: dossier.applicantName,
      contact: `${dossier.applicantAddress}; ${dossier.applicantPhone}`,
      processingAgency: agency.name,
      receivedAt: dossier.receivedAt!,
      appointmentAt: dossier.dueAt ?? dossier.receivedAt!,
      transferredAt: await firstEvent(dossier.id, "TRANSFER"),
      resolvedAt: await firstEvent(dossier.id, "RESULT_SIGNED"),
      returnedAt: dossier.returnedAt ?? undefined,
      note: dossier.status === 10 ? undefined : DOSSIER_STATUS_NAMES[dossier.status as DossierStatusCode],
    })),
  );
  const form = await renderRegister({
    header: { parentAgency: parent?.name, agency: agency.name, place: PLACE, date: now },
    period: `Tháng ${month} năm ${year}`,
    entries,
  });
  return sign(form, await services.signers.forAgency(agencyId), "signer", "Sổ theo dõi hồ sơ", now);
}
