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

type VerifiedView = ReturnType<typeof view>;

/**
 * Verification results by the file's SHA-256. A file's bytes fix its report (the trust roots are fixed
 * for the process), so anonymous requests for the same QR page or upload cost one verification each.
 */
const VERIFIED_CACHE_LIMIT = 2000;
const verifiedByHash = new Map<string, VerifiedView | "unreadable">();

async function verifiedView(services: AppServices, bytes: Uint8Array, sha256 = sha256Hex(bytes)): Promise<VerifiedView | "unreadable"> {
  const cached = verifiedByHash.get(sha256);
  if (cached) return cached;
  let result: VerifiedView | "unreadable";
  try {
    result = view(await verifyPdf(bytes, { trustRoots: services.signers.trustRootsPem }));
  } catch {
    result = "unreadable";
  }
  // Oldest first out: a Map iterates in insertion order.
  if (verifiedByHash.size >= VERIFIED_CACHE_LIMIT) verifiedByHash.delete(verifiedByHash.keys().next().value!);
  verifiedByHash.set(sha256, result);
  return result;
}

export async function verifyDocument(services: AppServices, bytes: Uint8Array): Promise<DocumentVerification> {
  const sha256 = sha256Hex(bytes);
  const verified = await verifiedView(services, bytes, sha256);
  if (verified === "unreadable") {
    return { ok: false, signatures: [], modifiedAfterLastSignature: false, issued: null, error: "Tệp không phải là PDF hợp lệ hoặc bị hỏng." };
  }
  const [match] = await services.database.db
    .select({ code: dossiers.code, kind: attachments.kind, documentName: attachments.documentName, procedureName: procedures.name, agencyName: agencies.name })
    .from(attachments)
    .innerJoin(dossiers, eq(dossiers.id, attachments.dossierId))
    .innerJoin(procedures, eq(procedures.id, dossiers.procedureId))
    .innerJoin(agencies, eq(agencies.id, dossiers.receivingAgencyId))
    .where(and(eq(attachments.sha256, sha256), inArray(attachments.kind, [...ISSUED_KINDS])));
  return {
    ...verified,
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

const UNREADABLE: VerifiedView = { ok: false, signatures: [], modifiedAfterLastSignature: false };

/**
 * What the QR code on a form opens: the documents issued for that dossier, each verified. Found by
 * the dossier's unguessable verification token only; a dossier code reveals nothing here.
 */
export async function issuedDocumentsFor(services: AppServices, verificationToken: string): Promise<IssuedDocumentsView | null> {
  if (!/^[0-9a-f-]{36}$/.test(verificationToken)) return null;
  const [row] = await services.database.db.select({ code: dossiers.code }).from(dossiers).where(eq(dossiers.verificationToken, verificationToken));
  if (!row) return null;
  const detail = await loadDossierDetail(services, row.code);
  if (!detail) return null;
  const issued = detail.files.filter((f) => (ISSUED_KINDS as readonly string[]).includes(f.kind));
  const documents = await Promise.all(
    issued.map(async (f) => {
      const verified = verifiedByHash.get(f.sha256) ?? (await verifiedView(services, await services.storage.get(f.sha256), f.sha256));
      return { name: f.documentName ?? KIND_NAMES[f.kind], issuedAt: f.createdAt.toISOString(), verification: verified === "unreadable" ? UNREADABLE : verified };
    }),
  );
  return { code: detail.dossier.code, procedureName: detail.procedure.name, agencyName: detail.agency.name, documents };
}
