/**
 * The walk-in intake page's model and its POST (trang tiếp nhận hồ sơ trực tiếp): the route only
 * parses the URL and hands over; the choices of the page (the citizen found, the procedure) travel in
 * the query string, so each step works without JavaScript.
 */
import { randomUUID } from "node:crypto";
import type { SessionUser } from "../auth.server";
import type { AppServices } from "../context.server";
import { DossierActionError } from "../dossier-errors.server";
import { actorOf } from "../permissions.server";
import { DISTRICTS } from "../postal/areas";
import { FormRejected, parseForm } from "../uploads.server";
import { checklistRows } from "./checklist.server";
import { intakeFormSpec, readIntakeForm } from "./intake-form.server";
import { citizenAccount, intakeProcedures, intakeWalkInDossier, procedureForIntake, searchCitizens } from "./intake.server";

export type IntakeQuery = { q: string; procedureCode: string; citizenId: number | null };

export function readIntakeQuery(url: URL): IntakeQuery {
  const citizen = url.searchParams.get("cong-dan") ?? "";
  return {
    q: (url.searchParams.get("q") ?? "").slice(0, 100),
    procedureCode: (url.searchParams.get("thu-tuc") ?? "").slice(0, 60),
    citizenId: /^\d{1,9}$/.test(citizen) ? Number(citizen) : null,
  };
}

function asResponse(error: unknown): never {
  if (error instanceof DossierActionError) throw new Response(error.message, { status: error.status });
  throw error;
}

export async function intakePageModel(services: AppServices, user: SessionUser, query: IntakeQuery) {
  const actor = actorOf(user);
  const loaded = query.procedureCode ? await procedureForIntake(services, actor, query.procedureCode).catch(asResponse) : null;
  const citizen = query.citizenId !== null ? await citizenAccount(services, query.citizenId) : null;
  return {
    query: { q: query.q, procedureCode: query.procedureCode, citizenId: citizen?.id ?? null },
    procedures: await intakeProcedures(services, user.agencyId),
    matches: query.q ? await searchCitizens(services, query.q) : null,
    citizen,
    procedure: loaded
      ? {
          code: loaded.procedure.code,
          name: loaded.procedure.name,
          formFields: loaded.procedure.formFields,
          checklist: checklistRows(loaded.procedure.documents, null, null),
        }
      : null,
    districts: DISTRICTS,
    // A fresh key per form shown: a double click on "Tiếp nhận" makes one dossier.
    idempotencyKey: randomUUID(),
  };
}

export type IntakeActionAnswer =
  | { ok: true; code: string }
  | { ok: false; status: number; formError: string; errors: Record<string, string>; values: Record<string, string>; pending: Array<{ index: number; token: string; fileName: string; size: number }> };

export async function intakeFromRequest(services: AppServices, user: SessionUser, request: Request, query: IntakeQuery): Promise<IntakeActionAnswer> {
  const loaded = await procedureForIntake(services, actorOf(user), query.procedureCode).catch(asResponse);
  let posted: FormData;
  try {
    posted = await parseForm(request, intakeFormSpec(loaded.procedure));
  } catch (error) {
    if (!(error instanceof FormRejected)) throw error;
    return { ok: false, status: error.status, formError: error.message, errors: {}, values: {}, pending: [] };
  }
  const form = await readIntakeForm(services, user, loaded.procedure, posted);
  if (!form.ok) {
    return {
      ok: false,
      status: form.status,
      formError: "Hồ sơ chưa được tiếp nhận. Vui lòng sửa các mục được đánh dấu bên dưới; các tệp đã quét được giữ lại.",
      errors: form.errors,
      values: form.values,
      pending: form.pending,
    };
  }
  try {
    const result = await intakeWalkInDossier(services, actorOf(user), { ...form.intake, procedureCode: loaded.procedure.code });
    return { ok: true, code: result.code };
  } catch (error) {
    if (!(error instanceof DossierActionError)) throw error;
    return { ok: false, status: error.status, formError: error.message, errors: {}, values: form.values, pending: form.pending };
  }
}
