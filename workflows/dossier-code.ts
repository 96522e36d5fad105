/**
 * Dossier code (mã hồ sơ) of DOMAIN.md §6: `{agency identifier}-{yyMMdd}-{NNNN}`.
 * The counter comes from the database (one row per agency per day); this module only formats
 * and parses, in the calendar's time zone, so that a dossier received at 23:30 UTC+7 carries
 * the Vietnamese date.
 */
export const DOSSIER_CODE_PATTERN = /^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(\d{6})-(\d{4,})$/;

export function formatDossierCode(agencyIdentifier: string, receptionDate: string, counter: number): string {
  if (!Number.isInteger(counter) || counter < 1) throw new Error(`Số thứ tự hồ sơ không hợp lệ: ${counter}`);
  const [yyyy, mm, dd] = receptionDate.split("-");
  const code = `${agencyIdentifier}-${yyyy.slice(2)}${mm}${dd}-${String(counter).padStart(4, "0")}`;
  if (!DOSSIER_CODE_PATTERN.test(code)) throw new Error(`Mã hồ sơ không hợp lệ: ${code}`);
  return code;
}

export function parseDossierCode(code: string): { agencyIdentifier: string; yymmdd: string; counter: number } | null {
  const m = DOSSIER_CODE_PATTERN.exec(code.trim());
  if (!m) return null;
  return { agencyIdentifier: m[1], yymmdd: m[2], counter: Number(m[3]) };
}
