/**
 * Issue 12: every monitoring figure and every Decision 766 indicator against values computed by hand
 * on a seeded set of dossiers that covers each case — early, on time, late (by a millisecond, and by
 * apology), paused, forwarded, in progress within and past its time, withdrawn, refused, awaiting,
 * stopped, paid online, digitised, synced, rated — and the month boundary in the portal's zone.
 *
 * The rows are written directly, at fixed instants, so that the expected numbers below can be worked
 * out on paper (the table in the comment). The figures come from the rollup; each is checked against
 * the drill-down's list of the same measure, which reads the dossiers themselves.
 *
 *  #  agency  procedure  ch  cohort      status         case
 *  1  D       partial    2   Nov 02      returned       early (09/11 for due 10/11), digitised, e-result, rated 5, synced
 *  2  D       partial    1   Nov 03      returned       on time (16:00 on the due day), rated 3
 *  3  C       full       2   Nov 04      returned       late by 1 ms, paid online, digitised, e-result, rated 4
 *  4  D       partial    3   Nov 05      returned       late: apologised (returned before the new due time)
 *  5  C       full       2   Nov 06      supplement     paused (due passed, clock stopped), digitised
 *  6  D       partial    1   Nov 09      processing     forwarded, overdue at asOf
 *  7  C       partial    1   Nov 20      processing     within time at asOf
 *  8  D       partial    2   Nov 10      withdrawn
 *  9  C       full       2   Nov 11 sub  refused        never received, synced
 * 10  D       full       2   Nov 24 sub  submitted      awaiting reception
 * 11  D       partial    1   Nov 12      stopped
 * 12  D       partial    1   Nov 01 00:30 local (31/10 17:30Z)  returned on time (09:00 on the due day)
 * 13  D       partial    1   Oct 31 23:59 local (16:59Z)        returned early: October
 * 14  C       partial    1   Nov 13      result ready   past due, but its clock no longer runs
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTransaction, type Queryable } from "../../../db/client";
import type { DossierEffect } from "../../../workflows/dossier-machine";
import { appendDossierEvent } from "../dossier-events.server";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { dashboardFigures, drilldown, reportTotals, totalsByAgency, type MeasureTotals } from "./dashboard.server";
import { agenciesFor, parseReportFilters, reportScopeFor, type ReportFilters } from "./filters.server";
import { MEASURES, type Measure } from "./measures.server";
import { actorOf, submitHouseholdBusiness } from "../../test-support/fixtures";
import { performDossierAction } from "../dossier-actions.server";
import { refreshReportRollup } from "./rollup.server";

const TZ = "Asia/Ho_Chi_Minh";
/** The instant the figures are computed at: 25/11/2026 10:00 in Vietnam. */
const AS_OF = new Date("2026-11-25T03:00:00Z");
const at = (local: string) => new Date(`${local}+07:00`);

let services: TestServices;
let db: Queryable;
let district: number, commune: number, root: number, partial: number, full: number;
const codeOf = (n: number) => `TEST12-${String(n).padStart(2, "0")}`;

type Case = {
  n: number;
  agency: () => number;
  procedure: () => number;
  channel: 1 | 2 | 3;
  status: number;
  submitted: string;
  received?: string;
  due?: string;
  returned?: string;
  events?: { action: string; effects?: unknown[]; note?: string }[];
  paid?: boolean;
  files?: ("submission" | "result")[];
  rating?: number;
  synced?: boolean;
};

const CASES: Case[] = [
  { n: 1, agency: () => district, procedure: () => partial, channel: 2, status: 10, submitted: "2026-11-02T08:30", received: "2026-11-02T09:00", due: "2026-11-10T17:00", returned: "2026-11-09T10:00", files: ["submission", "result"], rating: 5, synced: true },
  { n: 2, agency: () => district, procedure: () => partial, channel: 1, status: 10, submitted: "2026-11-03T08:00", received: "2026-11-03T08:00", due: "2026-11-12T17:00", returned: "2026-11-12T16:00", rating: 3 },
  { n: 3, agency: () => commune, procedure: () => full, channel: 2, status: 10, submitted: "2026-11-04T07:50", received: "2026-11-04T08:00", due: "2026-11-13T17:00", returned: "2026-11-13T17:00:00.001", paid: true, files: ["submission", "result"], rating: 4 },
  {
    n: 4, agency: () => district, procedure: () => partial, channel: 3, status: 10, submitted: "2026-11-05T10:00", received: "2026-11-05T10:00", due: "2026-11-20T17:00", returned: "2026-11-19T09:00",
    events: [{ action: "APOLOGISE", effects: [{ type: "issueApology", newDueAt: "2026-11-20T10:00:00.000Z", reason: "Chờ xác minh của cơ quan thuế" }, { type: "extendDue", newDueAt: "2026-11-20T10:00:00.000Z" }] }],
  },
  { n: 5, agency: () => commune, procedure: () => full, channel: 2, status: 5, submitted: "2026-11-06T09:00", received: "2026-11-06T09:30", due: "2026-11-16T17:00", files: ["submission"] },
  { n: 6, agency: () => district, procedure: () => partial, channel: 1, status: 4, submitted: "2026-11-09T08:00", received: "2026-11-09T08:00", due: "2026-11-18T17:00", events: [{ action: "FORWARD", effects: [{ type: "forward", toAgency: "x" }] }] },
  { n: 7, agency: () => commune, procedure: () => partial, channel: 1, status: 4, submitted: "2026-11-20T08:00", received: "2026-11-20T08:00", due: "2026-11-30T17:00" },
  { n: 8, agency: () => district, procedure: () => partial, channel: 2, status: 7, submitted: "2026-11-10T07:00", received: "2026-11-10T08:00", due: "2026-11-19T17:00" },
  { n: 9, agency: () => commune, procedure: () => full, channel: 2, status: 3, submitted: "2026-11-11T20:00", synced: true },
  { n: 10, agency: () => district, procedure: () => full, channel: 2, status: 1, submitted: "2026-11-24T21:00" },
  { n: 11, agency: () => district, procedure: () => partial, channel: 1, status: 8, submitted: "2026-11-12T08:00", received: "2026-11-12T08:00", due: "2026-11-21T17:00" },
  { n: 12, agency: () => district, procedure: () => partial, channel: 1, status: 10, submitted: "2026-11-01T00:30", received: "2026-11-01T00:30", due: "2026-11-05T17:00", returned: "2026-11-05T09:00" },
  { n: 13, agency: () => district, procedure: () => partial, channel: 1, status: 10, submitted: "2026-10-31T23:59", received: "2026-10-31T23:59", due: "2026-11-06T17:00", returned: "2026-11-04T09:00" },
  { n: 14, agency: () => commune, procedure: () => partial, channel: 1, status: 9, submitted: "2026-11-13T08:00", received: "2026-11-13T08:00", due: "2026-11-20T17:00" },
];

/** The expected November figures, all agencies (see the table above). */
const NOVEMBER: Record<Measure, number> & { ratingSum: number } = {
  entered: 13, awaiting: 1, received: 11, refused: 1, withdrawn: 1, stopped: 1,
  inProgress: 4, overdueOpen: 1, openWithinTime: 3, paused: 1,
  resolved: 5, early: 1, onTime: 2, late: 2, apologised: 1, forwarded: 1,
  onlinePartial: 2, onlineFull: 2, feeDue: 2, paidOnline: 1, digitised: 3, resultDigitised: 2, synced: 2,
  rated: 3, satisfied: 2, ratingSum: 12,
};
/** Which dossiers each November figure is made of: the drill-down must list exactly these. */
const NOVEMBER_DOSSIERS: Record<Measure, number[]> = {
  entered: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14], awaiting: [10], received: [1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14], refused: [9], withdrawn: [8], stopped: [11],
  inProgress: [5, 6, 7, 14], overdueOpen: [6], openWithinTime: [5, 7, 14], paused: [5],
  resolved: [1, 2, 3, 4, 12], early: [1], onTime: [2, 12], late: [3, 4], apologised: [4], forwarded: [6],
  onlinePartial: [1, 8], onlineFull: [3, 5], feeDue: [3, 5], paidOnline: [3], digitised: [1, 3, 5], resultDigitised: [1, 3], synced: [1, 9],
  rated: [1, 2, 3], satisfied: [1, 3],
};

async function seed() {
  const q = async <T = Record<string, unknown>>(query: ReturnType<typeof sql>) => (await db.execute(query)).rows as T[];
  [{ id: root }] = await q<{ id: number }>(sql`select id from agencies where parent_id is null order by id limit 1`);
  [{ id: district }] = await q<{ id: number }>(sql`insert into agencies (identifier, name, level, kind, parent_id) values ('T12.00.00.H01', 'UBND huyện Kiểm Thử', 'district', 'government', ${root}) returning id`);
  [{ id: commune }] = await q<{ id: number }>(sql`insert into agencies (identifier, name, level, kind, parent_id) values ('T12.00.00.X01', 'UBND xã Kiểm Thử', 'commune', 'government', ${district}) returning id`);
  const procedure = async (code: string, mode: "partial" | "full", fee: number, field: string) => {
    const [{ id }] = await q<{ id: number }>(sql`
      insert into procedures (code, name, field, level, agency_id, service_mode, allowance, result_name, documents, fee_amount)
      values (${code}, ${`Thủ tục kiểm thử ${code}`}, ${field}, 'district', ${district}, ${mode}, '{"amount": 5, "unit": "workingDay"}'::jsonb, 'Kết quả', '[]'::jsonb, ${fee}) returning id`);
    await db.execute(sql`insert into workflow_versions (procedure_id, machine_id, version, steps) values (${id}, ${`procedure:${code}`}, 1, '[]'::jsonb)`);
    return id;
  };
  partial = await procedure("T12.001", "partial", 0, "Kiểm thử đất đai");
  full = await procedure("T12.002", "full", 50000, "Kiểm thử hộ tịch");
  const [{ userId }] = await q<{ userId: number }>(sql`select id as "userId" from users where username = 'congdan'`);
  for (const c of CASES) {
    const [{ id }] = await q<{ id: string }>(sql`
      insert into dossiers (code, procedure_id, workflow_version_id, receiving_agency_id, applicant_name, applicant_id_number, applicant_phone, applicant_address,
                            channel, result_delivery, form_data, snapshot, status, state_path, submitted_at, received_at, due_at, returned_at, paused_at)
      values (${codeOf(c.n)}, ${c.procedure()}, (select id from workflow_versions where procedure_id = ${c.procedure()}), ${c.agency()},
              'Nguyễn Văn Kiểm', '034090000001', '0912345678', 'Thôn Kiểm Thử', ${c.channel}, 0, '{}'::jsonb,
              '{"machineId":"test","machineVersion":1,"value":"test","context":{}}'::jsonb, ${c.status}, 'test',
              ${at(c.submitted).toISOString()}::timestamptz, ${c.received ? at(c.received).toISOString() : null}::timestamptz,
              ${c.due ? at(c.due).toISOString() : null}::timestamptz, ${c.returned ? at(c.returned).toISOString() : null}::timestamptz,
              ${c.status === 5 ? at("2026-11-07T10:00").toISOString() : null}::timestamptz)
      returning id`);
    for (const e of c.events ?? []) {
      // Through the one module that writes history, inside a transaction, like every event.
      await withTransaction(services.database, (tx) =>
        appendDossierEvent(tx, {
          dossierId: id,
          actorUserId: null,
          actorRole: "leader",
          action: e.action,
          fromState: "test",
          toState: "test",
          fromStatus: c.status,
          toStatus: c.status,
          note: e.note ?? null,
          effects: (e.effects ?? []) as DossierEffect[],
          occurredAt: at("2026-11-15T10:00"),
        }),
      );
    }
    if (c.paid) {
      await db.execute(sql`
        insert into payments (order_id, dossier_id, purpose, amount, fee_lines, state, gateway_transaction_id, paid_at, settled_at, created_at)
        values (${`T12-${c.n}`}, ${id}, 'submission', 50000, '[]'::jsonb, 'paid', ${`GW-T12-${c.n}`}, ${at("2026-11-04T07:55").toISOString()}::timestamptz,
                ${at("2026-11-04T07:55").toISOString()}::timestamptz, ${at("2026-11-04T07:52").toISOString()}::timestamptz)`);
    }
    for (const kind of c.files ?? []) {
      await db.execute(sql`insert into attachments (dossier_id, kind, file_name, media_type, size, sha256) values (${id}, ${kind}, 'tep.pdf', 'application/pdf', 10, ${`${c.n}${kind}`})`);
    }
    if (c.rating) {
      await db.execute(sql`insert into dossier_ratings (dossier_id, agency_id, procedure_id, user_id, score) values (${id}, ${c.agency()}, ${c.procedure()}, ${userId}, ${c.rating})`);
    }
    if (c.synced) {
      await db.execute(sql`
        insert into outbox_messages (channel, group_key, dossier_id, message_key, payload, state, next_attempt_at, created_at, sent_at)
        values ('national', ${codeOf(c.n)}, ${id}, ${`sync-${c.n}`}, '{}'::jsonb, 'sent', now(), now(), now())`);
    }
  }
  await refreshReportRollup(services.database, { timeZone: TZ, asOf: AS_OF, trigger: "test" });
}

const filtersFor = (query: string): ReportFilters => parseReportFilters(new URLSearchParams(query), AS_OF);
const NOV = "ky=month&gia-tri=2026-11";

beforeAll(async () => {
  services = await startTestServices();
  db = services.database.db;
  await seed();
}, 120_000);
afterAll(async () => services?.dispose());

/** The test's own agencies only: the demo seed has dossiers of its own in some databases. */
const ours = () => [district, commune];

describe(`monitoring figures computed by hand (${databaseKind})`, () => {
  it("November, every figure, from the rollup", async () => {
    const totals = await reportTotals(db, ours(), filtersFor(NOV));
    expect(totals).toEqual(NOVEMBER);
  });

  it("every November figure lists exactly the dossiers it counts", async () => {
    for (const measure of MEASURES) {
      const list = await drilldown(db, ours(), filtersFor(NOV), measure, { timeZone: TZ, asOf: AS_OF, page: 1 });
      const codes = list.rows.map((r) => r.code).sort();
      expect({ measure, codes, total: list.total }).toEqual({ measure, codes: NOVEMBER_DOSSIERS[measure].map(codeOf).sort(), total: NOVEMBER[measure] });
    }
  });

  it("the Decision 766 indicators: numerator, denominator and percent", async () => {
    const figures = await dashboardFigures(db, ours(), filtersFor(NOV), TZ);
    const values = Object.fromEntries(figures.indicators.map((i) => [i.definition.key, [i.numerator, i.denominator, i.percent]]));
    expect(values).toEqual({
      synced: [2, 13, 15.4],
      onTime: [3, 5, 60],
      openNotOverdue: [3, 4, 75],
      online: [4, 11, 36.4],
      onlineFull: [2, 11, 18.2],
      paidOnline: [1, 2, 50],
      digitised: [3, 11, 27.3],
      resultDigitised: [2, 5, 40],
      satisfied: [2, 3, 66.7],
    });
    expect(figures.averageRating).toBe(4);
  });

  it("the month boundary is the portal's: 00:30 on 1 November is November, 23:59 on 31 October is October", async () => {
    const october = await reportTotals(db, ours(), filtersFor("ky=month&gia-tri=2026-10"));
    expect([october.entered, october.received, october.resolved, october.early]).toEqual([1, 1, 1, 1]);
    const quarter = await reportTotals(db, ours(), filtersFor("ky=quarter&gia-tri=2026-Q4"));
    expect([quarter.entered, quarter.resolved, quarter.early, quarter.onTime, quarter.late]).toEqual([14, 6, 2, 2, 2]);
    const custom = await reportTotals(db, ours(), filtersFor("ky=custom&tu=2026-09&den=2026-10"));
    expect(custom.entered).toBe(1);
  });

  it("filters: channel, level, field, procedure, agency", async () => {
    const pick = (t: MeasureTotals) => [t.entered, t.received, t.resolved, t.late];
    expect(pick(await reportTotals(db, ours(), filtersFor(`${NOV}&kenh=2`)))).toEqual([6, 4, 2, 1]);
    expect(pick(await reportTotals(db, ours(), filtersFor(`${NOV}&cap=commune`)))).toEqual([5, 4, 1, 1]);
    expect(pick(await reportTotals(db, ours(), filtersFor(`${NOV}&linh-vuc=${encodeURIComponent("Kiểm thử hộ tịch")}`)))).toEqual([4, 2, 1, 1]);
    expect(pick(await reportTotals(db, ours(), filtersFor(`${NOV}&thu-tuc=${partial}`)))).toEqual([9, 9, 4, 1]);
    const byAgency = Object.fromEntries((await totalsByAgency(db, ours(), filtersFor(NOV))).map((r) => [r.name, pick(r.totals)]));
    expect(byAgency).toEqual({ "UBND huyện Kiểm Thử": [8, 7, 4, 1], "UBND xã Kiểm Thử": [5, 4, 1, 1] });
  });

  it("the monthly trend and the most late procedures and agencies, with the apology's reason", async () => {
    const figures = await dashboardFigures(db, ours(), filtersFor(NOV), TZ);
    expect(figures.trend).toHaveLength(12);
    expect(figures.trend.map((p) => p.totals.entered)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 13]);
    expect(figures.trend.at(-1)!.month).toBe("2026-11-01");
    expect(figures.topLateProcedures.map((r) => [r.code, r.lateTotal, r.reasons])).toEqual([
      ["T12.001", 2, [{ reason: "Chờ xác minh của cơ quan thuế", count: 1 }]],
      ["T12.002", 1, []],
    ]);
    expect(figures.topLateAgencies.map((r) => [r.name, r.lateTotal])).toEqual([
      ["UBND huyện Kiểm Thử", 2],
      ["UBND xã Kiểm Thử", 1],
    ]);
  });

  it("scope: a leader sees her agency only, a monitor her agency's tree; an agency outside is refused", async () => {
    const leaderScope = await reportScopeFor(db, { role: "leader", agencyId: commune });
    expect(leaderScope.agencyIds).toEqual([commune]);
    expect((await reportTotals(db, leaderScope.agencyIds, filtersFor(NOV))).entered).toBe(5);
    await expect(agenciesFor(db, leaderScope, { agencyId: district })).rejects.toMatchObject({ status: 403 });
    const districtMonitor = await reportScopeFor(db, { role: "monitor", agencyId: district });
    expect([...districtMonitor.agencyIds!].sort()).toEqual([district, commune].sort());
    expect((await reportTotals(db, districtMonitor.agencyIds, filtersFor(NOV))).entered).toBe(13);
    const provinceMonitor = await reportScopeFor(db, { role: "monitor", agencyId: root });
    expect(provinceMonitor.agencyIds).toBeNull();
    await expect(reportScopeFor(db, { role: "citizen", agencyId: root })).rejects.toMatchObject({ status: 403 });
    await expect(reportScopeFor(db, { role: "specialist", agencyId: district })).rejects.toMatchObject({ status: 403 });
  });

  it("a dossier changed after the rebuild shows in the figures only after the next rebuild", async () => {
    await db.execute(sql`update dossiers set status = 10, returned_at = ${at("2026-11-24T09:00").toISOString()}::timestamptz where code = ${codeOf(7)}`);
    expect((await reportTotals(db, ours(), filtersFor(NOV))).resolved).toBe(5);
    await refreshReportRollup(services.database, { timeZone: TZ, asOf: AS_OF, trigger: "test" });
    const after = await reportTotals(db, ours(), filtersFor(NOV));
    expect([after.resolved, after.early, after.inProgress, after.openWithinTime]).toEqual([6, 2, 3, 2]);
    await db.execute(sql`update dossiers set status = 4, returned_at = null where code = ${codeOf(7)}`);
    await refreshReportRollup(services.database, { timeZone: TZ, asOf: AS_OF, trigger: "test" });
  });

  it("bad filters are refused with a Vietnamese message", () => {
    for (const query of ["ky=tuan", "ky=month&gia-tri=2026-13", "ky=quarter&gia-tri=2026-Q5", "ky=custom&tu=2026-05&den=2026-01", `${NOV}&kenh=9`, `${NOV}&cap=xa`, `${NOV}&co-quan=abc`]) {
      expect(() => filtersFor(query), query).toThrow(/không hợp lệ|phải trước|cần tháng/);
    }
  });
});

describe(`figures of a dossier moved through the one path (${databaseKind})`, () => {
  it("an apology recorded by performDossierAction is counted, with its reason, in the cohort of its reception", async () => {
    const [citizen, desk] = await Promise.all([actorOf(services, "congdan"), actorOf(services, "motcua.huyen")]);
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" } });
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "TRANSFER" } });
    const reason = "Chờ ý kiến của cơ quan thuế về mặt bằng kinh doanh";
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "APOLOGISE", newDueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), reason } });
    const now = new Date();
    await refreshReportRollup(services.database, { timeZone: TZ, asOf: now, trigger: "test" });
    const [{ agencyId }] = (await db.execute<{ agencyId: number }>(sql`select receiving_agency_id as "agencyId" from dossiers where id = ${dossierId}`)).rows;
    const filters = parseReportFilters(new URLSearchParams("ky=month"), now);
    const totals = await reportTotals(db, [agencyId], filters);
    expect([totals.received, totals.inProgress, totals.apologised, totals.onlinePartial + totals.onlineFull]).toEqual([1, 1, 1, 1]);
    const list = await drilldown(db, [agencyId], filters, "apologised", { timeZone: TZ, asOf: now, page: 1 });
    expect(list.rows.map((r) => r.code)).toEqual([code]);
    // Still open and within its moved due time: not yet late, but the monitor sees why it was moved.
    const figures = await dashboardFigures(db, [agencyId], filters, TZ);
    expect(figures.topLateProcedures).toEqual([]);
    const { apologyReasons } = await import("./dashboard.server");
    const reasons = await apologyReasons(db, [agencyId], filters, TZ, "agency", [agencyId]);
    expect(reasons.get(agencyId)).toEqual([{ reason, count: 1 }]);
  });
});
