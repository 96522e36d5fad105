/**
 * Một Cửa signing: official forms as PDF, PAdES B-B signatures, verification, keys and the
 * development PKI. Pure library code: nothing here knows about the app or the database.
 */
export { loadP12Signer, createKeySigner, type Signer, type SignerIdentity, type SignatureAlgorithm } from './keys.js';
export { ensureDevPki, DEV_P12_PASSWORD, DEMO_PEOPLE, type DevPki, type DevPerson, type DevPkiEntry } from './dev-ca.js';
export { signPdf, pdfDate, type SignOptions } from './pades.js';
export { verifyPdf, type VerifyOptions, type VerificationReport, type SignatureReport } from './verify.js';
export * from './forms/index.js';
