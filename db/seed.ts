import { sql } from "drizzle-orm";
import type { Database } from "./client";
import { agencies, calendarDays, partnerWebhookSecrets, postalPartners, procedures, userRoles, users, workflowVersions } from "./schema";
import { DEMO_AGENCIES, DEMO_PASSWORD, DEMO_POSTAL_PARTNER, DEMO_PROCEDURES, DEMO_USERS } from "./demo-data";
import { hashPassword } from "./passwords";
import { VN_HOLIDAYS } from "../workflows/holidays-vn";

export function machineIdForProcedure(code: string): string {
  return `procedure:${code}`;
}

/**
 * Seeds the holiday table (always, new dates only), the agencies and procedures (only into an empty
 * database) and, in demo mode only, the demo accounts with their published password. One
 * transaction, so a crash half-way leaves nothing behind and a second start changes nothing.
 */
export async function seedDatabase(db: Database, options: { demo: boolean }): Promise<{ seededDemo: boolean }> {
  return db.transaction(async (tx) => {
    // Serialise concurrent start-ups (two app processes on one database).
    await tx.execute(sql`select pg_advisory_xact_lock(54001)`);
    await tx
      .insert(calendarDays)
      .values(VN_HOLIDAYS.map((d) => ({ date: d.date, name: d.name, kind: d.kind, note: d.note ?? null })))
      .onConflictDoNothing();

    const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(agencies);
    if (count > 0) return { seededDemo: false };

    const agencyIds = new Map<string, number>();
    for (const a of DEMO_AGENCIES) {
      const [row] = await tx
        .insert(agencies)
        .values({
          identifier: a.identifier,
          identifierIsSample: a.identifierIsSample,
          name: a.name,
          level: a.level,
          kind: a.kind,
          parentId: a.parent ? agencyIds.get(a.parent)! : null,
          address: a.address ?? null,
          sealAppliedBy: a.sealAppliedBy ?? "clerk",
          placeName: a.placeName ?? null,
          headTitle: a.headTitle ?? null,
          abbreviation: a.abbreviation ?? null,
        })
        .returning({ id: agencies.id });
      agencyIds.set(a.key, row.id);
    }

    for (const p of DEMO_PROCEDURES) {
      const [row] = await tx
        .insert(procedures)
        .values({
          code: p.code,
          name: p.name,
          field: p.field,
          level: p.level,
          agencyId: agencyIds.get(p.agency)!,
          serviceMode: p.serviceMode,
          allowance: p.allowance,
          timeNote: p.timeNote,
          feeAmount: p.feeAmount,
          feeNote: p.feeNote,
          resultName: p.resultName,
          resultTemplate: p.resultTemplate,
          resultSymbol: p.resultSymbol ?? null,
          legalBasis: p.legalBasis,
          documents: p.documents,
          formFields: p.formFields,
        })
        .returning({ id: procedures.id });
      await tx.insert(workflowVersions).values({
        procedureId: row.id,
        machineId: machineIdForProcedure(p.code),
        version: 1,
        steps: p.steps,
      });
    }

    // Accounts with a published password exist only where someone chose the demo.
    if (!options.demo) return { seededDemo: false };
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const u of DEMO_USERS) {
      const [row] = await tx
        .insert(users)
        .values({
          username: u.username,
          passwordHash,
          fullName: u.fullName,
          email: u.email,
          phone: u.phone ?? null,
          idNumber: u.idNumber ?? null,
          address: u.address ?? null,
          title: u.title ?? null,
          unitId: u.unit ? agencyIds.get(u.unit)! : null,
        })
        .returning({ id: users.id });
      await tx.insert(userRoles).values([
        { userId: row.id, role: u.role, agencyId: u.agency ? agencyIds.get(u.agency)! : 0 },
        ...(u.alsoRoles ?? []).map((r) => ({ userId: row.id, role: r.role, agencyId: agencyIds.get(r.agency)! })),
      ]);
    }
    // The demo's postal partner points at the local simulator (npm run postal-sim).
    const [partner] = await tx
      .insert(postalPartners)
      .values({ code: DEMO_POSTAL_PARTNER.code, name: DEMO_POSTAL_PARTNER.name, endpointUrl: DEMO_POSTAL_PARTNER.endpointUrl })
      .returning({ id: postalPartners.id });
    await tx.insert(partnerWebhookSecrets).values({ partnerId: partner.id, secret: DEMO_POSTAL_PARTNER.secret, prefix: DEMO_POSTAL_PARTNER.secret.slice(0, 12) });
    return { seededDemo: true };
  });
}
