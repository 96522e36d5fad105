/**
 * What the dossier page shows of the desk's work, for one viewer: the reception panel with its
 * checklist, the return panel, the hand-over, the postal orders, the checklist as found, and the live
 * control sheet (Mẫu 06) for officers.
 */
import { asc, eq } from "drizzle-orm";
import { postalOrders, resultHandovers, users } from "../../../db/schema";
import { DOSSIER_CHANNEL } from "../../../workflows/dossier-status";
import { CHANNEL_NAMES, DOCUMENT_FORM_NAMES, relationName } from "../../desk-labels";
import type { SessionUser } from "../auth.server";
import type { AppServices } from "../context.server";
import { loadDossierContext } from "../documents/common.server";
import { controlSheetRows } from "../documents/tracking.server";
import { actionsFor, type DossierDetail } from "../dossier-queries.server";
import { mayAccessDossier } from "../permissions.server";
import { KIND_NAMES, STATUS_NAMES } from "../postal/statuses";
import { checklistRows } from "./checklist.server";
import { returnModeOf } from "./desk-actions.server";
import { calendarForAgency } from "../agency-calendar.server";

const OUTCOME_NAMES = { early: "Trước hạn", on_time: "Đúng hạn", late: "Quá hạn" } as const;

/** "2 ngày 3 giờ 15 phút" of working time (8 working hours a day). */
export function formatWorkingMinutes(minutes: number): string {
  const m = Math.round(minutes);
  if (m <= 0) return "—";
  const days = Math.floor(m / 480);
  const hours = Math.floor((m % 480) / 60);
  const rest = m % 60;
  return [days ? `${days} ngày` : "", hours ? `${hours} giờ` : "", rest ? `${rest} phút` : ""].filter(Boolean).join(" ");
}

export async function deskPanelModel(services: AppServices, user: SessionUser, detail: DossierDetail, now = new Date()) {
  const { dossier, procedure } = detail;
  const officer = user.role !== "citizen";
  const actions = new Set(actionsFor(user, detail));
  const { db } = services.database;
  const orders = await db.select().from(postalOrders).where(eq(postalOrders.dossierId, dossier.id)).orderBy(asc(postalOrders.id));
  const [handover] = await db
    .select({ handover: resultHandovers, officerName: users.fullName })
    .from(resultHandovers)
    .leftJoin(users, eq(users.id, resultHandovers.handedBy))
    .where(eq(resultHandovers.dossierId, dossier.id));
  const canReadSheet = mayAccessDossier(user, dossier, "read:control-sheet");
  const sheet = canReadSheet
    ? controlSheetRows(await loadDossierContext(services, dossier.id), await calendarForAgency(services, dossier.receivingAgencyId), now, handover ? { ...handover.handover } : null)
    : [];
  const mode = actions.has("RETURN_RESULT") ? await returnModeOf(services, detail) : null;
  return {
    channelName: CHANNEL_NAMES[dossier.channel as 1 | 2 | 3],
    reception:
      user.role === "desk" && actions.has("RECEIVE")
        ? {
            rows: checklistRows(procedure.documents, dossier.intakeChecklist, null),
            byPost: dossier.channel === DOSSIER_CHANNEL.post,
            canRequestSupplement: actions.has("REQUEST_SUPPLEMENT"),
            canRefuse: actions.has("REFUSE"),
          }
        : null,
    giveBack:
      user.role === "desk" && mode
        ? { mode, applicantName: dossier.applicantName, applicantIdNumber: dossier.applicantIdNumber, hasResult: detail.files.some((f) => f.kind === "result") }
        : null,
    handover: handover
      ? {
          recipientName: handover.handover.recipientName,
          // The recipient's ID number is for officers; the applicant sees who took it and when.
          recipientIdNumber: officer ? handover.handover.recipientIdNumber : null,
          relation: relationName(handover.handover.relation),
          handedAt: handover.handover.handedAt,
          officerName: handover.officerName,
        }
      : null,
    postalOrders: orders.map((o) => ({
      kind: KIND_NAMES[o.kind],
      status: STATUS_NAMES[o.kind][o.status] ?? o.status,
      waybill: o.waybill,
      updatedAt: o.updatedAt,
      deliveredAt: o.deliveredAt,
      recipientName: o.recipientName,
    })),
    checklist: officer && dossier.intakeChecklist
      ? dossier.intakeChecklist.map((i) => ({
          name: i.name,
          present: i.present,
          form: i.form ? DOCUMENT_FORM_NAMES[i.form] : null,
          count: i.count,
          note: i.note,
        }))
      : null,
    controlSheet: canReadSheet
      ? sheet.map((h) => ({
          from: h.from,
          to: h.to,
          at: h.at,
          dueAt: h.dueAt ?? null,
          outcome: h.outcome ? OUTCOME_NAMES[h.outcome] : null,
          timeInStep: formatWorkingMinutes(h.minutesInStep),
          note: h.note ?? null,
        }))
      : null,
  };
}

export type DeskPanelModel = Awaited<ReturnType<typeof deskPanelModel>>;
