/**
 * Benchmark data: a catalog of 1,500+ procedures and millions of dossiers, made inside the database by
 * set-based SQL (`insert … select … generate_series`), so that two million dossiers take minutes,
 * not hours. Every row keeps the constraints: unique dossier codes in the `{agency}-{yyMMdd}-{NNNN}`
 * shape, statuses 1–10 with snapshots the workflow engine can load (made by the real machine),
 * channels and deliveries in range, each dossier on a procedure its agency receives.
 * Used by bench/generate.ts (CLI) and by app/services/catalog-generator.test.ts at small scale.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { defaultSteps } from "../db/catalog-defaults";
import { initialDossierState, transitionDossier, type DossierEvent, type PersistedDossierState, type WorkflowDefinition } from "../workflows/dossier-machine";

export type GenerateOptions = {
  /** Procedures the catalog should hold in all (the seeded ones count). */
  procedures: number;
  /** Dossiers to add. */
  dossiers: number;
  /** Rows per INSERT statement (each its own transaction). */
  batchSize?: number;
  /** How many past days the dossiers spread over, ending the day before `today`. */
  days?: number;
  /** The last generated day is the day before this one (a test owns its clock). */
  today?: Date;
  log?: (line: string) => void;
};

type StateTemplate = { status: number; value: PersistedDossierState["value"]; context: PersistedDossierState["context"]; statePath: string; stepKey: string | null };

/**
 * One snapshot per status, made by running the real machine over a commune's two-step list. The
 * states used (reception, processing.examination, supplement, signing/return, final states) exist in
 * the three-step lists too, so each template loads on every default step list.
 */
export function stateTemplates(): StateTemplate[] {
  const definition: WorkflowDefinition = { id: "procedure:template", version: 1, steps: defaultSteps("commune", { amount: 3, unit: "workingDay" }) };
  const at = (view: ReturnType<typeof initialDossierState>): StateTemplate => ({ status: view.status, value: view.state.value, context: view.state.context, statePath: view.statePath, stepKey: view.stepKey });
  const step = (from: ReturnType<typeof initialDossierState>, event: DossierEvent) => {
    const result = transitionDossier(definition, from.state, event);
    if (!result.ok) throw new Error(`template ${event.type}: ${result.reason}`);
    return result.next;
  };
  const submitted = initialDossierState(definition);
  const received = step(submitted, { type: "RECEIVE", role: "desk" });
  const processing = step(received, { type: "TRANSFER", role: "desk" });
  const supplement = step(processing, { type: "REQUEST_SUPPLEMENT", role: "specialist", note: "Bổ sung giấy tờ (dữ liệu sinh tự động)" });
  const refused = step(submitted, { type: "REFUSE", role: "desk", reason: "Không thuộc thẩm quyền (dữ liệu sinh tự động)" });
  const withdrawn = step(received, { type: "WITHDRAW", role: "citizen", reason: "Công dân rút hồ sơ" });
  const stopped = step(processing, { type: "STOP", role: "leader", reason: "Dừng xử lý (dữ liệu sinh tự động)" });
  let ready = step(processing, { type: "COMPLETE_STEP", role: "specialist", draftResult: { title: "Kết quả", fields: [] } } as DossierEvent);
  ready = step(ready, { type: "APPROVE", role: "leader", sealBy: "system" });
  // The system's seal follows the leader's signature (a job does it in the portal).
  ready = step(ready, { type: "SEAL", role: "system" });
  const returned = step(ready, { type: "RETURN_RESULT", role: "desk" });
  const templates = [submitted, received, processing, supplement, refused, withdrawn, stopped, ready, returned].map(at);
  const statuses = templates.map((t) => t.status).sort((a, b) => a - b);
  if (statuses.join(",") !== "1,2,3,4,5,7,8,9,10") throw new Error(`unexpected template statuses ${statuses.join(",")}`);
  return templates;
}

/** Realistic shares (per thousand): most dossiers are long returned, a tenth in progress. */
const STATUS_SHARES: Array<[number, number]> = [
  [10, 720], [9, 40], [4, 110], [2, 30], [1, 30], [5, 30], [3, 20], [7, 15], [8, 5],
];

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"];
const MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"];
const GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hùng", "Lan", "Minh", "Nga", "Phúc", "Quỳnh", "Sơn", "Tâm", "Yến"];

const literal = (value: unknown) => JSON.stringify(value).replace(/'/g, "''");
const textArray = (values: string[]) => `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]::text[]`;

/** Adds synthetic procedures (codes 9.xxxxxx, flagged as sample) until the catalog holds `target`. */
export async function generateProcedures(db: Database, target: number): Promise<number> {
  const [{ n }] = (await db.execute<{ n: number }>(sql`select count(*)::int as n from procedures`)).rows;
  const missing = target - n;
  if (missing <= 0) return 0;
  const communeSteps = literal(defaultSteps("commune", { amount: 3, unit: "workingDay" }));
  const otherSteps = literal(defaultSteps("province", { amount: 5, unit: "workingDay" }));
  await db.transaction(async (tx) => {
    // Each new procedure copies a seeded one (field, level, agency, documents, e-form) under a new code and a varied name.
    await tx.execute(sql.raw(`
      with templates as (select p.*, row_number() over (order by p.id) - 1 as rn, count(*) over () as total from procedures p where p.code not like '9.%'),
           start as (select coalesce(max(substring(code from 3)::int), 0) as last from procedures where code ~ '^9\\.[0-9]{6}$')
      insert into procedures (code, code_is_sample, name, field, level, agency_id, service_mode, allowance, online_allowance, time_note, fee_amount, fee_note,
                              result_name, result_template, legal_basis, documents, form_fields, conditions, application_steps, channels, doubtful, level_note, popularity)
      select '9.' || lpad((start.last + g)::text, 6, '0'), true,
             t.name || ' (biến thể ' || (start.last + g) || ', dữ liệu sinh tự động)', t.field, t.level, t.agency_id, t.service_mode, t.allowance,
             t.online_allowance, t.time_note, t.fee_amount, t.fee_note, t.result_name, 'generic', t.legal_basis, t.documents, t.form_fields, t.conditions,
             t.application_steps, t.channels, t.doubtful, t.level_note, 0
      from generate_series(1, ${missing}) g cross join start
      join templates t on t.rn = g % t.total`));
    await tx.execute(sql.raw(`
      insert into workflow_versions (procedure_id, machine_id, version, steps)
      select p.id, 'procedure:' || p.code, 1, case when p.level = 'commune' then '${communeSteps}'::jsonb else '${otherSteps}'::jsonb end
      from procedures p where not exists (select 1 from workflow_versions w where w.procedure_id = p.id)`));
    // A generated commune-level procedure is received by every commune, like the real ones.
    await tx.execute(sql.raw(`
      insert into procedure_agencies (procedure_id, agency_id)
      select p.id, a.id from procedures p join agencies a on a.level = 'commune' and a.kind = 'government'
      where p.code like '9.%' and p.level = 'commune' and not exists (select 1 from procedure_agencies pa where pa.procedure_id = p.id)
      union all
      select p.id, p.agency_id from procedures p
      where p.code like '9.%' and p.level <> 'commune' and not exists (select 1 from procedure_agencies pa where pa.procedure_id = p.id)`));
  });
  return missing;
}

/**
 * Adds `count` dossiers. Row g goes to receiving agency g mod A, day (g div A) mod D, counter
 * (g div A div D) + 1 + that agency-day's highest counter so far: codes never collide, with each
 * other or with dossiers already there, and the days are all before `today`, so the portal's own
 * counters (which start at today) never meet them.
 */
export async function generateDossiers(db: Database, count: number, options: { batchSize?: number; days?: number; today?: Date; log?: (line: string) => void } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 200_000;
  const days = options.days ?? 730;
  const today = (options.today ?? new Date()).toISOString().slice(0, 10);
  const templates = stateTemplates();
  await db.execute(sql.raw(`drop table if exists gen_agencies; drop table if exists gen_states`));
  await db.execute(sql.raw(`
    create temporary table gen_agencies as
    select row_number() over (order by a.id) - 1 as idx, a.id as agency_id, a.identifier,
           array_agg(p.id order by p.id) as procedure_ids, array_agg(w.id order by p.id) as version_ids
    from agencies a
    join procedure_agencies pa on pa.agency_id = a.id
    join procedures p on p.id = pa.procedure_id
    join workflow_versions w on w.procedure_id = p.id and w.version = 1
    where a.identifier is not null and a.active
    group by a.id, a.identifier`));
  await db.execute(sql.raw(`
    create temporary table gen_states (status int, low int, high int, value jsonb, context jsonb, state_path text, step_key text)`));
  let low = 0;
  for (const [status, share] of STATUS_SHARES) {
    const t = templates.find((x) => x.status === status)!;
    await db.execute(sql.raw(`insert into gen_states values (${status}, ${low}, ${low + share}, '${literal(t.value)}', '${literal(t.context)}', '${t.statePath}', ${t.stepKey ? `'${t.stepKey}'` : "null"})`));
    low += share;
  }
  const [{ agencyCount }] = (await db.execute<{ agencyCount: number }>(sql.raw(`select count(*)::int as "agencyCount" from gen_agencies`))).rows;
  if (agencyCount === 0) throw new Error("No receiving agency with an identifier: seed the database first.");
  // Continue after any earlier run: the highest counter per code prefix is never reused.
  const [{ offset }] = (await db.execute<{ offset: number }>(sql.raw(`select coalesce(max(substring(code from '-([0-9]{4})$')::int), 0) as "offset" from dossiers where code ~ '-[0-9]{6}-[0-9]{4}$' and substring(code from '-([0-9]{6})-') < to_char(date '${today}', 'YYMMDD')`))).rows;
  let done = 0;
  while (done < count) {
    const n = Math.min(batchSize, count - done);
    await db.execute(sql.raw(`
      insert into dossiers (code, procedure_id, workflow_version_id, receiving_agency_id, applicant_name, applicant_id_number, applicant_phone,
                            applicant_address, channel, result_delivery, form_data, snapshot, status, state_path, step_key, submitted_at, received_at,
                            due_at, returned_at, version, created_at, updated_at)
      select ga.identifier || '-' || to_char(b.day, 'YYMMDD') || '-' || lpad(b.counter::text, 4, '0'),
             p.id, ga.version_ids[k.pick], ga.agency_id,
             (${textArray(FAMILY)})[1 + b.g % ${FAMILY.length}] || ' ' || (${textArray(MIDDLE)})[1 + b.g / 7 % ${MIDDLE.length}] || ' ' || (${textArray(GIVEN)})[1 + b.g / 13 % ${GIVEN.length}],
             '0' || lpad((34000000000 + b.g)::text, 11, '0'), '09' || lpad((b.g % 100000000)::text, 8, '0'),
             'Địa chỉ mẫu số ' || b.g,
             b.channel, b.delivery, '{}'::jsonb,
             jsonb_build_object('machineId', 'procedure:' || p.code, 'machineVersion', 1, 'value', s.value, 'context', s.context),
             s.status, s.state_path, s.step_key,
             b.submitted,
             case when s.status in (1, 3) then null else b.submitted + interval '2 hours' end,
             case when s.status in (1, 3) then null else b.submitted + (d.days * 1.4 + 1) * interval '1 day' end,
             -- About one dossier in ten comes back after its due time.
             case when s.status = 10 then b.submitted + (d.days * 1.4 + 1) * (0.3 + b.r2 * 0.8) * interval '1 day' end,
             1, b.submitted, b.submitted
      from (
        select g, r2, day, counter, agency_idx, state_roll, pick_roll,
               (day + time '07:00' + (r2 * 9.5) * interval '1 hour')::timestamptz as submitted,
               case when r1 < 0.55 then 2 when r1 < 0.95 then 1 else 3 end as channel,
               case when r2 < 0.7 then 0 when r2 < 0.8 then 1 else 2 end as delivery
        from (
          select g, random() as r1, random() as r2, (random() * 999)::int as state_roll, (random() * 1000000)::int as pick_roll,
                 g % ${agencyCount} as agency_idx,
                 date '${today}' - 1 - ((g / ${agencyCount}) % ${days})::int as day,
                 ${offset} + g / ${agencyCount} / ${days} + 1 as counter
          from generate_series(${done}::bigint, ${done + n - 1}::bigint) g
        ) r
      ) b
      join gen_agencies ga on ga.idx = b.agency_idx
      cross join lateral (select 1 + b.pick_roll % cardinality(ga.procedure_ids) as pick) k
      join procedures p on p.id = ga.procedure_ids[k.pick]
      cross join lateral (select case when p.allowance->>'unit' = 'workingHour' then (p.allowance->>'amount')::numeric / 8 else (p.allowance->>'amount')::numeric end as days) d
      join gen_states s on b.state_roll >= s.low and b.state_roll < s.high
    `));
    done += n;
    options.log?.(`${done.toLocaleString("en")} / ${count.toLocaleString("en")} dossiers`);
  }
  await db.execute(sql.raw(`drop table if exists gen_agencies; drop table if exists gen_states`));
  await db.execute(sql.raw(`analyze dossiers`));
  return done;
}

export async function generate(db: Database, options: GenerateOptions): Promise<{ procedures: number; dossiers: number }> {
  const procedures = await generateProcedures(db, options.procedures);
  options.log?.(`${procedures} procedures added`);
  const dossiers = options.dossiers > 0 ? await generateDossiers(db, options.dossiers, options) : 0;
  return { procedures, dossiers };
}
