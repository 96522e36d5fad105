/**
 * Public verification (xác thực văn bản): anyone can check a PDF's signatures, or open the QR link
 * printed on a form and see which documents were issued for that dossier and whether they verify.
 * It shows no personal data beyond what the document itself carries.
 */
import { and, eq, inArray } from "drizzle-orm";
import { agencies, attachments, dossiers, procedures } from "../../db/schema";
import { verifyPdf, type VerificationReport } from "../../signing";
import type { AppServices } from "./context.server";
import { loadDossierDetail } from "./dossier-queries.server";
import { sha256Hex } from "./storage.server";

export type SignatureView = {
  signerName: string;
  issuer: string;
  signingTime: string | null;
  intact: boolean;
  trusted: boolean;
  validAtSigning: boolean;
  coversWholeDocument: boolean;
};

export type DocumentVerification = {
  /** At least one signature, all valid and trusted, nothing appended afterwards. */
  ok: boolean;
  signatures: SignatureView[];
  modifiedAfterLastSignature: boolean;
  /** When the bytes are exactly a document this portal issued. */
  issued: { dossierCode: string; documentName: string; procedureName: string; agencyName: string } | null;
  error?: string;
};

function view(report: VerificationReport): Pick<DocumentVerification, "ok" | "signatures" | "modifiedAfterLastSignature"> {
  return {
    ok: report.ok,
    modifiedAfterLastSignature: report.modifiedAfterLastSignature,
    signatures: report.signatures.map((s) => ({
      signerName: s.signerName,
      issuer: s.issuer,
      signingTime: s.signingTime ? s.signingTime.toISOString() : null,
      intact: s.integrity === "valid",
      trusted: s.chainTrusted,
      validAtSigning: s.certValidAtSigning,
      coversWholeDocument: s.coversWholeDocument,
    })),
  };
}

const ISSUED_KINDS = ["receipt", "refusal", "result"] as const;
const KIND_NAMES: Record<string, string> = {
  receipt: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
  refusal: "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
  result: "Kết quả giải quyết thủ tục hành chính",
};

export async function verifyDocument(services: AppServices, bytes: Uint8Array): Promise<DocumentVerification> {
  let report: VerificationReport;
  try {
    report = await verifyPdf(bytes, { trustRoots: services.signers.trustRootsPem });
  } catch {
    return { ok: false, signatures: [], modifiedAfterLastSignature: false, issued: null, error: "Tệp không phải là PDF hợp lệ hoặc bị hỏng." };
  }
  const [match] = await services.database.db
    .select({ code: dossiers.code, kind: attachments.kind, documentName: attachments.documentName, procedureName: procedures.name, agencyName: agencies.name })
    .from(attachments)
    .innerJoin(dossiers, eq(dossiers.id, attachments.dossierId))
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .innerJoin(agencies, eq(agencies.id, dossiers.receivingAgencyId))
    .where(and(eq(attachments.sha256, sha256Hex(bytes)), inArray(attachments.kind, [...ISSUED_KINDS])));
  return {
    ...view(report),
    issued: match
      ? { dossierCode: match.code, documentName: match.documentName ?? KIND_NAMES[match.kind], procedureName: match.procedureName, agencyName: match.agencyName }
      : null,
  };
}

export type IssuedDocumentsView = {
  code: string;
  procedureName: string;
  agencyName: string;
  documents: Array<{ name: string; issuedAt: string; verification: Pick<DocumentVerification, "ok" | "signatures" | "modifiedAfterLastSignature"> }>;
};

/** What the QR code on a form opens: the documents issued for that dossier, each verified now. */
export async function issuedDocumentsFor(services: AppServices, code: string): Promise<IssuedDocumentsView | null> {
  const detail = await loadDossierDetail(services, code);
  if (!detail) return null;
  const issued = detail.files.filter((f) => (ISSUED_KINDS as readonly string[]).includes(f.kind));
  const documents = await Promise.all(
    issued.map(async (f) => ({
      name: f.documentName ?? KIND_NAMES[f.kind],
      issuedAt: f.createdAt.toISOString(),
      verification: view(await verifyPdf(await services.storage.get(f.sha256), { trustRoots: services.signers.trustRootsPem })),
    })),
  );
  return { code: detail.dossier.code, procedureName: detail.procedure.name, agencyName: detail.agency.name, documents };
}
