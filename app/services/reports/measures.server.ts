/**
 * What every monitoring figure counts (issue 12, DOMAIN §8), defined once. The rollup sums these
 * predicates per month, agency, procedure and channel; the drill-down lists the dossiers for which
 * the same predicate holds, so a figure and the list behind it cannot disagree in what they mean.
 *
 * Cohort rule (ADR 0022): a dossier belongs to the period in which it was received (tiếp nhận), or,
 * when it never was (refused, withdrawn or still waiting at the desk), the period it was submitted
 * in. Every count of a period is about that cohort, so the counts add up: received = in progress +
 * resolved + withdrawn-after-reception + stopped.
 *
 * Timeliness of a returned dossier (workflows/timeliness.ts, by calendar day in the portal's zone):
 * late when returned after its due time, or when the agency apologised (Mẫu 04: a letter of apology
 * moves the appointment because the dossier was going to be late, and the citizen still got it
 * late); otherwise early when returned on a day before the due day; otherwise on time.
 *
 * Shares are shares of received dossiers: the online, fee, payment and digitisation measures count
 * only dossiers that were received, so that each indicator's numerator is part of its denominator.
 *
 * Every predicate reads the aliases `d` (dossiers), `p` (procedures) and `r` (dossier_ratings, left
 * joined). Subqueries are written `d.id in (select …)` so PostgreSQL hashes them once for a rebuild
 * over millions of dossiers and probes an index for a short drill-down.
 */
import { sql, type SQL } from "drizzle-orm";

export const MEASURES = [
  "entered",
  "awaiting",
  "received",
  "refused",
  "withdrawn",
  "stopped",
  "inProgress",
  "overdueOpen",
  "openWithinTime",
  "paused",
  "resolved",
  "early",
  "onTime",
  "late",
  "apologised",
  "forwarded",
  "onlinePartial",
  "onlineFull",
  "feeDue",
  "paidOnline",
  "digitised",
  "resultDigitised",
  "synced",
  "rated",
  "satisfied",
] as const;
export type Measure = (typeof MEASURES)[number];

export const isMeasure = (value: unknown): value is Measure => typeof value === "string" && (MEASURES as readonly string[]).includes(value);

/** Column of report_monthly_rollup holding each measure. */
export const MEASURE_COLUMNS: Record<Measure, string> = {
  entered: "entered",
  awaiting: "awaiting",
  received: "received",
  refused: "refused",
  withdrawn: "withdrawn",
  stopped: "stopped",
  inProgress: "in_progress",
  overdueOpen: "overdue_open",
  openWithinTime: "open_within_time",
  paused: "paused",
  resolved: "resolved",
  early: "early",
  onTime: "on_time",
  late: "late",
  apologised: "apologised",
  forwarded: "forwarded",
  onlinePartial: "online_partial",
  onlineFull: "online_full",
  feeDue: "fee_due",
  paidOnline: "paid_online",
  digitised: "digitised",
  resultDigitised: "result_digitised",
  synced: "synced",
  rated: "rated",
  satisfied: "satisfied",
};

/** The Vietnamese name of each figure, as the dashboard, the exports and the report print it. */
export const MEASURE_LABELS: Record<Measure, string> = {
  entered: "Tổng số hồ sơ",
  awaiting: "Chờ tiếp nhận",
  received: "Đã tiếp nhận",
  refused: "Từ chối tiếp nhận",
  withdrawn: "Rút hồ sơ",
  stopped: "Dừng xử lý",
  inProgress: "Đang giải quyết",
  overdueOpen: "Đang giải quyết quá hạn",
  openWithinTime: "Đang giải quyết trong hạn",
  paused: "Tạm dừng (chờ bổ sung, nghĩa vụ tài chính)",
  resolved: "Đã giải quyết",
  early: "Giải quyết trước hạn",
  onTime: "Giải quyết đúng hạn",
  late: "Giải quyết trễ hạn",
  apologised: "Có phiếu xin lỗi, hẹn lại",
  forwarded: "Liên thông, chuyển cấp",
  onlinePartial: "Trực tuyến một phần",
  onlineFull: "Trực tuyến toàn trình",
  feeDue: "Phải nộp phí, lệ phí",
  paidOnline: "Thanh toán trực tuyến",
  digitised: "Thành phần hồ sơ được số hoá",
  resultDigitised: "Kết quả điện tử (số hoá)",
  synced: "Đồng bộ lên Cổng DVC quốc gia",
  rated: "Có đánh giá của người dân",
  satisfied: "Hài lòng (4–5 sao)",
};

export const MEASURE_LABELS_EN: Record<Measure, string> = {
  entered: "All dossiers",
  awaiting: "Awaiting reception",
  received: "Received",
  refused: "Refused at reception",
  withdrawn: "Withdrawn",
  stopped: "Stopped",
  inProgress: "In progress",
  overdueOpen: "In progress, overdue",
  openWithinTime: "In progress, within time",
  paused: "Paused (supplement, fee)",
  resolved: "Resolved",
  early: "Resolved early",
  onTime: "Resolved on time",
  late: "Resolved late",
  apologised: "With a letter of apology",
  forwarded: "Passed between levels",
  onlinePartial: "Partly online",
  onlineFull: "Fully online",
  feeDue: "With a fee",
  paidOnline: "Paid online",
  digitised: "Documents digitised",
  resultDigitised: "Electronic result",
  synced: "Synced to the national portal",
  rated: "Rated by the citizen",
  satisfied: "Satisfied (4–5 stars)",
};

/** The instant a dossier's cohort is decided by. Indexed (dossiers_report_period_idx). */
export const PERIOD_INSTANT = sql.raw("coalesce(d.received_at, d.submitted_at)");

const apologised = sql.raw(`d.id in (select e.dossier_id from dossier_events e where e.action = 'APOLOGISE')`);
const lateReturn = sql`(d.status = 10 and (d.returned_at > d.due_at or ${apologised}))`;
const earlyReturn = (timeZone: string) =>
  sql`(d.status = 10 and not ${lateReturn} and (d.returned_at at time zone ${timeZone})::date < (d.due_at at time zone ${timeZone})::date)`;

/**
 * The predicate for one measure. `asOf` is the instant open dossiers are judged overdue against: the
 * rollup's, so that a list and its figure agree while the rollup is that old.
 */
export function measurePredicate(measure: Measure, context: { timeZone: string; asOf: Date }): SQL {
  const { timeZone, asOf } = context;
  switch (measure) {
    case "entered":
      return sql`true`;
    case "awaiting":
      return sql`d.status = 1`;
    case "received":
      return sql`d.received_at is not null`;
    case "refused":
      return sql`d.status = 3`;
    case "withdrawn":
      return sql`d.status = 7`;
    case "stopped":
      return sql`d.status = 8`;
    case "inProgress":
      return sql`d.status in (2, 4, 5, 6, 9)`;
    case "overdueOpen":
      // The clock runs only while received or being processed (workflows/dossier-status isLateNow).
      return sql`(d.status in (2, 4) and d.due_at < ${asOf.toISOString()}::timestamptz)`;
    case "openWithinTime":
      return sql`(d.status in (2, 4, 5, 6, 9) and not (d.status in (2, 4) and d.due_at < ${asOf.toISOString()}::timestamptz))`;
    case "paused":
      return sql`d.status in (5, 6)`;
    case "resolved":
      return sql`d.status = 10`;
    case "late":
      return lateReturn;
    case "early":
      return earlyReturn(timeZone);
    case "onTime":
      return sql`(d.status = 10 and not ${lateReturn} and not ${earlyReturn(timeZone)})`;
    case "apologised":
      return apologised;
    case "forwarded":
      return sql.raw(`d.id in (select e.dossier_id from dossier_events e where e.action = 'FORWARD')`);
    case "onlinePartial":
      return sql`(d.received_at is not null and d.channel = 2 and p.service_mode <> 'full')`;
    case "onlineFull":
      return sql`(d.received_at is not null and d.channel = 2 and p.service_mode = 'full')`;
    case "feeDue":
      return sql.raw(
        `(d.received_at is not null and (p.fee_amount > 0 or d.id in (select pay.dossier_id from payments pay) or d.id in (select e.dossier_id from dossier_events e where e.action = 'FEE_PAID')))`,
      );
    case "paidOnline":
      return sql.raw(`(d.received_at is not null and d.id in (select pay.dossier_id from payments pay where pay.state = 'paid'))`);
    case "digitised":
      // Of the received dossiers only: the indicator divides by "received", so a dossier still waiting
      // at the desk (or refused there) with its files uploaded must not count, or the share passes 100%.
      return sql.raw(`(d.received_at is not null and d.id in (select a.dossier_id from attachments a where a.kind in ('submission', 'supplement')))`);
    case "resultDigitised":
      return sql.raw(`(d.status = 10 and d.id in (select a.dossier_id from attachments a where a.kind = 'result'))`);
    case "synced":
      return sql.raw(`d.id in (select o.dossier_id from outbox_messages o where o.channel = 'national' and o.state = 'sent' and o.dossier_id is not null)`);
    case "rated":
      return sql`r.score is not null`;
    case "satisfied":
      return sql`r.score >= 4`;
  }
}

/** FROM clause every fact query shares. */
export const FACTS_FROM = sql.raw(
  "dossiers d join procedures p on p.id = d.procedure_id join agencies ag on ag.id = d.receiving_agency_id left join dossier_ratings r on r.dossier_id = d.id",
);

/** The first day of the month of the dossier's cohort, in the portal's zone. */
export const cohortMonth = (timeZone: string): SQL => sql`date_trunc('month', ${PERIOD_INSTANT} at time zone ${timeZone})::date`;
