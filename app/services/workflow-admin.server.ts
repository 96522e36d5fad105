/**
 * Publishing a procedure's step list (quy trình nội bộ). Each publication is a new machine version;
 * new dossiers start on the latest one, and dossiers in flight keep the version they started on.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { withTransaction } from "../../db/client";
import { procedures, workflowVersions } from "../../db/schema";
import { machineIdForProcedure } from "../../db/seed";
import { validateDefinition, type WorkflowStep } from "../../workflows/dossier-machine";
import { recordAdminChange } from "./admin/audit.server";
import type { AppServices } from "./context.server";
import { DossierActionError } from "./dossier-actions.server";

export async function publishWorkflowVersion(
  services: AppServices,
  procedureCode: string,
  steps: WorkflowStep[],
  options: { actorUserId?: number | null; now?: Date } = {},
): Promise<{ version: number }> {
  const machineId = machineIdForProcedure(procedureCode);
  const problems = validateDefinition({ id: machineId, version: 0, steps });
  if (problems.length > 0) throw new DossierActionError(400, `Quy trình không hợp lệ: ${problems.join("; ")}.`);
  return withTransaction(services.database, async (tx) => {
    const [procedure] = await tx.select({ id: procedures.id }).from(procedures).where(eq(procedures.code, procedureCode));
    if (!procedure) throw new DossierActionError(404, "Không tìm thấy thủ tục hành chính.");
    // Serialise publications of the same procedure so that two never take the same number.
    await tx.execute(sql`select pg_advisory_xact_lock(54002, ${procedure.id})`);
    const [latest] = await tx
      .select({ version: workflowVersions.version })
      .from(workflowVersions)
      .where(eq(workflowVersions.procedureId, procedure.id))
      .orderBy(desc(workflowVersions.version))
      .limit(1);
    const version = (latest?.version ?? 0) + 1;
    const now = options.now ?? new Date();
    await tx.insert(workflowVersions).values({ procedureId: procedure.id, machineId, version, steps, publishedAt: now });
    const [previous] = latest
      ? await tx
          .select({ steps: workflowVersions.steps })
          .from(workflowVersions)
          .where(and(eq(workflowVersions.procedureId, procedure.id), eq(workflowVersions.version, latest.version)))
      : [];
    await recordAdminChange(
      tx,
      options.actorUserId ?? null,
      "workflow",
      procedureCode,
      "publish",
      previous ? { version: latest!.version, steps: previous.steps } : null,
      { version, steps },
      now,
    );
    return { version };
  });
}
