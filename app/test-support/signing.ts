/** Signing acts as an officer performs them on the signing page: preview, then confirm with her password. */
import { DEMO_PASSWORD } from "../../db/demo-data";
import type { AppServices } from "../services/context.server";
import { documentToSign, loadDossierContext, performSigningAct, type SigningAct, type SigningOutcome } from "../services/documents.server";
import type { DemoActor } from "./fixtures";

export async function previewFor(services: AppServices, actor: DemoActor, dossierId: string, act: SigningAct, now = new Date()) {
  return documentToSign(services, await loadDossierContext(services, dossierId), act, actor.userId, now);
}

/** Previews and signs; throws unless the act succeeded. */
export async function signAs(services: AppServices, actor: DemoActor, dossierId: string, act: SigningAct, now = new Date()): Promise<SigningOutcome> {
  const preview = await previewFor(services, actor, dossierId, act, now);
  const outcome = await performSigningAct(
    services,
    { id: actor.userId, role: actor.role, agencyId: actor.agencyId },
    dossierId,
    { act, password: DEMO_PASSWORD, sha256: preview.sha256 },
    now,
  );
  if (outcome.status !== 200) throw new Error(`${act} by ${actor.username}: ${outcome.status} ${outcome.error}`);
  return outcome;
}
