/**
 * The signature block of Decree 30/2020/NĐ-CP (Appendix I, §8): who signs in whose name. A deputy
 * signs "KT." (ký thay) for the head, under the head's title; a collective body (Ủy ban nhân dân)
 * adds "TM." (thay mặt) above; the head signs under her own title.
 */
import type { Official } from './common.js';

export interface SignatureAuthorityInput {
  /** The signer's own title as recorded, e.g. "Phó Chủ tịch UBND huyện", "Giám đốc Sở Tư pháp". */
  signerTitle: string | undefined;
  /** The head's title of the issuing agency, e.g. "Chủ tịch", "Giám đốc" (agencies.head_title). */
  headTitle: string | undefined;
  /**
   * The collective body the document is issued on behalf of ("Ủy ban nhân dân"), when it is: its
   * "TM." line goes first. Omitted for documents the head issues in her own name (a decision of the
   * Chairman) and for departments.
   */
  collectiveBody?: string;
}

const upper = (s: string) => s.toLocaleUpperCase('vi');
const lower = (s: string) => s.normalize('NFC').toLocaleLowerCase('vi');

/** True when `title` names a deputy of the head: "Phó Chủ tịch …", "Phó Giám đốc …". */
export function isDeputyTitle(title: string | undefined, headTitle: string | undefined): boolean {
  if (!title) return false;
  const t = lower(title).trim();
  return headTitle ? t.startsWith(`phó ${lower(headTitle)}`) : t.startsWith('phó ');
}

/**
 * The lines above the signature and the title printed under them. "Phó Chủ tịch UBND huyện" with
 * head "Chủ tịch" of a UBND gives ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"] and "PHÓ CHỦ TỊCH": the
 * agency is already named by the TM. line and the header, so the title keeps only the office.
 */
export function signatureAuthority(input: SignatureAuthorityInput): { authority: string[]; title: string } {
  const { signerTitle, headTitle, collectiveBody } = input;
  const tm = collectiveBody ? [`TM. ${upper(collectiveBody)}`] : [];
  if (headTitle && isDeputyTitle(signerTitle, headTitle)) {
    return { authority: [...tm, `KT. ${upper(headTitle)}`], title: `PHÓ ${upper(headTitle)}` };
  }
  if (headTitle && signerTitle && lower(signerTitle).trim().startsWith(lower(headTitle))) {
    return { authority: tm, title: upper(headTitle) };
  }
  return { authority: tm, title: upper(signerTitle ?? headTitle ?? '') };
}

/** An official with the Decree 30 authority lines for her signature block. */
export function withAuthority(official: Official, input: Omit<SignatureAuthorityInput, 'signerTitle'>): Official {
  const { authority, title } = signatureAuthority({ ...input, signerTitle: official.title });
  return { ...official, authority, title };
}
