/**
 * Dossier status codes of DOMAIN.md §4. The national portal's sync (TrangThaiHoSo) uses the same
 * numbers, so they are a public contract, not our internal names.
 */
export const DOSSIER_STATUS = {
  submitted: 1,
  received: 2,
  refused: 3,
  processing: 4,
  supplementRequested: 5,
  awaitingPayment: 6,
  withdrawn: 7,
  stopped: 8,
  resultReady: 9,
  returned: 10,
} as const;

export type DossierStatusCode = (typeof DOSSIER_STATUS)[keyof typeof DOSSIER_STATUS];

/**
 * Statuses in which the dossier's clock runs: received, or being processed. Waiting for the citizen
 * (supplement, fee) stops it, and a closed dossier has none, so only these can become late.
 */
export const CLOCK_RUNNING_STATUSES: readonly DossierStatusCode[] = [DOSSIER_STATUS.received, DOSSIER_STATUS.processing];

export function isLateNow(status: number, dueAt: Date | string | null, now: number): boolean {
  return !!dueAt && (CLOCK_RUNNING_STATUSES as readonly number[]).includes(status) && new Date(dueAt).getTime() < now;
}

export const DOSSIER_STATUS_CODES = Object.values(DOSSIER_STATUS) as DossierStatusCode[];

export const DOSSIER_STATUS_NAMES: Record<DossierStatusCode, string> = {
  1: "Mới đăng ký",
  2: "Được tiếp nhận",
  3: "Không được tiếp nhận",
  4: "Đang xử lý",
  5: "Yêu cầu bổ sung",
  6: "Yêu cầu thực hiện nghĩa vụ tài chính",
  7: "Công dân yêu cầu rút hồ sơ",
  8: "Dừng xử lý",
  9: "Đã xử lý xong",
  10: "Đã trả kết quả",
};

/** Channels in (KenhThucHien of the national portal): 1 at the desk, 2 online, 3 by post. */
export const DOSSIER_CHANNEL = { desk: 1, online: 2, post: 3 } as const;
export type DossierChannelCode = (typeof DOSSIER_CHANNEL)[keyof typeof DOSSIER_CHANNEL];

/** Result delivery (HinhThuc): 0 at the desk, 1 by post; online delivery is ours, 2. */
export const RESULT_DELIVERY = { desk: 0, post: 1, online: 2 } as const;
export type ResultDeliveryCode = (typeof RESULT_DELIVERY)[keyof typeof RESULT_DELIVERY];
