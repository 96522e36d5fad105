import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDateTime, ROLE_NAMES } from "../labels";
import { ALLOWANCE_UNIT_NAMES, STEP_KIND_NAMES, STEP_ROLES } from "../admin-labels";
import {
  procedureForAdmin,
  publishSteps,
  stepsFingerprint,
  stepsFromForm,
  workflowDiagram,
} from "../services/admin/procedures.server";
import { DossierActionError } from "../services/dossier-errors.server";
import { readForm } from "../services/forms.server";
import { requirePermission } from "../services/permissions.server";
import type { WorkflowStep } from "../../workflows/dossier-machine";

export const meta: MetaFunction = () => [{ title: "Quy trình xử lý — Quản trị" }];

type StepRow = { key: string; name: string; role: string; amount: string; unit: string; kind: string; agencyUnit: string };

const rowOf = (s: WorkflowStep): StepRow => ({
  key: s.key,
  name: s.name,
  role: s.role,
  amount: String(s.allowance.amount),
  unit: s.allowance.unit,
  kind: s.kind ?? "process",
  agencyUnit: s.unit ?? "",
});

async function load(context: LoaderFunctionArgs["context"], code: string) {
  const found = await procedureForAdmin(context.services, code);
  if (!found) throw new Response("Không tìm thấy thủ tục hành chính.", { status: 404 });
  return found;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "manage:procedures:all");
  const { procedure, versions } = await load(context, params.code ?? "");
  const latest = versions[0];
  return json({
    code: procedure.code,
    name: procedure.name,
    versions: versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt, steps: v.steps.length })),
    latestVersion: latest?.version ?? 0,
    rows: (latest?.steps ?? []).map(rowOf),
  });
}

type ActionData = {
  done: string | null;
  errors: string[];
  rows: StepRow[] | null;
  preview: { version: number; fingerprint: string; rows: StepRow[]; mermaid: string; states: ReturnType<typeof workflowDiagram>["states"] } | null;
};
const answer = (data: Partial<ActionData>, status = 200) => json({ done: null, errors: [], rows: null, preview: null, ...data } satisfies ActionData, { status });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(context.services, request, "manage:procedures:all");
  const { procedure, versions } = await load(context, params.code ?? "");
  const form = await readForm(request);
  const parsed = stepsFromForm(form);
  if (!parsed.ok) return answer({ errors: parsed.errors, rows: parsed.rows.map((r) => ({ key: r.key ?? "", name: r.name ?? "", role: r.role ?? "", amount: r.amount ?? "", unit: r.unit ?? "", kind: r.kind ?? "", agencyUnit: r.agencyUnit ?? "" })) }, 400);
  const nextVersion = (versions[0]?.version ?? 0) + 1;
  const rows = parsed.steps.map(rowOf);
  if (form.get("intent") === "publish") {
    // Only the step list whose diagram was shown can be published; anything edited since is previewed again.
    if (form.get("fingerprint") !== stepsFingerprint(parsed.steps)) {
      return answer({ errors: ["Quy trình đã thay đổi sau khi xem trước. Vui lòng xem trước sơ đồ rồi xuất bản lại."], rows }, 409);
    }
    try {
      const { version } = await publishSteps(context.services, admin.id, procedure.code, parsed.steps);
      return answer({ done: `Đã xuất bản quy trình phiên bản ${version}. Hồ sơ nộp từ bây giờ theo phiên bản này; hồ sơ đang xử lý giữ phiên bản cũ.` });
    } catch (error) {
      if (error instanceof DossierActionError) return answer({ errors: [error.message], rows }, error.status);
      throw error;
    }
  }
  const diagram = workflowDiagram(procedure.code, nextVersion, parsed.steps);
  return answer({ rows, preview: { version: nextVersion, fingerprint: stepsFingerprint(parsed.steps), rows, mermaid: diagram.mermaid, states: diagram.states } });
}

const EMPTY_ROW: StepRow = { key: "", name: "", role: "specialist", amount: "", unit: "workingDay", kind: "process", agencyUnit: "" };

function StepFields({ row, index, keys = [] }: { row: StepRow; index: number; keys?: Array<{ key: string; name: string }> }) {
  const id = (f: string) => `step-${index}-${f}`;
  const name = (f: string) => `step[${index}].${f}`;
  const isSpare = row === EMPTY_ROW;
  return (
    <fieldset className="form-row">
      <legend>{isSpare ? "Thêm bước mới" : `Bước ${index + 1}`}</legend>
      <div>
        <label htmlFor={id("key")}>Mã bước</label>
        <input id={id("key")} name={name("key")} defaultValue={row.key} />
      </div>
      <div className="wide">
        <label htmlFor={id("name")}>Tên bước</label>
        <input id={id("name")} name={name("name")} defaultValue={row.name} />
      </div>
      <div>
        <label htmlFor={id("role")}>Vai trò thực hiện</label>
        <select id={id("role")} name={name("role")} defaultValue={row.role}>
          {STEP_ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_NAMES[r]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={id("amount")}>Thời gian</label>
        <input id={id("amount")} name={name("amount")} inputMode="decimal" defaultValue={row.amount} />
      </div>
      <div>
        <label htmlFor={id("unit")}>Đơn vị thời gian</label>
        <select id={id("unit")} name={name("unit")} defaultValue={row.unit}>
          {Object.entries(ALLOWANCE_UNIT_NAMES).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={id("kind")}>Loại bước</label>
        <select id={id("kind")} name={name("kind")} defaultValue={row.kind}>
          {Object.entries(STEP_KIND_NAMES).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={id("agencyUnit")}>Đơn vị thực hiện (mã, nếu có)</label>
        <input id={id("agencyUnit")} name={name("agencyUnit")} defaultValue={row.agencyUnit} />
      </div>
      {isSpare ? (
        <div>
          <label htmlFor={id("before")}>Vị trí</label>
          <select id={id("before")} name={name("before")} defaultValue={keys.at(-1)?.key ?? ""}>
            {keys.map((k) => (
              <option key={k.key} value={k.key}>
                Trước bước “{k.name}”
              </option>
            ))}
            <option value="">Cuối danh sách</option>
          </select>
        </div>
      ) : (
        <div>
          <label>
            <input type="checkbox" name={name("remove")} /> Bỏ bước này
          </label>
        </div>
      )}
    </fieldset>
  );
}

export default function StepList() {
  const { code, name, versions, latestVersion, rows } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const shown = data?.rows ?? rows;
  const preview = data?.preview ?? null;
  return (
    <>
      <p>
        <Link to="/quan-tri/thu-tuc">← Danh sách thủ tục</Link> · <Link to={`/quan-tri/thu-tuc/${code}`}>Thông tin thủ tục</Link>
      </p>
      <h1>Quy trình xử lý thủ tục {code}</h1>
      <p className="lead">{name}</p>
      <p>
        Phiên bản đang áp dụng cho hồ sơ mới: <strong data-testid="current-version">{latestVersion}</strong>. Xuất bản tạo phiên bản mới cho hồ sơ nộp sau đó;
        hồ sơ đang xử lý giữ phiên bản đã bắt đầu.
      </p>
      {data?.done ? (
        <p className="notice" role="status">
          {data.done}
        </p>
      ) : null}
      {data?.errors.length ? (
        <div className="error-box" role="alert">
          <ul style={{ margin: 0 }}>
            {data.errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}

      {preview ? (
        <section className="card" aria-labelledby="so-do">
          <h2 id="so-do">Sơ đồ trạng thái của phiên bản {preview.version} (xem trước)</h2>
          <p className="hint">Mỗi trạng thái kèm mã trạng thái hồ sơ; mỗi dòng là một thao tác, người được làm và trạng thái hồ sơ chuyển tới.</p>
          <ol className="diagram" data-testid="diagram">
            {preview.states.map((s) => (
              <li key={s.id}>
                <strong>{s.label}</strong>
                {s.transitions.length ? (
                  <ul>
                    {s.transitions.map((t, i) => (
                      <li key={i}>
                        {t.event} → {t.to}
                        {t.effects ? <span className="hint"> ({t.effects})</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
          <details>
            <summary>Sơ đồ dạng Mermaid</summary>
            <pre className="mermaid-text">{preview.mermaid}</pre>
          </details>
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <input type="hidden" name="fingerprint" value={preview.fingerprint} />
            {preview.rows.map((r, i) =>
              Object.entries(r).map(([field, value]) => <input key={`${i}-${field}`} type="hidden" name={`step[${i}].${field}`} value={value} />),
            )}
            <p>
              <button type="submit" className="primary">
                Xuất bản phiên bản {preview.version}
              </button>
            </p>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="cac-buoc">
        <h2 id="cac-buoc">Các bước xử lý sau khi tiếp nhận</h2>
        <Form method="post" key={data?.done ?? JSON.stringify(shown)}>
          <input type="hidden" name="intent" value="preview" />
          <div className="form-rows">
            {shown.map((r, i) => (
              <StepFields key={i} row={r} index={i} />
            ))}
            <StepFields row={EMPTY_ROW} index={shown.length} keys={shown.map((r) => ({ key: r.key, name: r.name }))} />
          </div>
          <p>
            <button type="submit" className="secondary">
              Xem trước sơ đồ
            </button>
          </p>
        </Form>
      </section>

      <section className="card" aria-labelledby="phien-ban">
        <h2 id="phien-ban">Các phiên bản đã xuất bản</h2>
        <ul>
          {versions.map((v) => (
            <li key={v.version}>
              Phiên bản {v.version}: {v.steps} bước, xuất bản {formatDateTime(v.publishedAt)}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
