/**
 * The one-stop forms (Mẫu 01–05). Each is issued once per triggering event, keyed by that event's
 * id (a unique index on dossier, form and event), so a retried job or a download racing the
 * worker finds the form already made. They run from jobs.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { dossierEvents, type AttachmentKind } from "../../../db/schema";
import {
  renderApology,
  renderReceipt,
  renderRefusal,
  renderStopNotice,
  renderSupplementRequest,
  type RenderedForm,
  type ReturnChannel,
  type Signer,
} from "../../../signing";
import { addWorkingTime } from "../../../workflows/calendar";
import { calendarForAgency } from "../agency-calendar.server";
import type { AppServices } from "../context.server";
import type { IssueDocumentJob } from "../jobs.server";
import { formatAllowance } from "../../labels";
import { missingSummary, missingWithReasons } from "../desk/checklist.server";
import { formBase, issuedFor, loadDossierContext, officialOf, sign, storeDocument, type DossierContext, type FormBase } from "./common.server";

const RETURN_CHANNEL_BY_DELIVERY: Record<number, ReturnChannel> = { 0: "desk", 1: "post", 2: "online" };

type TriggeringEvent = typeof dossierEvents.$inferSelect;

/** The actions that issue each form, for jobs queued without the event id (and on-demand receipts). */
const TRIGGERS: Record<IssueDocumentJob["form"] | "receipt:reception", string[]> = {
  receipt: ["SUBMIT"],
  "receipt:reception": ["RECEIVE"],
  supplementRequest: ["REQUEST_SUPPLEMENT"],
  refusal: ["REFUSE", "SUPPLEMENT_DEADLINE_LAPSED"],
  apology: ["APOLOGISE"],
  stopNotice: ["STOP"],
};

async function triggeringEvent(services: AppServices, dossierId: string, eventId: number | undefined, actions: string[]): Promise<TriggeringEvent | null> {
  const { db } = services.database;
  const [event] = await db
    .select()
    .from(dossierEvents)
    .where(eventId !== undefined ? and(eq(dossierEvents.dossierId, dossierId), eq(dossierEvents.id, eventId)) : and(eq(dossierEvents.dossierId, dossierId), inArray(dossierEvents.action, actions)))
    .orderBy(desc(dossierEvents.seq))
    .limit(1);
  return event ?? null;
}

/** The decision-maker signs when they hold a signing certificate (leaders, unit heads, desk officers); otherwise the agency's seal. */
async function signerFor(services: AppServices, ctx: DossierContext, event: TriggeringEvent): Promise<Signer> {
  // The role is the one the officer acted in, recorded on the event: not any role row of the user.
  if (event.actorUserId !== null && ["leader", "unitHead", "desk"].includes(event.actorRole)) return services.signers.forUser(event.actorUserId);
  return services.signers.forAgency(ctx.agency.id);
}

type FormSpec = {
  kind: AttachmentKind;
  /** Shown in the file list. */
  name: string;
  fileName: string;
  reason: string;
  render(ctx: DossierContext, base: FormBase): Promise<RenderedForm>;
  signer(ctx: DossierContext): Promise<Signer>;
  /** The form's signature area the signature appears in. */
  area: string;
};

async function issueForm(services: AppServices, dossierId: string, event: TriggeringEvent, spec: (ctx: DossierContext) => FormSpec, now: Date) {
  const ctx = await loadDossierContext(services, dossierId);
  const form = spec(ctx);
  if (await issuedFor(services, dossierId, form.kind, event.id)) return;
  const rendered = await form.render(ctx, formBase(services, ctx, now));
  const pdf = await sign(rendered, await form.signer(ctx), form.area, form.reason, now);
  await storeDocument(services, dossierId, { kind: form.kind, name: form.name, fileName: form.fileName, uploadedBy: null, eventId: event.id }, pdf);
}

const RECEIPT_NAMES = {
  submission: "Giấy tiếp nhận hồ sơ trực tuyến",
  reception: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
} as const;

/** The required-document rows the applicant actually supplied a file for: what the receipt lists. */
function submittedDocuments(ctx: DossierContext) {
  // Checked at the desk: what was presented, in the form and number the officer found.
  const checked = ctx.dossier.intakeChecklist?.filter((i) => i.present);
  if (checked?.length) {
    return checked.map((i) => ({ name: i.name, originals: i.form === "original" ? i.count : 0, copies: i.form === "original" ? 0 : i.count }));
  }
  const supplied = new Set(ctx.files.filter((f) => f.kind === "submission").map((f) => f.documentName));
  return ctx.procedure.documents.filter((d) => supplied.has(d.name)).map((d) => ({ name: d.name, originals: d.originals, copies: d.copies }));
}

/** Mẫu 01. At submission the appointment is an estimate from now; at reception it is the due time. */
export async function issueReceipt(services: AppServices, dossierId: string, occasion: "submission" | "reception", now = new Date(), eventId?: number) {
  const event = await triggeringEvent(services, dossierId, eventId, TRIGGERS[occasion === "reception" ? "receipt:reception" : "receipt"]);
  if (!event) throw new Error(`Hồ sơ ${dossierId} chưa có sự kiện ${occasion} để cấp giấy tiếp nhận`);
  await issueForm(
    services,
    dossierId,
    event,
    (ctx) => ({
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
          appointmentAt: atReception ? d.dueAt! : addWorkingTime(d.submittedAt, ctx.procedure.allowance, await calendarForAgency(services, d.receivingAgencyId)),
          returnChannel: RETURN_CHANNEL_BY_DELIVERY[d.resultDelivery] ?? "desk",
          returnAddress: d.resultDelivery === 1 ? d.applicantAddress : undefined,
          officer: await officialOf(services, occasion === "reception" ? event.actorUserId : null),
        });
      },
    }),
    now,
  );
}

/** Mẫu 02, Mẫu 03, Mẫu 04 and Mẫu 05, as the jobs ask for them. */
export async function issueOfficialForm(services: AppServices, job: IssueDocumentJob, now = new Date()) {
  if (job.form === "receipt") return issueReceipt(services, job.dossierId, job.occasion === "reception" ? "reception" : "submission", now, job.eventId);
  const event = await triggeringEvent(services, job.dossierId, job.eventId, TRIGGERS[job.form]);
  if (!event) throw new Error(`Hồ sơ ${job.dossierId} chưa có sự kiện cấp ${job.form}`);
  const officer = () => officialOf(services, event.actorUserId ?? job.actorUserId);
  const signer = (ctx: DossierContext) => signerFor(services, ctx, event);
  const receivedAt = (ctx: DossierContext) => ctx.dossier.receivedAt ?? ctx.dossier.submittedAt;
  const note = job.note ?? "";
  // A decision at reception lists what the desk's checklist found missing, with its reasons; the
  // officer's note is printed beside it unless it is only that list (written when she typed none).
  const missingAt = (ctx: DossierContext) => (event.fromState === "submitted" ? missingWithReasons(ctx.dossier.intakeChecklist) : []);
  const remarksBeside = (missing: Array<{ document: string; reason: string }>) => (note && note !== missingSummary(missing) ? note : "");
  switch (job.form) {
    case "supplementRequest":
      return issueForm(
        services,
        job.dossierId,
        event,
        (ctx) => ({
          kind: "supplementRequest",
          name: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
          fileName: `Mau02-${ctx.dossier.code}-${event.seq}.pdf`,
          reason: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
          area: "signer",
          signer,
          render: async (ctx, base) =>
            renderSupplementRequest({
              ...base,
              receivingUnit: ctx.desk?.name ?? ctx.agency.name,
              receivedAt: receivedAt(ctx),
              ...(() => {
                const missing = missingAt(ctx);
                return missing.length > 0 ? { items: missing, remarks: remarksBeside(missing) || undefined } : { items: [{ document: "Hồ sơ", reason: note }] };
              })(),
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
        event,
        (ctx) => ({
          kind: "refusal",
          name: "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
          fileName: `Mau03-${ctx.dossier.code}.pdf`,
          reason: "Từ chối tiếp nhận hồ sơ",
          area: "signer",
          signer,
          render: async (ctx, base) =>
            renderRefusal({
              ...base,
              receivingUnit: ctx.desk?.name ?? ctx.agency.name,
              receivedAt: receivedAt(ctx),
              missingDocuments: missingAt(ctx),
              reasons: remarksBeside(missingAt(ctx)) ? [note] : missingAt(ctx).length > 0 ? [] : [note],
              officer: await officer(),
            }),
        }),
        now,
      );
    case "apology":
      return issueForm(
        services,
        job.dossierId,
        event,
        (ctx) => ({
          kind: "apology",
          name: "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
          fileName: `Mau04-${ctx.dossier.code}-${event.seq}.pdf`,
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
        event,
        (ctx) => ({
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
