/** /quan-tri/dong-bo — what each receiver (national portal, mail, post) has of each dossier, with a retry. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDateTime, OUTBOX_CHANNEL_NAMES, SYNC_STATE_FILTERS, type SyncStateFilter } from "../labels";
import { readForm } from "../services/forms.server";
import { dossierSyncStates, isOutboxChannel, retryDossierSync } from "../services/outbox-admin.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Đồng bộ và gửi tin đối tác — Quản trị" }];

const STATE_NAMES: Record<SyncStateFilter, string> = { all: "Tất cả", failed: "Lỗi", pending: "Đang chờ gửi", sent: "Đã gửi" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function readFilters(url: URL) {
  const channelParam = url.searchParams.get("kenh") ?? "national";
  const stateParam = url.searchParams.get("trang-thai") ?? "all";
  const page = Number(url.searchParams.get("trang") ?? "1");
  return {
    channel: isOutboxChannel(channelParam) ? channelParam : "national",
    state: (SYNC_STATE_FILTERS as readonly string[]).includes(stateParam) ? (stateParam as SyncStateFilter) : "all",
    code: (url.searchParams.get("ma") ?? "").trim().slice(0, 60),
    page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "manage:partner-sync:all");
  const filters = readFilters(new URL(request.url));
  const result = await dossierSyncStates(context.services, filters);
  return json({ filters, ...result, configured: { national: !!context.services.config.nationalSync } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(context.services, request, "manage:partner-sync:all");
  const form = await readForm(request);
  const channel = String(form.get("channel") ?? "");
  const dossierId = String(form.get("dossierId") ?? "");
  if (!isOutboxChannel(channel) || !UUID.test(dossierId)) return json({ message: "Yêu cầu gửi lại không hợp lệ.", ok: false }, { status: 400 });
  const count = await retryDossierSync(context.services, channel, dossierId, new Date(), admin.id);
  return json(
    count > 0
      ? { message: `Đã đưa ${count} tin vào hàng gửi lại ngay.`, ok: true }
      : { message: "Hồ sơ này không còn tin nào chờ gửi hoặc bị lỗi.", ok: false },
  );
}

export default function PartnerSync() {
  const { filters, rows, total, pageSize, totals, configured } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const pageLink = (page: number) => `?${new URLSearchParams({ kenh: filters.channel, "trang-thai": filters.state, ma: filters.code, trang: String(page) })}`;
  return (
    <>
      <h1>Đồng bộ và gửi tin đối tác</h1>
      <p className="lead">
        Mỗi thay đổi của hồ sơ được gửi tới Cổng Dịch vụ công quốc gia, công dân (thư điện tử) và bưu chính theo đúng thứ tự. Tin lỗi được thử lại tự
        động với thời gian chờ tăng dần; sau 12 lần, tin dừng ở trạng thái lỗi cho đến khi quản trị viên gửi lại.
      </p>
      {filters.channel === "national" && !configured.national ? (
        <p className="warning-box">Chưa cấu hình địa chỉ Cổng Dịch vụ công quốc gia (NATIONAL_SYNC_URL, NATIONAL_SYNC_KEY): chưa có tin nào được gửi.</p>
      ) : null}
      {data?.message ? (
        <p className={data.ok ? "notice" : "error-box"} role={data.ok ? "status" : "alert"}>
          {data.message}
        </p>
      ) : null}
      <Form method="get" className="card search" aria-label="Lọc">
        <p>
          <label htmlFor="kenh">Nơi nhận</label>
          <br />
          <select id="kenh" name="kenh" defaultValue={filters.channel}>
            {Object.entries(OUTBOX_CHANNEL_NAMES).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label htmlFor="trang-thai">Trạng thái</label>
          <br />
          <select id="trang-thai" name="trang-thai" defaultValue={filters.state}>
            {SYNC_STATE_FILTERS.map((s) => (
              <option key={s} value={s}>
                {STATE_NAMES[s]}
              </option>
            ))}
          </select>
        </p>
        <p>
          <label htmlFor="ma">Mã hồ sơ</label>
          <br />
          <input id="ma" name="ma" defaultValue={filters.code} inputMode="search" />
        </p>
        <p style={{ alignSelf: "flex-end" }}>
          <button type="submit" className="primary">
            Lọc
          </button>
        </p>
      </Form>
      <p role="status">
        {OUTBOX_CHANNEL_NAMES[filters.channel]}: {totals.sent} tin đã gửi, {totals.pending} tin đang chờ, {totals.failed} tin lỗi.
      </p>
      {rows.length === 0 ? (
        <p>Không có hồ sơ nào phù hợp.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Trạng thái gửi tin theo hồ sơ</caption>
            <thead>
              <tr>
                <th scope="col">Hồ sơ</th>
                <th scope="col">Trạng thái</th>
                <th scope="col">Đã gửi / chờ / lỗi</th>
                <th scope="col">Gửi gần nhất</th>
                <th scope="col">Lỗi gần nhất</th>
                <th scope="col">Thao tác</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.dossierId}>
                  <td className="nowrap">
                    <Link to={`/ho-so/${r.code}`}>{r.code}</Link>
                  </td>
                  <td>
                    <span className={r.state === "failed" ? "status late" : "status"}>{STATE_NAMES[r.state]}</span>
                    {r.state === "pending" && r.nextAttemptAt ? <p className="hint">Thử lại lúc {formatDateTime(r.nextAttemptAt)}</p> : null}
                  </td>
                  <td className="nowrap">
                    {r.sent} / {r.pending} / {r.failed}
                  </td>
                  <td>{r.lastSentAt ? formatDateTime(r.lastSentAt) : "—"}</td>
                  <td className="hint">{r.lastError ?? "—"}</td>
                  <td>
                    {r.state === "sent" ? (
                      "—"
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="channel" value={filters.channel} />
                        <input type="hidden" name="dossierId" value={r.dossierId} />
                        <button type="submit" className="secondary" aria-label={`Gửi lại hồ sơ ${r.code}`}>
                          Gửi lại
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav aria-label="Phân trang" className="actions" style={{ marginTop: "1rem" }}>
          {filters.page > 1 ? <Link to={pageLink(filters.page - 1)}>Trang trước</Link> : null}
          <span>
            Trang {filters.page}/{pages}
          </span>
          {filters.page < pages ? <Link to={pageLink(filters.page + 1)}>Trang sau</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
