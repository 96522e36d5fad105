/**
 * Documents that follow a dossier's course, made on request: Mẫu 06, the control sheet of one
 * dossier, and Mẫu 07, the tracking register (sổ theo dõi hồ sơ) of an agency's month.
 */
import { localInstant } from "../../time";
import { and, asc, eq, gte, isNotNull, lt } from "drizzle-orm";
import { agencies, dossierEvents, dossiers, procedures } from "../../../db/schema";
import { renderControlSheet, renderRegister, type HandOver } from "../../../signing";
import { addWorkingTime } from "../../../workflows/calendar";
import { calendarForAgency } from "../agency-calendar.server";
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from "../../../workflows/dossier-status";
import { classifyTimeliness } from "../../../workflows/timeliness";
import type { AppServices } from "../context.server";
import { ROLE_NAMES } from "../../labels";
import { formBase, loadDossierContext, officialOf, PLACE, sign, type DossierContext } from "./common.server";

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
  // Time in each step counts in the receiving agency's office hours, as the due times did.
  const calendar = await calendarForAgency(services, ctx.dossier.receivingAgencyId);
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
  const from = localInstant(`${year}-${pad(month)}-01`)!;
  const to = localInstant(`${month === 12 ? year + 1 : year}-${pad(month === 12 ? 1 : month + 1)}-01`)!;
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
      resolvedAt: (await firstEvent(dossier.id, "SEAL")) ?? (await firstEvent(dossier.id, "RESULT_SIGNED")),
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
