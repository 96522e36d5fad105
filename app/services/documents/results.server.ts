/**
 * The result document and its signatures (issue #8). Each signature is its signer's own act and
 * its own dossier event, through the one path: the unit head initials the draft when she ends her
 * review (REVIEW_SIGNED), the leader signs when she approves (APPROVE), and the agency's seal is
 * applied by the role the agency names for it (SEAL: the records clerk, or the system right after
 * the leader). Every signer first sees the exact bytes she signs; the hash she saw travels with
 * her confirmation, and the signature is refused if the document changed meanwhile.
 */
import { createHash } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { attachments, dossierEvents, userRoles, users } from "../../../db/schema";
import { verifyPassword } from "../../../db/passwords";
import { isRateLimited } from "../rate-limits.server";
import { signPdf, type Official, type RenderedForm, type Signer } from "../../../signing";
import { availableEvents, type Role } from "../../../workflows/dossier-machine";
import type { AppServices } from "../context.server";
import { agencyHolding, DossierActionError, performDossierAction, SYSTEM_ACTOR, type DossierActor, type DossierCommand } from "../dossier-actions.server";
import { SigningKeyMissing, type SigningAuthorization } from "../signers.server";
import { formBase, loadDossierContext, officialOf, PLACE, storeDocument, type DossierContext, type FormBase } from "./common.server";
import { numberAndSymbol, prefillValues, renderTypedResult, resultHeader, resultSymbolOf } from "./result-templates.server";
import { allocateRegisterNumber, peekRegisterEntry, REGISTER_BOOK_SYMBOLS, registerBookFor, type RegisterEntry } from "./registers.server";

import { isSigningAct, SIGNING_ACT_LABELS, type SigningAct } from "../../signing-acts";

export { isSigningAct, SIGNING_ACT_LABELS, SIGNING_ACTS, type SigningAct } from "../../signing-acts";

const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/**
 * The result document from the specialist's checked draft, through the procedure's typed template
 * (result-templates.server.ts). Everything printed comes from the dossier, the register entry and
 * the named approver, so the same inputs give the same bytes: what a signer previewed is what is signed.
 */
async function renderResult(ctx: DossierContext, base: FormBase, approver: Official, entry: RegisterEntry): Promise<RenderedForm> {
  const { dossier, procedure } = ctx;
  const issuing = { agency: ctx.agency, parent: ctx.parent };
  const symbol = resultSymbolOf(procedure, ctx.agency, REGISTER_BOOK_SYMBOLS[entry.book]);
  return renderTypedResult({
    template: procedure.resultTemplate,
    draft: dossier.snapshot.context.draftResult,
    defaults: prefillValues(procedure.resultTemplate, dossier, procedure, ctx.agency, ""),
    dossier,
    procedure,
    issuing,
    header: resultHeader(issuing, entry.documentDate, numberAndSymbol(entry.number, symbol), PLACE),
    entry,
    verificationUrl: base.verificationUrl,
    signer: approver,
  });
}

/**
 * The leader the unit head's draft is addressed to: the leader of the agency holding the dossier
 * (the lowest user id when there are several). A different leader who approves is refused and
 * asks for the draft again, since the signature block names the signer.
 */
export async function intendedApprover(services: AppServices, ctx: DossierContext): Promise<number | null> {
  const [row] = await services.database.db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, "leader"), eq(userRoles.agencyId, agencyHolding(ctx.dossier))))
    .orderBy(users.id)
    .limit(1);
  return row?.id ?? null;
}

export type DocumentToSign = {
  act: SigningAct;
  pdf: Uint8Array;
  sha256: string;
  fileName: string;
  /** Rendered for the first signature (then it takes a register number), or a stored signed copy. */
  source: { kind: "render"; entry: RegisterEntry; form: RenderedForm } | { kind: "copy"; form: RenderedForm | null };
};

/** The event that brought the dossier into its current state (an apology stays in place and is skipped). */
function enteringEvent(ctx: DossierContext) {
  return [...ctx.events].reverse().find(({ event }) => event.toState === ctx.dossier.statePath && event.fromState !== event.toState)?.event ?? null;
}

async function signingCopyOf(services: AppServices, dossierId: string, eventId: number) {
  const [file] = await services.database.db
    .select()
    .from(attachments)
    .where(and(eq(attachments.dossierId, dossierId), eq(attachments.kind, "signingCopy"), eq(attachments.eventId, eventId)));
  return file ?? null;
}

const startsWith = (whole: Uint8Array, prefix: Uint8Array) => whole.length >= prefix.length && Buffer.from(whole.buffer, whole.byteOffset, prefix.length).equals(Buffer.from(prefix));

/**
 * The exact bytes `act` would sign now, for `signerUserId`. Throws a DossierActionError when there
 * is none. `ahead`: documents of the same register book to be signed before this one in a bulk
 * signing, so that a new number is previewed as it will be given.
 */
export async function documentToSign(
  services: AppServices,
  ctx: DossierContext,
  act: SigningAct,
  signerUserId: number,
  now: Date,
  options: { ahead?: number } = {},
): Promise<DocumentToSign> {
  const base = formBase(services, ctx, now);
  const fileName = `TrinhKy-${ctx.dossier.code}.pdf`;
  const registerEntryNow = () =>
    peekRegisterEntry(services.database.db, {
      agencyId: ctx.agency.id,
      book: registerBookFor(ctx.procedure.resultTemplate),
      dossierId: ctx.dossier.id,
      at: now,
      timeZone: services.config.timeZone,
      ahead: options.ahead,
    });
  const freshRender = async (approverId: number | null) => {
    const entry = await registerEntryNow();
    const form = await renderResult(ctx, base, await officialOf(services, approverId), entry);
    return { act, pdf: form.pdf, sha256: sha256Hex(form.pdf), fileName, source: { kind: "render" as const, entry, form } };
  };
  const storedCopy = async (eventId: number, missing: string) => {
    const file = await signingCopyOf(services, ctx.dossier.id, eventId);
    if (!file) throw new DossierActionError(409, missing);
    return services.storage.get(file.sha256);
  };
  if (act === "REVIEW_SIGNED") return freshRender(await intendedApprover(services, ctx));
  if (act === "APPROVE") {
    const entering = enteringEvent(ctx);
    if (entering?.action !== "REVIEW_SIGNED") return freshRender(signerUserId);
    const pdf = await storedCopy(entering.id, "Chưa có bản dự thảo đã được lãnh đạo phòng ký nháy.");
    // The unit head's copy must be the draft rendered with this leader in its signature block.
    const entry = await registerEntryNow();
    const form = await renderResult(ctx, base, await officialOf(services, signerUserId), entry);
    if (!startsWith(pdf, form.pdf)) {
      throw new DossierActionError(409, "Dự thảo đã ký nháy không ghi bạn là người ký. Vui lòng trả lại để lãnh đạo phòng trình lại.");
    }
    return { act, pdf, sha256: sha256Hex(pdf), fileName, source: { kind: "copy", form } };
  }
  const approval = [...ctx.events].reverse().find(({ event }) => event.action === "APPROVE")?.event;
  if (!approval) throw new DossierActionError(409, "Kết quả chưa được lãnh đạo phê duyệt, ký số.");
  const pdf = await storedCopy(approval.id, "Chưa có bản kết quả đã được lãnh đạo ký số.");
  return { act, pdf, sha256: sha256Hex(pdf), fileName, source: { kind: "copy", form: null } };
}

/** The signing act `role` may perform on the dossier now, if any. */
export function signingActFor(ctx: Pick<DossierContext, "definition" | "dossier">, role: Role): SigningAct | null {
  return availableEvents(ctx.definition, ctx.dossier.snapshot, role).find(isSigningAct) ?? null;
}

async function signerOf(services: AppServices, ctx: DossierContext, act: SigningAct, userId: number | null, authorization?: SigningAuthorization): Promise<Signer> {
  if (act === "SEAL") return services.signers.forAgency(ctx.agency.id, authorization);
  return services.signers.forUser(userId!, authorization);
}

/** Adds the act's signature to `doc` (the previewed bytes), at `now`, the time of the act's event. */
async function applySignature(doc: DocumentToSign, signer: Signer, resultName: string, agencyName: string, now: Date): Promise<Uint8Array> {
  const common = { location: PLACE, signingTime: now };
  switch (doc.act) {
    case "REVIEW_SIGNED":
      return signPdf(doc.pdf, signer, { ...common, reason: "Lãnh đạo phòng kiểm tra dự thảo (ký nháy)", appearance: false, fieldName: "Signature-reviewer" });
    case "APPROVE": {
      const area = doc.source.form?.signatureAreas.signer;
      return signPdf(doc.pdf, signer, {
        ...common,
        reason: `Phê duyệt ${resultName}`,
        // The agency's seal mark beside the leader's signature, as the stamped paper shows it.
        appearance: area ? { page: area.page, rect: area.rect, seal: { agency: agencyName } } : false,
        fieldName: "Signature-signer",
      });
    }
    case "SEAL":
      return signPdf(doc.pdf, signer, { ...common, reason: "Chữ ký số của cơ quan", appearance: false, fieldName: "Signature-organisation" });
  }
}

async function latestEventId(tx: Database, dossierId: string): Promise<number> {
  const [row] = await tx.select({ id: dossierEvents.id }).from(dossierEvents).where(eq(dossierEvents.dossierId, dossierId)).orderBy(desc(dossierEvents.seq)).limit(1);
  return row.id;
}

/**
 * Runs one signing act through the one path: the dossier event, the register number (for the
 * first signature), the signature and the stored file, in one transaction. `previewedSha256` is
 * the hash of the bytes the signer was shown; anything else is refused.
 */
async function signAndRecord(
  services: AppServices,
  ctx: DossierContext,
  input: { act: SigningAct; actor: DossierActor; previewedSha256: string; expectedVersion?: number; now: Date; authorization?: SigningAuthorization },
): Promise<void> {
  const { act, actor, now } = input;
  const doc = await documentToSign(services, ctx, act, actor.userId ?? 0, now);
  if (doc.sha256 !== input.previewedSha256) {
    throw new DossierActionError(409, "Văn bản trình ký đã thay đổi kể từ khi bạn xem. Vui lòng xem lại văn bản rồi ký lại.");
  }
  const signer = await signerOf(services, ctx, act, actor.userId, input.authorization);
  const event: DossierCommand = act === "APPROVE" ? { type: "APPROVE", sealBy: ctx.agency.sealAppliedBy } : { type: act };
  await performDossierAction(services, {
    dossierId: ctx.dossier.id,
    actor,
    event,
    now,
    expectedVersion: input.expectedVersion,
    async alsoInTransaction(tx, dossierId) {
      const eventId = await latestEventId(tx, dossierId);
      if (doc.source.kind === "render") {
        const entry = await allocateRegisterNumber(tx, {
          agencyId: ctx.agency.id,
          book: doc.source.entry.book,
          dossierId,
          eventId,
          at: now,
          timeZone: services.config.timeZone,
        });
        // Another dossier took the number shown (or the day turned): the previewed bytes are no longer the document.
        if (entry.number !== doc.source.entry.number || entry.documentDate.getTime() !== doc.source.entry.documentDate.getTime()) {
          throw new DossierActionError(409, `Số vào sổ đã được cấp cho hồ sơ khác; văn bản trình ký sẽ mang số ${entry.number}. Vui lòng xem lại văn bản rồi ký lại.`);
        }
      }
      const signed = await applySignature(doc, signer, ctx.procedure.resultName, ctx.agency.name, now);
      await storeDocument(
        services,
        dossierId,
        act === "SEAL"
          ? { kind: "result", name: null, fileName: `KetQua-${ctx.dossier.code}.pdf`, uploadedBy: actor.userId, eventId }
          : { kind: "signingCopy", name: act === "APPROVE" ? "Kết quả đã ký số, chờ đóng dấu" : "Dự thảo kết quả đã ký nháy", fileName: `TrinhKy-${ctx.dossier.code}-${eventId}.pdf`, uploadedBy: actor.userId, eventId },
        signed,
        tx,
      );
    },
  });
}

export type SigningOutcome = { status: 200; done: string } | { status: 400 | 401 | 403 | 404 | 409 | 429; error: string };

/**
 * The fresh confirmation: the officer's own password, typed again just now. A confirmation is a
 * password check like sign-in, so wrong ones count towards the account's delays (one limiter for
 * the signing page and the bulk signing page). Null when confirmed.
 */
export async function confirmSigningPassword(
  services: AppServices,
  userId: number,
  password: string,
): Promise<{ status: 400 | 429; error: string } | null> {
  if (!password) return { status: 400, error: "Vui lòng nhập lại mật khẩu để xác nhận ký số." };
  const [row] = await services.database.db.select({ passwordHash: users.passwordHash, username: users.username }).from(users).where(eq(users.id, userId));
  const limiterSubject = `signing:${userId}`;
  try {
    if (row) await services.rateLimits.beforeLogin(row.username, limiterSubject);
  } catch (error) {
    if (isRateLimited(error)) return { status: 429, error: error.message };
    throw error;
  }
  if (!row || !(await verifyPassword(row.passwordHash, password))) {
    if (row) await services.rateLimits.loginFailed(row.username, limiterSubject).catch((error) => {
      if (!isRateLimited(error)) throw error;
    });
    return { status: 400, error: "Mật khẩu xác nhận không đúng. Văn bản chưa được ký." };
  }
  return null;
}

/**
 * An officer's signing act from the signing page: her password re-entered just now, the act she
 * confirms and the hash of the document she was shown. A wrong password signs and changes nothing.
 */
export async function performSigningAct(
  services: AppServices,
  user: { id: number; role: Role; agencyId: number },
  dossierId: string,
  input: { act: string; password: string; sha256: string; version?: number },
  now = new Date(),
): Promise<SigningOutcome> {
  if (!isSigningAct(input.act)) return { status: 400, error: "Thao tác ký số không hợp lệ." };
  if (!/^[0-9a-f]{64}$/.test(input.sha256)) return { status: 400, error: "Thiếu mã kiểm tra của văn bản đã xem. Vui lòng tải lại trang ký duyệt." };
  const refused = await confirmSigningPassword(services, user.id, input.password);
  if (refused) return refused;
  return signConfirmed(services, user, dossierId, { act: input.act, sha256: input.sha256, version: input.version }, now);
}

/**
 * One signing act after the officer's confirmation: the dossier must still wait for this act by
 * her role at her agency, and the document must be the one she previewed (`sha256`).
 */
export async function signConfirmed(
  services: AppServices,
  user: { id: number; role: Role; agencyId: number },
  dossierId: string,
  input: { act: SigningAct; sha256: string; version?: number },
  now = new Date(),
): Promise<SigningOutcome> {
  const ctx = await loadDossierContext(services, dossierId);
  if (signingActFor(ctx, user.role) !== input.act) {
    return { status: 409, error: "Hồ sơ không còn chờ bạn ký ở bước này. Vui lòng tải lại trang." };
  }
  try {
    await signAndRecord(services, ctx, {
      act: input.act,
      actor: { userId: user.id, role: user.role, agencyId: user.agencyId },
      previewedSha256: input.sha256,
      expectedVersion: input.version,
      now,
      authorization: { userId: user.id, method: "password", confirmedAt: now },
    });
  } catch (error) {
    if (error instanceof DossierActionError) return { status: error.status, error: error.message };
    if (error instanceof SigningKeyMissing) return { status: 409, error: error.message };
    throw error;
  }
  return { status: 200, done: SIGNING_ACT_LABELS[input.act].done };
}

/**
 * The seal applied by the system right after the leader's signature, for agencies that so
 * configure (the `sealResult` job). Idempotent: a retry finds the dossier past the seal.
 */
export async function sealBySystem(services: AppServices, dossierId: string, now = new Date()): Promise<void> {
  const ctx = await loadDossierContext(services, dossierId);
  if (ctx.dossier.statePath !== "approved" || signingActFor(ctx, "system") !== "SEAL") return;
  const doc = await documentToSign(services, ctx, "SEAL", 0, now);
  try {
    await signAndRecord(services, ctx, { act: "SEAL", actor: SYSTEM_ACTOR, previewedSha256: doc.sha256, expectedVersion: ctx.dossier.version, now });
  } catch (error) {
    // Someone else sealed it at the same moment: nothing is left to do.
    if (error instanceof DossierActionError && error.status === 409 && (await loadDossierContext(services, dossierId)).dossier.statePath !== "approved") return;
    throw error;
  }
}
