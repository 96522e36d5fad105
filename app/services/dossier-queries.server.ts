/** Read models for pages: who may see a dossier, what is in it, and each officer's inbox. */
import { aliasedTable, and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { agencies, attachments, dossierEvents, dossiers, procedures, users, workflowVersions } from "../../db/schema";
import { availableEvents, type DossierEventType } from "../../workflows/dossier-machine";
import { timelineLabel } from "../labels";
import type { SessionUser } from "./auth.server";
import type { AppServices } from "./context.server";
import { agencyHolding, workflowDefinitionOf } from "./dossier-actions.server";
import { mayAccessDossier } from "./permissions.server";

export { timelineLabel };

export type DossierDetail = NonNullable<Awaited<ReturnType<typeof loadDossierDetail>>>;

/** A dossier with its procedure, workflow, receiving agency, files and history, by code or by id. */
export async function loadDossierDetail(services: AppServices, key: string | { id: string }) {
  const { db } = services.database;
  const [row] = await db
    .select({ dossier: dossiers, procedure: procedures, workflow: workflowVersions, agency: agencies })
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .innerJoin(workflowVersions, eq(workflowVersions.id, dossiers.workflowVersionId))
    .innerJoin(agencies, eq(agencies.id, dossiers.receivingAgencyId))
    .where(typeof key === "string" ? eq(dossiers.code, key) : eq(dossiers.id, key.id));
  if (!row) return null;
  const files = await db
    .select()
    .from(attachments)
    .where(eq(attachments.dossierId, row.dossier.id))
    .orderBy(asc(attachments.createdAt));
  const actor = aliasedTable(users, "actor");
  const events = await db
    .select({ event: dossierEvents, actorName: actor.fullName, actorTitle: actor.title })
    .from(dossierEvents)
    .leftJoin(actor, eq(actor.id, dossierEvents.actorUserId))
    .where(eq(dossierEvents.dossierId, row.dossier.id))
    .orderBy(asc(dossierEvents.seq));
  return { ...row, definition: workflowDefinitionOf(row.workflow), files, events };
}

/** Whether the user may see the dossier at all (the object-level check, permissions.server.ts). */
export function canViewDossier(user: SessionUser, dossier: typeof dossiers.$inferSelect): boolean {
  return mayAccessDossier(user, dossier, "read");
}

/** Files only officers see: the draft and the result while it is being signed. */
const OFFICERS_ONLY_KINDS = new Set(["draftResult", "signingCopy"]);

/**
 * Whether the viewer may open a file of a dossier she can see: the one rule for the page's list and
 * the download route. The draft needs its permission (a clerk or a citizen has none); a citizen gets
 * the result only once it has been released to her: returned (status 10), at the desk, by post or online.
 */
export function mayOpenFile(user: SessionUser, dossier: typeof dossiers.$inferSelect, file: Pick<typeof attachments.$inferSelect, "kind">): boolean {
  if (file.kind === "draftResult" && !mayAccessDossier(user, dossier, "read:draft-result")) return false;
  if (user.role !== "citizen") return true;
  if (OFFICERS_ONLY_KINDS.has(file.kind)) return false;
  return file.kind !== "result" || dossier.status === 10;
}

/** The statechart's events the user could send now and is permitted to: the buttons to show. */
export function actionsFor(user: SessionUser, detail: DossierDetail): DossierEventType[] {
  return availableEvents(detail.definition, detail.dossier.snapshot, user.role).filter((type) =>
    mayAccessDossier(user, detail.dossier, type),
  );
}

export type DossierListItem = {
  code: string;
  procedureName: string;
  applicantName: string;
  status: number;
  stepKey: string | null;
  submittedAt: Date;
  dueAt: Date | null;
  stepDueAt: Date | null;
  version: number;
};

const listColumns = {
  code: dossiers.code,
  procedureName: procedures.name,
  applicantName: dossiers.applicantName,
  status: dossiers.status,
  stepKey: dossiers.stepKey,
  submittedAt: dossiers.submittedAt,
  dueAt: dossiers.dueAt,
  stepDueAt: dossiers.stepDueAt,
  version: dossiers.version,
};

export async function listCitizenDossiers(services: AppServices, userId: number): Promise<DossierListItem[]> {
  return services.database.db
    .select(listColumns)
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .where(eq(dossiers.applicantUserId, userId))
    .orderBy(desc(dossiers.submittedAt));
}

/**
 * The officer's inbox: dossiers of their agency waiting for their role. The desk handles reception
 * and return; other roles the processing steps whose definition names their role.
 */
export async function listInbox(services: AppServices, user: Pick<SessionUser, "role" | "agencyId">): Promise<DossierListItem[]> {
  const { db } = services.database;
  // The agency that holds the dossier now (see agencyHolding): the last one it was forwarded to.
  const holdingAgency = sql`coalesce(${dossiers.snapshot}->'context'->'agencyStack'->>-1, ${dossiers.receivingAgencyId}::text)`;
  const waitingForRole =
    user.role === "desk"
      ? inArray(dossiers.statePath, ["submitted", "received", "resultReady"])
      : user.role === "clerk"
        ? sql`${dossiers.statePath} = 'approved' and ${dossiers.snapshot}->'context'->>'sealBy' = 'clerk'`
        : sql`exists (select 1 from jsonb_array_elements(${workflowVersions.steps}) as step
                    where step->>'key' = ${dossiers.stepKey} and step->>'role' = ${user.role})
            and ${dossiers.statePath} like 'processing.%'`;
  return db
    .select(listColumns)
    .from(dossiers)
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .innerJoin(workflowVersions, eq(workflowVersions.id, dossiers.workflowVersionId))
    .where(and(eq(holdingAgency, String(user.agencyId)), waitingForRole))
    .orderBy(asc(sql`coalesce(${dossiers.stepDueAt}, ${dossiers.dueAt}, ${dossiers.submittedAt})`));
}

/** Agencies a dossier can be forwarded to (liên thông): any other government body or department. */
export async function forwardTargetsFor(services: AppServices, detail: DossierDetail) {
  const holding = agencyHolding(detail.dossier);
  const rows = await services.database.db
    .select({ id: agencies.id, name: agencies.name, level: agencies.level })
    .from(agencies)
    .where(inArray(agencies.kind, ["government", "department"]))
    .orderBy(asc(agencies.id));
  return rows.filter((a) => a.id !== holding).map((a) => ({ id: String(a.id), name: a.name }));
}
