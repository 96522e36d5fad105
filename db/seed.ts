import { sql } from "drizzle-orm";
import type { Database } from "./client";
import {
  administrativeUnits,
  agencies,
  calendarDays,
  partnerWebhookSecrets,
  postalPartners,
  procedureAgencies,
  procedures,
  userRoles,
  users,
  workflowVersions,
} from "./schema";
import { DEMO_PASSWORD, DEMO_POSTAL_PARTNER, DEMO_PROCEDURES, DEMO_USERS } from "./demo-data";
import { CATALOG, type Placement } from "./catalog-data";
import { applicationSteps, defaultSteps } from "./catalog-defaults";
import { DEFAULT_SEED_PROFILE, PROFILES, type SeedProfile, type SeedProfileId } from "./profiles";
import { hashPassword } from "./passwords";
import { VN_HOLIDAYS } from "../workflows/holidays-vn";

export function machineIdForProcedure(code: string): string {
  return `procedure:${code}`;
}

type Level = "province" | "district" | "commune";

/** A placement read in a profile: the level, the deciding agency, and every agency that receives. */
export function resolvePlacement(profile: SeedProfile, at: Placement, also: Placement[] = []): { level: Level; agency: string; receivers: string[] } {
  const governments = (level: Level) => profile.agencies.filter((a) => a.level === level && a.kind === "government").map((a) => a.key);
  const one = (p: Placement): { level: Level; agency: string; receivers: string[] } => {
    // A two-level profile has no districts: their work went to the communes.
    if (p === "huyen" && profile.demoDistrict) return { level: "district", agency: profile.demoDistrict, receivers: governments("district") };
    if (p === "xa" || p === "huyen") return { level: "commune", agency: profile.demoCommune, receivers: governments("commune") };
    const department = profile.departments[p.slice("tinh:".length) as keyof SeedProfile["departments"]];
    return { level: "province", agency: department, receivers: [department] };
  };
  const main = one(at);
  const receivers = new Set([...main.receivers, ...also.flatMap((p) => one(p).receivers)]);
  return { ...main, receivers: [...receivers] };
}

const chunks = <T>(rows: T[], size: number): T[][] => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, i * size + size));

/**
 * Seeds the holiday table (always, new dates only), the profile's agencies, administrative units and
 * the catalog (only into an empty database) and, in demo mode only, the demo accounts with their
 * published password. One transaction, so a crash half-way leaves nothing behind and a second start
 * changes nothing. The profile (SEED_PROFILE) chooses the province: seed-era Thái Bình on three
 * levels, or today's Hưng Yên on two; the code is the same.
 */
export async function seedDatabase(db: Database, options: { demo: boolean; profile?: SeedProfileId }): Promise<{ seededDemo: boolean }> {
  const profile = PROFILES[options.profile ?? DEFAULT_SEED_PROFILE];
  return db.transaction(async (tx) => {
    // Serialise concurrent start-ups (two app processes on one database).
    await tx.execute(sql`select pg_advisory_xact_lock(54001)`);
    await tx
      .insert(calendarDays)
      .values(VN_HOLIDAYS.map((d) => ({ date: d.date, name: d.name, kind: d.kind, note: d.note ?? null })))
      .onConflictDoNothing();

    const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(agencies);
    if (count > 0) return { seededDemo: false };

    // Ids given here (parents before children), so that a thousand agencies go in a few statements.
    const agencyIds = new Map(profile.agencies.map((a, i) => [a.key, i + 1]));
    const id = (key: string) => {
      const value = agencyIds.get(profile.accountAgencyAliases[key] ?? key);
      if (value === undefined) throw new Error(`Seed profile ${profile.id}: no agency "${key}"`);
      return value;
    };
    for (const batch of chunks(profile.agencies, 500)) {
      await tx.insert(agencies).values(
        batch.map((a) => ({
          id: id(a.key),
          identifier: a.identifier,
          identifierIsSample: a.identifierIsSample,
          name: a.name,
          level: a.level,
          kind: a.kind,
          parentId: a.parent ? id(a.parent) : null,
          address: a.address ?? null,
          sealAppliedBy: a.sealAppliedBy ?? "clerk",
          placeName: a.placeName ?? null,
          headTitle: a.headTitle ?? null,
          abbreviation: a.abbreviation ?? null,
        })),
      );
    }
    await tx.execute(sql`select setval(pg_get_serial_sequence('agencies', 'id'), (select max(id) from agencies))`);
    for (const batch of chunks(profile.units, 500)) await tx.insert(administrativeUnits).values(batch);

    const era = profile.era;
    const rows = [
      ...DEMO_PROCEDURES.map((p) => {
        const placed = resolvePlacement(profile, p.placement[era]);
        // The seed era keeps the demo exactly as the tests know it; elsewhere the placement decides.
        const level = era === "thaiBinh" ? p.level : placed.level;
        const agency = era === "thaiBinh" ? p.agency : placed.agency;
        const { placement: _placement, agency: _agency, steps, ...rest } = p;
        return { values: { ...rest, level, agencyId: id(agency), resultSymbol: p.resultSymbol ?? null, doubtful: p.doubtful ?? [], applicationSteps: applicationSteps(level, p.channels, p.feeAmount) }, steps, receivers: placed.receivers };
      }),
      ...CATALOG.map((entry) => {
        const where = entry[era] ?? { at: entry.thaiBinh.at === "huyen" ? ("xa" as const) : entry.thaiBinh.at, also: entry.thaiBinh.also?.filter((p) => p !== "huyen") };
        const placed = resolvePlacement(profile, where.at, where.also);
        const channels = entry.channels ?? (entry.serviceMode === "info" ? ["desk" as const] : ["online" as const, "desk" as const, "post" as const]);
        return {
          values: {
            code: entry.code,
            codeIsSample: entry.codeIsSample ?? false,
            name: entry.name,
            field: entry.field,
            level: placed.level,
            agencyId: id(placed.agency),
            serviceMode: entry.serviceMode,
            allowance: entry.allowance,
            onlineAllowance: entry.onlineAllowance ?? null,
            timeNote: entry.timeNote,
            feeAmount: entry.feeAmount,
            feeNote: entry.feeNote,
            resultName: entry.resultName,
            resultTemplate: "generic" as const,
            legalBasis: entry.legalBasis ?? null,
            documents: entry.documents ?? [],
            formFields: entry.formFields ?? [],
            conditions: entry.conditions ?? null,
            channels,
            applicationSteps: applicationSteps(placed.level, channels, entry.feeAmount),
            doubtful: entry.doubtful ?? [],
            levelNote: where.note ?? null,
            popularity: entry.popularity ?? 0,
          },
          steps: defaultSteps(placed.level, entry.allowance),
          receivers: placed.receivers,
        };
      }),
    ];
    const inserted = await tx.insert(procedures).values(rows.map((r) => r.values)).returning({ id: procedures.id, code: procedures.code });
    const procedureIds = new Map(inserted.map((r) => [r.code, r.id]));
    await tx.insert(workflowVersions).values(
      rows.map((r) => ({ procedureId: procedureIds.get(r.values.code)!, machineId: machineIdForProcedure(r.values.code), version: 1, steps: r.steps })),
    );
    const receiverRows = rows.flatMap((r) => r.receivers.map((key) => ({ procedureId: procedureIds.get(r.values.code)!, agencyId: id(key) })));
    for (const batch of chunks(receiverRows, 5000)) await tx.insert(procedureAgencies).values(batch);

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
          unitId: u.unit ? id(u.unit) : null,
        })
        .returning({ id: users.id });
      const roles = [
        { userId: row.id, role: u.role, agencyId: u.agency ? id(u.agency) : 0 },
        ...(u.alsoRoles ?? []).map((r) => ({ userId: row.id, role: r.role, agencyId: id(r.agency) })),
      ];
      // Two seed-era agencies may be one today (the district's and the commune's accounts): one row each.
      await tx.insert(userRoles).values(roles).onConflictDoNothing();
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
