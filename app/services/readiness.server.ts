/**
 * What `/readyz` answers: whether this process can serve (its database answers) and what an operator
 * should fix although the portal keeps serving (warnings, such as a holiday calendar that runs out).
 */
import { calendarCoverage } from "./calendar-admin.server";
import type { AppServices } from "./context.server";

export type ReadinessWarning = { check: "calendar"; message: string; missingYears: number[] };
export type Readiness = { status: "ready"; warnings: ReadinessWarning[] } | { status: "unavailable"; reason: string };

export async function readiness(services: AppServices, now = new Date()): Promise<Readiness> {
  try {
    await services.database.pool.query("select 1");
  } catch {
    return { status: "unavailable", reason: "Không kết nối được cơ sở dữ liệu." };
  }
  const warnings: ReadinessWarning[] = [];
  const coverage = await calendarCoverage(services, now);
  if (!coverage.ok) warnings.push({ check: "calendar", message: coverage.message, missingYears: coverage.missingYears });
  return { status: "ready", warnings };
}
