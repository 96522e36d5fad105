/**
 * Documents that follow a dossier's course, made on request: Mẫu 06, the control sheet of one
 * dossier, and Mẫu 07, the tracking register (sổ theo dõi hồ sơ) of an agency's month.
 */
import { localInstant } from "../../time";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { agencies, dossierEvents, dossiers, procedures, resultHandovers } from "../../../db/schema";
import { renderControlSheet, renderRegister, type HandOver, type RegisterEntry } from "../../../signing";
import { addWorkingTime, localDateOf, workingTimeBetween, type WorkCalendar } from "../../../workflows/calendar";
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from "../../../workflows/dossier-status";
import { classifyTimeliness } from "../../../workflows/timeliness";
import type { AppServices } from "../context.server";
import { relationName } from "../../desk-labels";
import { ROLE_NAMES } from "../../labels";
import { formBase, loadDossierContext, officialOf, PLACE, sign, type DossierContext } from "./common.server";
import { calendarForAgency } from "../agency-calendar.server";

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
  "REVIEW_SIGNED",
  "APPROVE",
  "SEAL",
  // Written by the signing job before issue #8.
  "RESULT_SIGNED",
  "RETURN_RESULT",
]);

const OUTCOME = { early: "early", onTime: "on_time", late: "late" } as const;

/** Who holds the dossier in a given state, as Mẫu 06 names the receiving side. */
function holderOf(ctx: DossierContext, statePath: string, toStatus: number): string {
  const desk = ctx.desk?.name ?? "Bộ phận Một cửa";
  if (statePath === "received" || statePath === "submitted") return `${desk} — tiếp nhận`;
  if (statePath === "resultReady") return `${desk} — trả kết quả`;
  if (statePath === "approved") return ctx.dossier.snapshot.context.sealBy === "clerk" ? `${ROLE_NAMES.clerk} — đóng dấu số của cơ quan` : "Đóng dấu số của cơ quan";
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
  const calendar = await calendarForAgency(services, ctx.dossier.receivingAgencyId);
  const handOvers: HandOver[] = controlSheetRows(ctx, calendar, now, await deskHandoverOf(services, dossierId)).map(({ minutesInStep: _m, ...h }) => h);
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

export type DeskHandover = Pick<typeof resultHandovers.$inferSelect, "eventId" | "recipientName" | "recipientIdNumber" | "relation">;

/** Who took the result at the counter, if it was handed over there. */
export async function deskHandoverOf(services: AppServices, dossierId: string): Promise<DeskHandover | null> {
  const [row] = await services.database.db
    .select({ eventId: resultHandovers.eventId, recipientName: resultHandovers.recipientName, recipientIdNumber: resultHandovers.recipientIdNumber, relation: resultHandovers.relation })
    .from(resultHandovers)
    .where(eq(resultHandovers.dossierId, dossierId));
  return row ?? null;
}

/**
 * The rows of Mẫu 06, for the PDF and for the dossier page's live table: each hand-over, the
 * receiving step's due time, its outcome, and the working minutes the dossier spent in that step
 * (until the next hand-over, or until now while it is still there).
 */
export function controlSheetRows(
  ctx: DossierContext,
  calendar: WorkCalendar,
  now: Date,
  handover: DeskHandover | null = null,
): Array<HandOver & { minutesInStep: number }> {
  const rows = ctx.events.filter(({ event }) => HAND_OVER_ACTIONS.has(event.action));
  return rows.map(({ event, actorName, actorTitle }, i) => {
    const next = rows[i + 1]?.event.occurredAt ?? null;
    const timeliness = event.stepDueAt ? classifyTimeliness(event.stepDueAt, next, now, calendar) : "open";
    const final = event.action === "RETURN_RESULT";
    // The result handed over at the counter: the sheet names who took it, as the desk recorded.
    const handedOver = final && handover && handover.eventId === event.id ? handover : null;
    return {
      from: actorName ? `${actorTitle ?? ROLE_NAMES[event.actorRole as keyof typeof ROLE_NAMES]} — ${actorName}` : "Hệ thống Một Cửa điện tử",
      to: handedOver
        ? `Người nhận kết quả — ${handedOver.recipientName} (${relationName(handedOver.relation)}), CCCD ${handedOver.recipientIdNumber}`
        : holderOf(ctx, event.toState, event.toStatus),
      at: event.occurredAt,
      dueAt: event.stepDueAt ?? undefined,
      outcome: timeliness === "open" ? undefined : OUTCOME[timeliness],
      note: event.note ?? undefined,
      minutesInStep: final ? 0 : Math.max(0, workingTimeBetween(event.occurredAt, next ?? now, calendar)),
    };
  });
}

/** Which dossiers a register lists: an agency's, in a period of local days (both ends included). */
export type RegisterFilter = {
  /** YYYY-MM-DD, local days in the portal's zone. */
  from: string;
  to: string;
  procedureCode?: string | null;
  status?: number | null;
  channel?: number | null;
};

/** One line of Mẫu 07, with the facts the spreadsheet exports add. */
export type RegisterLine = RegisterEntry & { status: number; statusName: string; channel: number; submittedAt: Date; dueAt: Date | null };

/**
 * The dossiers of an agency in the period, by the day the desk received them (or, for one never
 * received — refused at reception, still waiting — the day it was submitted), oldest first, with
 * when each was transferred, resolved and returned.
 */
export async function registerLines(services: AppServices, agencyId: number, filter: RegisterFilter): Promise<RegisterLine[]> {
  const { db } = services.database;
  const from = localInstant(filter.from);
  const toDay = localInstant(filter.to);
  if (!from || !toDay) throw new Error("Khoảng thời gian của sổ theo dõi không hợp lệ");
  const to = new Date(toDay.getTime() + 24 * 3_600_000 + 3_600_000);
  const end = localInstant(localDateOf(to, services.config.timeZone))!;
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, agencyId));
  const day = sql`coalesce(${dossiers.receivedAt}, ${dossiers.submittedAt})`;
  const conditions = [eq(dossiers.receivingAgencyId, agencyId), sql`${day} >= ${from.toISOString()}`, sql`${day} < ${end.toISOString()}`];
  if (filter.procedureCode) conditions.push(eq(procedures.code, filter.procedureCode));
  if (filter.status) conditions.push(eq(dossiers.status, filter.status));
  if (filter.channel) conditions.push(eq(dossiers.channel, filter.channel));
  const rows = await db
    .select({ dossier: dossiers, procedureName: procedures.name })
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(and(...conditions))
    .orderBy(asc(day), asc(dossiers.code));
  const firsts = new Map<string, Date>();
  if (rows.length > 0) {
    const events = await db
      .select({ dossierId: dossierEvents.dossierId, action: dossierEvents.action, at: sql<string>`min(${dossierEvents.occurredAt})` })
      .from(dossierEvents)
      .where(and(inArray(dossierEvents.dossierId, rows.map((r) => r.dossier.id)), inArray(dossierEvents.action, ["TRANSFER", "SEAL", "RESULT_SIGNED"])))
      .groupBy(dossierEvents.dossierId, dossierEvents.action);
    for (const e of events) firsts.set(`${e.dossierId}:${e.action}`, new Date(e.at));
  }
  return rows.map(({ dossier, procedureName }) => ({
    dossierCode: dossier.code,
    procedure: procedureName,
    applicant: dossier.applicantName,
    contact: `${dossier.applicantAddress}; ${dossier.applicantPhone}`,
    processingAgency: agency.name,
    receivedAt: dossier.receivedAt ?? dossier.submittedAt,
    appointmentAt: dossier.dueAt ?? undefined,
    transferredAt: firsts.get(`${dossier.id}:TRANSFER`),
    resolvedAt: firsts.get(`${dossier.id}:SEAL`) ?? firsts.get(`${dossier.id}:RESULT_SIGNED`),
    returnedAt: dossier.returnedAt ?? undefined,
    note: dossier.status === 10 ? undefined : DOSSIER_STATUS_NAMES[dossier.status as DossierStatusCode],
    status: dossier.status,
    statusName: DOSSIER_STATUS_NAMES[dossier.status as DossierStatusCode],
    channel: dossier.channel,
    submittedAt: dossier.submittedAt,
    dueAt: dossier.dueAt,
  }));
}

/** "Từ 01/11/2026 đến 30/11/2026", or "Tháng 11 năm 2026" for a whole calendar month. */
export function registerPeriodLabel(filter: Pick<RegisterFilter, "from" | "to">): string {
  const [fy, fm, fd] = filter.from.split("-").map(Number);
  const [ty, tm, td] = filter.to.split("-").map(Number);
  const lastDay = new Date(Date.UTC(fy, fm, 0)).getUTCDate();
  if (fy === ty && fm === tm && fd === 1 && td === lastDay) return `Tháng ${fm} năm ${fy}`;
  const dmy = (s: string) => s.split("-").reverse().join("/");
  return `Từ ${dmy(filter.from)} đến ${dmy(filter.to)}`;
}

/**
 * Mẫu 07, the dossier register (sổ theo dõi hồ sơ) of an agency for a period and filter: every
 * dossier in it, when it was transferred, resolved and returned. Made on request and sealed.
 */
export async function registerPdfFor(services: AppServices, agencyId: number, filter: RegisterFilter, now = new Date()): Promise<Uint8Array> {
  const { db } = services.database;
  const [agency] = await db.select().from(agencies).where(eq(agencies.id, agencyId));
  const [parent] = agency.parentId ? await db.select().from(agencies).where(eq(agencies.id, agency.parentId)) : [];
  const entries = await registerLines(services, agencyId, filter);
  const form = await renderRegister({
    header: { parentAgency: parent?.name, agency: agency.name, place: PLACE, date: now },
    period: registerPeriodLabel(filter),
    entries,
  });
  return sign(form, await services.signers.forAgency(agencyId), "signer", "Sổ theo dõi hồ sơ", now);
}

/** Mẫu 07 of one calendar month. */
export async function registerPdf(services: AppServices, agencyId: number, year: number, month: number, now = new Date()): Promise<Uint8Array> {
  const pad = (n: number) => String(n).padStart(2, "0");
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return registerPdfFor(services, agencyId, { from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(lastDay)}` }, now);
}
