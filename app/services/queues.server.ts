/**
 * The officers' queues (hàng đợi, issue 10): what waits for each role at its agency and unit, with a
 * count per queue, the time left, server-side sorting, filters, search and pages. Everything comes
 * from GET parameters so the page works without JavaScript; `queuePageModel` is the page's model
 * and is tested, the route only renders it.
 *
 * A dossier belongs to a queue by its columns (derived from the snapshot on every write): the agency
 * holding it, its state path and step, who it is assigned to (assigned_user_id, assigned_unit_id),
 * its due times. Nothing here changes a dossier.
 */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, or, sql, type SQL } from "drizzle-orm";
import { agencies, dossiers, procedures, users, workflowVersions } from "../../db/schema";
import { addWorkingTime } from "../../workflows/calendar";
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from "../../workflows/dossier-status";
import { ROLE_NAMES } from "../labels";
import { localInstant } from "../time";
import type { SessionUser } from "./auth.server";
import type { AppServices } from "./context.server";
import { DUE_SOON_WORKING_MINUTES } from "./deadlines.server";
import { hasPermission } from "./permissions.server";
import { calendarForAgency } from "./agency-calendar.server";

export const QUEUE_KEYS = [
  "moi",
  "tiep-nhan",
  "xu-ly",
  "xem-xet",
  "chua-phan-cong",
  "trong-phong",
  "ky-duyet",
  "dong-dau",
  "tra-ket-qua",
  "bo-sung",
  "sap-den-han",
  "qua-han",
  "da-xong",
] as const;
export type QueueKey = (typeof QUEUE_KEYS)[number];

export const QUEUE_LABELS: Record<QueueKey, string> = {
  moi: "Hồ sơ mới trực tuyến",
  "tiep-nhan": "Chờ tiếp nhận",
  "xu-ly": "Chờ xử lý",
  "xem-xet": "Chờ xem xét",
  "chua-phan-cong": "Chưa phân công",
  "trong-phong": "Đang xử lý trong phòng",
  "ky-duyet": "Chờ ký duyệt",
  "dong-dau": "Chờ đóng dấu",
  "tra-ket-qua": "Chờ trả kết quả",
  "bo-sung": "Chờ bổ sung",
  "sap-den-han": "Sắp đến hạn",
  "qua-han": "Quá hạn",
  "da-xong": "Đã xử lý",
};

type OfficerRole = "desk" | "specialist" | "unitHead" | "leader" | "clerk";
const WORK_QUEUES: Record<OfficerRole, QueueKey[]> = {
  desk: ["moi", "tiep-nhan", "tra-ket-qua"],
  specialist: ["xu-ly"],
  unitHead: ["xem-xet", "chua-phan-cong", "trong-phong"],
  leader: ["ky-duyet"],
  clerk: ["dong-dau"],
};
/** The queues each role sees, in tab order: its own work first, then what cuts across it. */
export const QUEUES_BY_ROLE: Record<OfficerRole, QueueKey[]> = {
  desk: [...WORK_QUEUES.desk, "bo-sung", "sap-den-han", "qua-han", "da-xong"],
  specialist: [...WORK_QUEUES.specialist, "bo-sung", "sap-den-han", "qua-han", "da-xong"],
  unitHead: [...WORK_QUEUES.unitHead, "sap-den-han", "qua-han", "da-xong"],
  leader: [...WORK_QUEUES.leader, "sap-den-han", "qua-han", "da-xong"],
  clerk: [...WORK_QUEUES.clerk, "da-xong"],
};

export const PAGE_SIZE = 20;
export const SORTS = { han: "Hạn xử lý gần nhất", "nop-moi": "Nộp mới nhất", "nop-cu": "Nộp sớm nhất", ma: "Mã hồ sơ" } as const;
export type QueueSort = keyof typeof SORTS;
const CHANNEL_NAMES = { 1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính" } as const;

export type QueueQuery = {
  queue: QueueKey;
  q: string;
  procedureId: number | null;
  channel: 1 | 2 | 3 | null;
  status: DossierStatusCode | null;
  from: string | null;
  to: string | null;
  sort: QueueSort;
  page: number;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the GET parameters; anything unreadable falls back to its default rather than failing. */
export function parseQueueQuery(params: URLSearchParams, role: OfficerRole): QueueQuery {
  const queues = QUEUES_BY_ROLE[role];
  const asked = params.get("hang");
  const queue = queues.includes(asked as QueueKey) ? (asked as QueueKey) : queues[0];
  const int = (name: string) => {
    const value = params.get(name) ?? "";
    return /^\d{1,9}$/.test(value) ? Number(value) : null;
  };
  const channel = int("kenh");
  const status = int("trang-thai");
  const sort = params.get("sap-xep");
  const date = (name: string) => {
    const value = params.get(name) ?? "";
    return DATE.test(value) && localInstant(value) ? value : null;
  };
  return {
    queue,
    q: (params.get("q") ?? "").trim().slice(0, 100),
    procedureId: int("thu-tuc"),
    channel: channel === 1 || channel === 2 || channel === 3 ? channel : null,
    status: status !== null && status >= 1 && status <= 10 ? (status as DossierStatusCode) : null,
    from: date("tu-ngay"),
    to: date("den-ngay"),
    sort: sort && sort in SORTS ? (sort as QueueSort) : queue === "da-xong" ? "nop-moi" : "han",
    page: Math.max(1, Math.min(int("trang") ?? 1, 10_000)),
  };
}

type Viewer = { userId: number; role: OfficerRole; agencyId: number; unitId: number | null };

const holdingAgency = sql`coalesce(${dossiers.snapshot}->'context'->'agencyStack'->>-1, ${dossiers.receivingAgencyId}::text)`;
/** The nearer of the step's and the dossier's due times: what the officer must beat. */
const nearestDue = sql`least(${dossiers.stepDueAt}, ${dossiers.dueAt})`;
const stepRoleIs = (role: string) =>
  sql`(${dossiers.statePath} like 'processing.%' and exists (select 1 from jsonb_array_elements(${workflowVersions.steps}) as step
        where step->>'key' = ${dossiers.stepKey} and step->>'role' = ${role}))`;

function queuePredicates(viewer: Viewer, now: Date, soonLimit: Date): Record<QueueKey, SQL> {
  const atMyAgency = sql`${holdingAgency} = ${String(viewer.agencyId)}`;
  const mineOrFree = sql`(${dossiers.assignedUserId} is null or ${dossiers.assignedUserId} = ${viewer.userId})`;
  // An officer without a unit sees her agency's dossiers of any unit.
  const inMyUnit = viewer.unitId === null ? sql`true` : sql`(${dossiers.assignedUnitId} is null or ${dossiers.assignedUnitId} = ${viewer.unitId})`;
  const work: Record<Exclude<QueueKey, "bo-sung" | "sap-den-han" | "qua-han" | "da-xong">, SQL> = {
    moi: sql`(${dossiers.statePath} = 'submitted' and ${dossiers.channel} in (2, 3) and ${dossiers.assignedUserId} is null)`,
    "tiep-nhan": sql`((${dossiers.statePath} = 'submitted' and ${dossiers.assignedUserId} = ${viewer.userId}) or ${dossiers.statePath} = 'received')`,
    "xu-ly": sql`(${stepRoleIs("specialist")} and ${mineOrFree} and ${inMyUnit})`,
    "xem-xet": sql`(${stepRoleIs("unitHead")} and ${mineOrFree} and ${inMyUnit})`,
    "chua-phan-cong": sql`(${stepRoleIs("specialist")} and ${dossiers.assignedUserId} is null and ${inMyUnit})`,
    "trong-phong": sql`(${stepRoleIs("specialist")} and ${dossiers.assignedUserId} is not null and ${inMyUnit})`,
    "ky-duyet": sql`(${stepRoleIs("leader")} and ${mineOrFree})`,
    "dong-dau": sql`(${dossiers.statePath} = 'approved' and ${dossiers.snapshot}->'context'->>'sealBy' = 'clerk')`,
    "tra-ket-qua": sql`${dossiers.statePath} = 'resultReady'`,
  };
  const myWork = sql.join(
    WORK_QUEUES[viewer.role].map((key) => work[key as keyof typeof work]),
    sql` or `,
  );
  const running = sql`${dossiers.pausedAt} is null and ${nearestDue} is not null`;
  const agencyHandled = sql`(${dossiers.receivingAgencyId} = ${viewer.agencyId} or coalesce(${dossiers.snapshot}->'context'->'visitedAgencies', '[]'::jsonb) ? ${String(viewer.agencyId)})`;
  const closed = sql`${dossiers.status} in (3, 7, 8, 10)`;
  const actedOn = sql`exists (select 1 from dossier_events e where e.dossier_id = ${dossiers.id} and e.actor_user_id = ${viewer.userId})`;
  const mine = (p: SQL) => sql`(${atMyAgency} and ${p})`;
  return {
    ...(Object.fromEntries(Object.entries(work).map(([k, p]) => [k, mine(p)])) as Record<keyof typeof work, SQL>),
    "bo-sung": mine(sql`${dossiers.statePath} = 'supplementRequested'`),
    "sap-den-han": mine(sql`(${myWork}) and ${running} and ${nearestDue} >= ${now} and ${nearestDue} <= ${soonLimit}`),
    "qua-han": mine(sql`(${myWork}) and ${running} and ${nearestDue} < ${now}`),
    "da-xong": sql`((${closed} and ${agencyHandled}) or ${actedOn})`,
  };
}

function filterConditions(query: QueueQuery): SQL[] {
  const conditions: SQL[] = [];
  if (query.procedureId !== null) conditions.push(eq(dossiers.procedureId, query.procedureId));
  if (query.channel !== null) conditions.push(eq(dossiers.channel, query.channel));
  if (query.status !== null) conditions.push(eq(dossiers.status, query.status));
  if (query.from) conditions.push(sql`${dossiers.submittedAt} >= ${localInstant(query.from)!}`);
  if (query.to) {
    // The whole day named: up to the next day's midnight in the portal's zone.
    const end = localInstant(query.to)!;
    conditions.push(sql`${dossiers.submittedAt} < ${new Date(end.getTime() + 24 * 3600_000)}`);
  }
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const digits = query.q.replace(/\s+/g, "");
    conditions.push(sql`(${dossiers.code} ilike ${pattern}
      or immutable_unaccent(${dossiers.applicantName}) like immutable_unaccent(${pattern})
      or ${dossiers.applicantIdNumber} = ${digits}
      or ${dossiers.applicantPhone} = ${digits})`);
  }
  return conditions;
}

function orderOf(sort: QueueSort): SQL[] {
  switch (sort) {
    case "han":
      return [sql`${nearestDue} asc nulls last`, asc(dossiers.submittedAt)];
    case "nop-moi":
      return [desc(dossiers.submittedAt)];
    case "nop-cu":
      return [asc(dossiers.submittedAt)];
    case "ma":
      return [asc(dossiers.code)];
  }
}

/** "Còn 1 ngày 3 giờ", "Quá hạn 45 phút": wall-clock time to or past a due time, in Vietnamese. */
export function describeRemaining(due: Date | null, now: Date, paused: boolean): { text: string; tone: "none" | "ok" | "soon" | "late" } {
  if (!due) return { text: "Chưa tính hạn", tone: "none" };
  if (paused) return { text: "Tạm dừng tính thời gian", tone: "none" };
  const diff = due.getTime() - now.getTime();
  const minutes = Math.floor(Math.abs(diff) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const span = days > 0 ? `${days} ngày${hours ? ` ${hours} giờ` : ""}` : hours > 0 ? `${hours} giờ${mins ? ` ${mins} phút` : ""}` : `${Math.max(mins, diff < 0 ? 1 : 0)} phút`;
  if (diff < 0) return { text: `Quá hạn ${span}`, tone: "late" };
  return { text: `Còn ${span}`, tone: diff <= 4 * 3600_000 ? "soon" : "ok" };
}

/** Why a dossier came back to this queue, from the latest event that moved it. */
function returnedBecause(latest: { action: string; note: string | null } | null): string | null {
  switch (latest?.action) {
    case "SUPPLEMENT_PROVIDED":
      return "Công dân đã bổ sung hồ sơ";
    case "FORWARD_RETURNED":
      return "Được hoàn trả từ cơ quan liên thông";
    case "SEND_BACK":
      return latest.note ? `Bị trả lại: ${latest.note}` : "Bị trả lại từ bước sau";
    default:
      return null;
  }
}

function isOfficerRole(role: string): role is OfficerRole {
  return role in QUEUES_BY_ROLE;
}

export type QueuePageModel = Awaited<ReturnType<typeof queuePageModel>>;

/** The queue page for one officer: tabs with counts, the rows of one page, filters and page links. */
export async function queuePageModel(services: AppServices, user: SessionUser, params: URLSearchParams, now = new Date()) {
  const { db } = services.database;
  if (!isOfficerRole(user.role)) throw new Response("Vai trò của bạn không có hàng đợi hồ sơ.", { status: 403 });
  const [me] = await db.select({ unitId: users.unitId }).from(users).where(eq(users.id, user.id));
  const viewer: Viewer = { userId: user.id, role: user.role, agencyId: user.agencyId, unitId: me?.unitId ?? null };
  const query = parseQueueQuery(params, viewer.role);
  // "Due soon" is counted in the officer's agency's own office hours.
  const calendar = await calendarForAgency(services, viewer.agencyId);
  const soonLimit = addWorkingTime(now, { amount: DUE_SOON_WORKING_MINUTES / 60, unit: "workingHour" }, calendar);
  const predicates = queuePredicates(viewer, now, soonLimit);
  const tabKeys = QUEUES_BY_ROLE[viewer.role];

  const countColumns = Object.fromEntries(tabKeys.map((key) => [key, sql<number>`count(*) filter (where ${predicates[key]})`.mapWith(Number)]));
  const [counts] = await db
    .select(countColumns)
    .from(dossiers)
    .innerJoin(workflowVersions, eq(workflowVersions.id, dossiers.workflowVersionId))
    // The union of the tabs, so that the counts read the viewer's dossiers, not the whole province's.
    .where(or(...tabKeys.map((key) => predicates[key])));

  const where = and(predicates[query.queue], ...filterConditions(query));
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)`.mapWith(Number) })
    .from(dossiers)
    .innerJoin(workflowVersions, eq(workflowVersions.id, dossiers.workflowVersionId))
    .where(where);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const unit = sql.raw("assigned_unit");
  const rows = await db
    .select({
      code: dossiers.code,
      version: dossiers.version,
      assignedUserId: dossiers.assignedUserId,
      procedureName: procedures.name,
      applicantName: dossiers.applicantName,
      status: dossiers.status,
      channel: dossiers.channel,
      stepKey: dossiers.stepKey,
      steps: workflowVersions.steps,
      submittedAt: dossiers.submittedAt,
      dueAt: dossiers.dueAt,
      stepDueAt: dossiers.stepDueAt,
      pausedAt: dossiers.pausedAt,
      assigneeName: users.fullName,
      unitName: sql<string | null>`(select ${unit}.name from agencies ${unit} where ${unit}.id = ${dossiers.assignedUnitId})`,
      latest: sql<{ action: string; note: string | null } | null>`(select json_build_object('action', e.action, 'note', e.note)
        from dossier_events e where e.dossier_id = ${dossiers.id} and e.from_state is distinct from e.to_state order by e.seq desc limit 1)`,
    })
    .from(dossiers)
    .innerJoin(workflowVersions, eq(workflowVersions.id, dossiers.workflowVersionId))
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .leftJoin(users, eq(users.id, dossiers.assignedUserId))
    .where(where)
    .orderBy(...orderOf(query.sort), asc(dossiers.code))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);

  const procedureChoices = await db
    .select({ id: procedures.id, name: procedures.name })
    .from(procedures)
    .innerJoin(agencies, eq(agencies.id, procedures.agencyId))
    .orderBy(asc(procedures.name));

  const hrefWith = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams();
    const current: Record<string, string | null> = {
      hang: query.queue,
      q: query.q || null,
      "thu-tuc": query.procedureId === null ? null : String(query.procedureId),
      kenh: query.channel === null ? null : String(query.channel),
      "trang-thai": query.status === null ? null : String(query.status),
      "tu-ngay": query.from,
      "den-ngay": query.to,
      "sap-xep": params.get("sap-xep") && query.sort in SORTS ? query.sort : null,
      trang: null,
      ...changes,
    };
    for (const [k, v] of Object.entries(current)) if (v) next.set(k, v);
    return `/can-bo?${next.toString()}`;
  };

  return {
    roleName: ROLE_NAMES[viewer.role],
    canSeeRegister: hasPermission(user, "read:register:agency"),
    tabs: tabKeys.map((key) => ({
      key,
      label: QUEUE_LABELS[key],
      count: (counts as Record<string, number>)[key] ?? 0,
      active: key === query.queue,
      href: `/can-bo?hang=${key}`,
    })),
    queue: { key: query.queue, label: QUEUE_LABELS[query.queue] },
    query: {
      q: query.q,
      procedureId: query.procedureId === null ? "" : String(query.procedureId),
      channel: query.channel === null ? "" : String(query.channel),
      status: query.status === null ? "" : String(query.status),
      from: query.from ?? "",
      to: query.to ?? "",
      sort: query.sort,
    },
    filtered: filterConditions(query).length > 0,
    choices: {
      procedures: procedureChoices.map((p) => ({ id: String(p.id), name: p.name })),
      channels: Object.entries(CHANNEL_NAMES).map(([id, name]) => ({ id, name })),
      statuses: Object.entries(DOSSIER_STATUS_NAMES).map(([id, name]) => ({ id, name })),
      sorts: Object.entries(SORTS).map(([id, name]) => ({ id, name })),
    },
    total,
    rows: rows.map((r) => {
      const paused = r.pausedAt !== null;
      const stepName = r.steps.find((s) => s.key === r.stepKey)?.name ?? STEP_NAMES[r.stepKey ?? ""] ?? null;
      return {
        code: r.code,
        procedureName: r.procedureName,
        applicantName: r.applicantName,
        statusName: DOSSIER_STATUS_NAMES[r.status as DossierStatusCode],
        status: r.status,
        channelName: CHANNEL_NAMES[r.channel as 1 | 2 | 3],
        stepName,
        submittedAt: r.submittedAt.toISOString(),
        stepDueAt: r.stepDueAt?.toISOString() ?? null,
        dueAt: r.dueAt?.toISOString() ?? null,
        stepRemaining: r.stepDueAt && r.status !== 10 ? describeRemaining(r.stepDueAt, now, paused) : null,
        remaining: [3, 7, 8, 10].includes(r.status) ? null : describeRemaining(r.dueAt, now, paused),
        assignee: r.assigneeName,
        unitName: r.unitName,
        cameBack: returnedBecause(r.latest),
        // "Nhận xử lý" right from the queue, through the dossier page's action (same checks, same form fields).
        claim: CLAIMABLE.has(query.queue) && r.assignedUserId === null && hasPermission(user, "claim:dossier:agency")
          ? { version: r.version, transactionId: randomUUID() }
          : null,
      };
    }),
    pagination: {
      page,
      pageCount,
      previous: page > 1 ? hrefWith({ trang: String(page - 1) }) : null,
      next: page < pageCount ? hrefWith({ trang: String(page + 1) }) : null,
      pages: pageLinks(page, pageCount).map((n) => (n === null ? null : { n, href: hrefWith({ trang: String(n) }), current: n === page })),
    },
  };
}

/** The queues whose dossiers wait at the viewer's own step: an unassigned one can be claimed there. */
const CLAIMABLE = new Set<QueueKey>(["moi", "xu-ly", "xem-xet", "ky-duyet"]);

const STEP_NAMES: Record<string, string> = { reception: "Tiếp nhận hồ sơ", signing: "Đóng dấu kết quả", return: "Trả kết quả" };

/** Page numbers to link: the first, the last and two either side of the current one; null is a gap. */
export function pageLinks(page: number, pageCount: number): Array<number | null> {
  const wanted = new Set([1, pageCount, page - 2, page - 1, page, page + 1, page + 2].filter((n) => n >= 1 && n <= pageCount));
  const sorted = [...wanted].sort((a, b) => a - b);
  const out: Array<number | null> = [];
  sorted.forEach((n, i) => {
    if (i > 0 && n - sorted[i - 1] > 1) out.push(null);
    out.push(n);
  });
  return out;
}
