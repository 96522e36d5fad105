/**
 * The officers' queues (issue 10): tabs with counts, the filter form, the dossiers as cards and page
 * links. Plain links and a GET form, so everything works without JavaScript. Cards, not a table: on
 * a 375 px phone a row of eight columns would scroll sideways; on a wide screen the cards line up.
 */
import { Form, Link } from "@remix-run/react";
import { formatDateTime } from "../../labels";

type Tab = { key: string; label: string; count: number; active: boolean; href: string };
type Remaining = { text: string; tone: "none" | "ok" | "soon" | "late" } | null;
type Row = {
  code: string;
  procedureName: string;
  applicantName: string;
  status: number;
  statusName: string;
  channelName: string;
  stepName: string | null;
  submittedAt: string;
  stepDueAt: string | null;
  dueAt: string | null;
  stepRemaining: Remaining;
  remaining: Remaining;
  assignee: string | null;
  unitName: string | null;
  cameBack: string | null;
  claim: { version: number; transactionId: string } | null;
};
type Choice = { id: string; name: string };
type FilterModel = {
  queue: { key: string };
  query: { q: string; procedureId: string; channel: string; status: string; from: string; to: string; sort: string };
  filtered: boolean;
  choices: { procedures: Choice[]; channels: Choice[]; statuses: Choice[]; sorts: Choice[] };
};
type Pagination = {
  page: number;
  pageCount: number;
  previous: string | null;
  next: string | null;
  pages: Array<{ n: number; href: string; current: boolean } | null>;
};

export function QueueTabs({ tabs }: { tabs: Tab[] }) {
  return (
    <nav aria-label="Hàng đợi hồ sơ" className="queue-tabs">
      <ul>
        {tabs.map((t) => (
          <li key={t.key}>
            <Link to={t.href} aria-current={t.active ? "page" : undefined} className={t.active ? "active" : undefined} data-queue={t.key}>
              {t.label} <span className="count" data-testid={`count-${t.key}`}>{t.count}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Select({ id, name, label, value, choices, empty }: { id: string; name: string; label: string; value: string; choices: Choice[]; empty: string }) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        {empty ? <option value="">{empty}</option> : null}
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export function QueueFilters({ model }: { model: FilterModel }) {
  const { query, choices } = model;
  return (
    <Form method="get" className="queue-filters card" role="search" aria-label="Tìm kiếm và lọc hồ sơ">
      <input type="hidden" name="hang" value={model.queue.key} />
      <div className="queue-search">
        <label htmlFor="queue-q">Tìm theo mã hồ sơ, tên người nộp, số CCCD hoặc số điện thoại</label>
        <input id="queue-q" name="q" type="search" defaultValue={query.q} />
      </div>
      <details open={model.filtered}>
        <summary>Lọc và sắp xếp</summary>
        <div className="filter-grid">
          <Select id="queue-procedure" name="thu-tuc" label="Thủ tục" value={query.procedureId} choices={choices.procedures} empty="Tất cả thủ tục" />
          <Select id="queue-channel" name="kenh" label="Kênh nộp" value={query.channel} choices={choices.channels} empty="Tất cả kênh" />
          <Select id="queue-status" name="trang-thai" label="Trạng thái" value={query.status} choices={choices.statuses} empty="Tất cả trạng thái" />
          <div>
            <label htmlFor="queue-from">Nộp từ ngày</label>
            <input id="queue-from" name="tu-ngay" type="date" defaultValue={query.from} />
          </div>
          <div>
            <label htmlFor="queue-to">Đến ngày</label>
            <input id="queue-to" name="den-ngay" type="date" defaultValue={query.to} />
          </div>
          <Select id="queue-sort" name="sap-xep" label="Sắp xếp" value={query.sort} choices={choices.sorts} empty="" />
        </div>
      </details>
      <p className="actions">
        <button type="submit" className="primary">
          Tìm
        </button>
        {model.filtered ? <Link to={`/can-bo?hang=${model.queue.key}`}>Bỏ lọc</Link> : null}
      </p>
    </Form>
  );
}

function Due({ label, at, remaining }: { label: string; at: string | null; remaining: Remaining }) {
  if (!remaining) return null;
  return (
    <div className={`due due-${remaining.tone}`}>
      <dt>{label}</dt>
      <dd>
        <strong>{remaining.text}</strong>
        {at ? <span className="hint"> (hạn {formatDateTime(at)})</span> : null}
      </dd>
    </div>
  );
}

export function QueueList({ rows, filtered }: { rows: Row[]; filtered: boolean }) {
  if (rows.length === 0) {
    return <p>{filtered ? "Không có hồ sơ nào khớp bộ lọc." : "Không có hồ sơ nào trong hàng đợi này."}</p>;
  }
  return (
    <ol className="queue-list">
      {rows.map((r) => (
        <li key={r.code} className="queue-card" data-code={r.code}>
          <div className="queue-card-head">
            <Link to={`/ho-so/${r.code}`} className="queue-code">
              {r.code}
            </Link>
            <span className={`status status-${r.status}`}>{r.statusName}</span>
          </div>
          <p className="queue-procedure">{r.procedureName}</p>
          {r.cameBack ? (
            <p className="came-back" data-testid="came-back">
              {r.cameBack}
            </p>
          ) : null}
          <dl className="queue-facts">
            <div>
              <dt>Người nộp</dt>
              <dd>{r.applicantName}</dd>
            </div>
            <div>
              <dt>Nộp lúc</dt>
              <dd>
                {formatDateTime(r.submittedAt)} · {r.channelName}
              </dd>
            </div>
            {r.stepName ? (
              <div>
                <dt>Bước</dt>
                <dd>{r.stepName}</dd>
              </div>
            ) : null}
            <div>
              <dt>Người xử lý</dt>
              <dd data-testid="queue-assignee">
                {r.assignee ?? "Chưa phân công"}
                {r.unitName ? ` — ${r.unitName}` : ""}
              </dd>
            </div>
            <Due label="Hạn bước" at={r.stepDueAt} remaining={r.stepRemaining} />
            <Due label="Hạn giải quyết" at={r.dueAt} remaining={r.remaining} />
          </dl>
          {r.claim ? (
            <Form method="post" action={`/ho-so/${encodeURIComponent(r.code)}?index`} encType="multipart/form-data" className="queue-claim">
              <input type="hidden" name="intent" value="CLAIM" />
              <input type="hidden" name="version" value={r.claim.version} />
              <input type="hidden" name="transactionId" value={r.claim.transactionId} />
              <button type="submit" className="secondary" aria-label={`Nhận xử lý hồ sơ ${r.code}`}>
                Nhận xử lý
              </button>
            </Form>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function QueuePagination({ pagination }: { pagination: Pagination }) {
  if (pagination.pageCount <= 1) return null;
  return (
    <nav aria-label="Trang" className="pagination">
      <ul>
        {pagination.previous ? (
          <li>
            <Link to={pagination.previous}>‹ Trang trước</Link>
          </li>
        ) : null}
        {pagination.pages.map((p, i) =>
          p === null ? (
            <li key={`gap-${i}`} aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p.n}>
              <Link to={p.href} aria-current={p.current ? "page" : undefined} aria-label={`Trang ${p.n}`}>
                {p.n}
              </Link>
            </li>
          ),
        )}
        {pagination.next ? (
          <li>
            <Link to={pagination.next}>Trang sau ›</Link>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
