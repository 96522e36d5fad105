/**
 * Official documents of a dossier, by responsibility (issue #8):
 * - documents/official-forms: the one-stop forms Mẫu 01–05, issued once per triggering event;
 * - documents/results: the result and its signatures, each its signer's own act;
 * - documents/registers: register books, a number sequence per book, agency and year;
 * - documents/tracking: Mẫu 06 (control sheet) and Mẫu 07 (tracking register), made on request;
 * - documents/common: what they share (the dossier as forms see it, signing, storing).
 */
export { issueOfficialForm, issueReceipt } from "./documents/official-forms.server";
export {
  documentToSign,
  isSigningAct,
  performSigningAct,
  sealBySystem,
  signingActFor,
  SIGNING_ACT_LABELS,
  SIGNING_ACTS,
  type DocumentToSign,
  type SigningAct,
  type SigningOutcome,
} from "./documents/results.server";
export { allocateRegisterNumber, peekRegisterEntry, registerBookFor, REGISTER_BOOK_NAMES, startOfLocalDay, type RegisterEntry } from "./documents/registers.server";
export { controlSheetPdf, registerPdf } from "./documents/tracking.server";
export { loadDossierContext } from "./documents/common.server";
