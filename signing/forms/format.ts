/**
 * Vietnamese formatting for official documents. Every date is shown in Asia/Ho_Chi_Minh whatever
 * the server's zone, since a dossier's times are legal facts tied to the agency's clock.
 */
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function vietnamTime(date: Date): LocalTime {
  if (Number.isNaN(date.getTime())) throw new RangeError('Invalid date');
  const out: Record<string, number> = {};
  for (const p of parts.formatToParts(date)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year,
    month: out.month,
    day: out.day,
    hour: out.hour,
    minute: out.minute,
    second: out.second,
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * "Thái Bình, ngày 05 tháng 3 năm 2026". Decree 30/2020 (Appendix I) pads a day below 10 and the
 * months 1 and 2 with a zero, and no other month.
 */
export function placeAndDate(place: string, date: Date): string {
  return `${place}, ${longDate(date)}`;
}

/** "ngày 05 tháng 3 năm 2026", padded as in `placeAndDate`. */
export function longDate(date: Date): string {
  const t = vietnamTime(date);
  const month = t.month <= 2 ? pad2(t.month) : String(t.month);
  return `ngày ${pad2(t.day)} tháng ${month} năm ${t.year}`;
}

/** 23/11/2026 */
export function formatDate(date: Date): string {
  const t = vietnamTime(date);
  return `${pad2(t.day)}/${pad2(t.month)}/${t.year}`;
}

/** 23/11/2026 14:05 */
export function formatDateTimeShort(date: Date): string {
  const t = vietnamTime(date);
  return `${formatDate(date)} ${pad2(t.hour)}:${pad2(t.minute)}`;
}

/** "14 giờ 05 phút, ngày 23/11/2026" — the wording of the one-stop forms. */
export function formatDateTime(date: Date): string {
  const t = vietnamTime(date);
  return `${pad2(t.hour)} giờ ${pad2(t.minute)} phút, ngày ${formatDate(date)}`;
}

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
// Beyond "tỷ" Vietnamese reuses the smaller scales: 10^12 is "nghìn tỷ".
const SCALES = ['', 'nghìn', 'triệu', 'tỷ', 'nghìn tỷ', 'triệu tỷ'];

function readTriple(n: number, full: boolean): string {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const words: string[] = [];
  // Inside a longer number a group is read in full: 1.005 is "một nghìn không trăm linh năm".
  if (full || h > 0) words.push(DIGITS[h], 'trăm');
  if (t === 0) {
    if (u > 0 && (full || h > 0)) words.push('linh');
  } else if (t === 1) words.push('mười');
  else words.push(DIGITS[t], 'mươi');
  if (u > 0) {
    if (u === 1 && t >= 2) words.push('mốt');
    else if (u === 5 && t >= 1) words.push('lăm');
    else words.push(DIGITS[u]);
  }
  return words.join(' ');
}

/** Reads a non-negative integer in Vietnamese words ("một trăm linh năm", "hai mươi mốt"). */
export function numberToWords(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Cannot read ${value}`);
  if (value === 0) return DIGITS[0];
  const groups: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 1000)) groups.push(v % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    if (groups[i] === 0) continue;
    words.push(readTriple(groups[i], i < groups.length - 1));
    if (SCALES[i]) words.push(SCALES[i]);
  }
  return words.join(' ');
}

export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

/** "Ngày hai mươi ba tháng mười một năm hai nghìn không trăm hai mươi sáu" (birth registers). */
export function dateInWords(date: Date): string {
  const t = vietnamTime(date);
  const month = t.month === 4 ? 'tư' : numberToWords(t.month);
  return capitalize(`ngày ${numberToWords(t.day)} tháng ${month} năm ${numberToWords(t.year)}`);
}

/** 50.000.000 đồng */
export function formatMoney(amount: number): string {
  return `${Math.round(amount).toLocaleString('de-DE')} đồng`;
}

/** Two-digit counts as the forms print them ("01 bộ"). */
export function formatCount(n: number): string {
  return pad2(n);
}
