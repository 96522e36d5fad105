/**
 * Vietnam's public holidays and make-up working days for state agencies, 2024–2027 — seed data for the
 * administrator-editable holiday table, not the source of truth once seeded.
 *
 * Basis: Labour Code 2019, art. 112 (Tết Dương lịch 1 day; Tết Âm lịch 5 days; Giỗ Tổ Hùng Vương
 * 10/3 lunar; 30/4; 1/5; Quốc khánh 2/9 plus one adjacent day; a holiday falling on the weekly rest day
 * is made up on the next working day), and the Government's yearly schedule for cán bộ, công chức,
 * viên chức, which places the Tết days and swaps working days ("hoán đổi") to join breaks.
 *
 * Only days that would otherwise be working days are listed: the weekends inside a break are closed
 * anyway, and listing them would blur which days count against the statutory allowance.
 *
 * Lunar dates were converted with the Vietnamese (UTC+7) lunar calendar: mùng 1 Tết = 2024-02-10,
 * 2025-01-29, 2026-02-17, 2027-02-06; 10/3 lunar = 2024-04-18, 2025-04-07, 2026-04-26, 2027-04-16.
 *
 * Status by year:
 * - 2024, 2025: official schedules (2025: Thông báo 6150/TB-BLĐTBXH of 2024).
 * - 2026: Tết Dương lịch, Tết Nguyên đán and Quốc khánh schedules were approved by the Government
 *   (Tết Dương lịch: văn bản 12729/VPCP-KGVX, 25/12/2025). For Giỗ Tổ and 30/4–1/5 no swap had been
 *   announced when this was written (early 2026); only the statutory compensatory day is listed.
 * - 2027: NOT announced. Entries are the statutory days, with the Tết and Quốc khánh placement guessed
 *   from earlier years; each such entry carries a `note`. Replace them when the schedule is published.
 *
 * Not included: "Ngày Văn hóa Việt Nam" (24/11). Politburo Resolution 80-NQ/TW (January 2026) adopts
 * it as a paid day off in principle and the Ministry of Home Affairs proposed adding it when the
 * Labour Code is amended; it is not a holiday in law as far as verified. Add it here once enacted.
 */

export type VnCalendarEntry = {
  date: string;
  name: string;
  kind: 'holiday' | 'makeUpWorkingDay';
  /** Why the entry is uncertain or how it was derived; absent for officially confirmed days. */
  note?: string;
};

const NOT_ANNOUNCED_2027 = 'Dự kiến: lịch nghỉ năm 2027 chưa được công bố; cập nhật theo thông báo chính thức.';

export const VN_HOLIDAYS: readonly VnCalendarEntry[] = Object.freeze([
  // ── 2024 ──
  { date: '2024-01-01', name: 'Tết Dương lịch', kind: 'holiday' },
  { date: '2024-02-08', name: 'Tết Nguyên đán (29 tháng Chạp Quý Mão)', kind: 'holiday' },
  { date: '2024-02-09', name: 'Tết Nguyên đán (30 tháng Chạp Quý Mão)', kind: 'holiday' },
  { date: '2024-02-12', name: 'Tết Nguyên đán (mùng 3 Tết Giáp Thìn)', kind: 'holiday' },
  { date: '2024-02-13', name: 'Tết Nguyên đán (mùng 4 Tết Giáp Thìn)', kind: 'holiday' },
  { date: '2024-02-14', name: 'Tết Nguyên đán (mùng 5 Tết Giáp Thìn)', kind: 'holiday' },
  { date: '2024-04-18', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'holiday' },
  { date: '2024-04-29', name: 'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 04/5/2024)', kind: 'holiday' },
  { date: '2024-04-30', name: 'Ngày Chiến thắng (30/4)', kind: 'holiday' },
  { date: '2024-05-01', name: 'Ngày Quốc tế Lao động (1/5)', kind: 'holiday' },
  { date: '2024-05-04', name: 'Làm bù cho thứ Hai 29/4/2024', kind: 'makeUpWorkingDay' },
  { date: '2024-09-02', name: 'Quốc khánh (2/9)', kind: 'holiday' },
  { date: '2024-09-03', name: 'Quốc khánh (ngày liền sau 2/9)', kind: 'holiday' },

  // ── 2025 ──
  { date: '2025-01-01', name: 'Tết Dương lịch', kind: 'holiday' },
  { date: '2025-01-27', name: 'Tết Nguyên đán (28 tháng Chạp Giáp Thìn)', kind: 'holiday' },
  { date: '2025-01-28', name: 'Tết Nguyên đán (29 tháng Chạp Giáp Thìn, Giao thừa)', kind: 'holiday' },
  { date: '2025-01-29', name: 'Tết Nguyên đán (mùng 1 Tết Ất Tỵ)', kind: 'holiday' },
  { date: '2025-01-30', name: 'Tết Nguyên đán (mùng 2 Tết Ất Tỵ)', kind: 'holiday' },
  { date: '2025-01-31', name: 'Tết Nguyên đán (mùng 3 Tết Ất Tỵ)', kind: 'holiday' },
  { date: '2025-04-07', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'holiday' },
  { date: '2025-04-26', name: 'Làm bù cho thứ Sáu 02/5/2025', kind: 'makeUpWorkingDay' },
  { date: '2025-04-30', name: 'Ngày Chiến thắng (30/4)', kind: 'holiday' },
  { date: '2025-05-01', name: 'Ngày Quốc tế Lao động (1/5)', kind: 'holiday' },
  { date: '2025-05-02', name: 'Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4/2025)', kind: 'holiday' },
  { date: '2025-09-01', name: 'Quốc khánh (ngày liền trước 2/9)', kind: 'holiday' },
  { date: '2025-09-02', name: 'Quốc khánh (2/9)', kind: 'holiday' },

  // ── 2026 ──
  { date: '2026-01-01', name: 'Tết Dương lịch', kind: 'holiday' },
  { date: '2026-01-02', name: 'Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)', kind: 'holiday' },
  { date: '2026-01-10', name: 'Làm bù cho thứ Sáu 02/01/2026', kind: 'makeUpWorkingDay' },
  { date: '2026-02-16', name: 'Tết Nguyên đán (29 tháng Chạp Ất Tỵ, Giao thừa)', kind: 'holiday' },
  { date: '2026-02-17', name: 'Tết Nguyên đán (mùng 1 Tết Bính Ngọ)', kind: 'holiday' },
  { date: '2026-02-18', name: 'Tết Nguyên đán (mùng 2 Tết Bính Ngọ)', kind: 'holiday' },
  { date: '2026-02-19', name: 'Tết Nguyên đán (mùng 3 Tết Bính Ngọ)', kind: 'holiday' },
  { date: '2026-02-20', name: 'Tết Nguyên đán (mùng 4 Tết Bính Ngọ)', kind: 'holiday' },
  {
    date: '2026-04-27',
    name: 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch rơi vào Chủ nhật 26/4)',
    kind: 'holiday',
    note: 'Nghỉ bù theo Điều 112 Bộ luật Lao động; chưa có thông báo hoán đổi thêm ngày làm việc.',
  },
  {
    date: '2026-04-30',
    name: 'Ngày Chiến thắng (30/4)',
    kind: 'holiday',
    note: 'Chưa có thông báo hoán đổi ngày làm việc dịp 30/4–1/5/2026.',
  },
  {
    date: '2026-05-01',
    name: 'Ngày Quốc tế Lao động (1/5)',
    kind: 'holiday',
    note: 'Chưa có thông báo hoán đổi ngày làm việc dịp 30/4–1/5/2026.',
  },
  { date: '2026-08-22', name: 'Làm bù cho thứ Hai 31/8/2026', kind: 'makeUpWorkingDay' },
  { date: '2026-08-31', name: 'Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)', kind: 'holiday' },
  { date: '2026-09-01', name: 'Quốc khánh (ngày liền trước 2/9)', kind: 'holiday' },
  { date: '2026-09-02', name: 'Quốc khánh (2/9)', kind: 'holiday' },

  // ── 2027 (not announced) ──
  { date: '2027-01-01', name: 'Tết Dương lịch', kind: 'holiday' },
  {
    date: '2027-02-04',
    name: 'Tết Nguyên đán (28 tháng Chạp Bính Ngọ)',
    kind: 'holiday',
    note: `${NOT_ANNOUNCED_2027} Mùng 1 Tết rơi vào thứ Bảy 06/02/2027; 5 ngày Tết xếp như năm 2024 (Tết cũng rơi vào thứ Bảy): 2 ngày trước, 3 ngày sau.`,
  },
  { date: '2027-02-05', name: 'Tết Nguyên đán (29 tháng Chạp Bính Ngọ, Giao thừa)', kind: 'holiday', note: NOT_ANNOUNCED_2027 },
  { date: '2027-02-08', name: 'Tết Nguyên đán (mùng 3 Tết Đinh Mùi)', kind: 'holiday', note: NOT_ANNOUNCED_2027 },
  { date: '2027-02-09', name: 'Tết Nguyên đán (mùng 4 Tết Đinh Mùi)', kind: 'holiday', note: NOT_ANNOUNCED_2027 },
  { date: '2027-02-10', name: 'Tết Nguyên đán (mùng 5 Tết Đinh Mùi)', kind: 'holiday', note: NOT_ANNOUNCED_2027 },
  { date: '2027-04-16', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'holiday' },
  { date: '2027-04-30', name: 'Ngày Chiến thắng (30/4)', kind: 'holiday' },
  {
    date: '2027-05-03',
    name: 'Nghỉ bù Ngày Quốc tế Lao động (1/5 rơi vào thứ Bảy)',
    kind: 'holiday',
    note: 'Nghỉ bù theo Điều 112 Bộ luật Lao động; có thể có thông báo hoán đổi khác.',
  },
  { date: '2027-09-02', name: 'Quốc khánh (2/9)', kind: 'holiday' },
  {
    date: '2027-09-03',
    name: 'Quốc khánh (ngày liền sau 2/9)',
    kind: 'holiday',
    note: `${NOT_ANNOUNCED_2027} Ngày liền kề có thể là 01/9 hoặc 03/9; chọn 03/9 (thứ Sáu) như năm 2021.`,
  },
] satisfies VnCalendarEntry[]);

/** The `holidays` and `workingDays` lists of a WorkCalendar, from entries such as VN_HOLIDAYS. */
export function calendarDaysFrom(entries: readonly VnCalendarEntry[] = VN_HOLIDAYS): {
  holidays: string[];
  workingDays: string[];
} {
  return {
    holidays: entries.filter((e) => e.kind === 'holiday').map((e) => e.date),
    workingDays: entries.filter((e) => e.kind === 'makeUpWorkingDay').map((e) => e.date),
  };
}
