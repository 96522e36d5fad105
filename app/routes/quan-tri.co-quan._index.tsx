import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AgencyForm, agencyValuesOf, EMPTY_AGENCY } from "../components/admin/agency-form";
import { KIND_NAMES, LEVEL_NAMES } from "../admin-labels";
import {
  agencyInputOf,
  agencyTree,
  saveAgency,
} from "../services/admin/agencies.server";
import { readForm } from "../services/forms.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Cơ quan, đơn vị — Quản trị" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.services, request, "manage:agencies:all");
  const tree = await agencyTree(context.services);
  return json({ tree: tree.map((a) => ({ id: a.id, name: a.name, depth: a.depth, level: a.level, kind: a.kind, identifier: a.identifier, identifierIsSample: a.identifierIsSample, active: a.active, ownHours: a.officeHours !== null })) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(context.services, request, "manage:agencies:all");
  const form = await readForm(request);
  const values = agencyValuesOf(form);
  const saved = await saveAgency(context.services, admin.id, null, agencyInputOf(values));
  if (!saved.ok) return json({ errors: saved.errors, values }, { status: 400 });
  return redirect(`/quan-tri/co-quan/${saved.id}?moi=1`);
}

export default function AgencyTree() {
  const { tree } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.errors ?? {};
  return (
    <>
      <h1>Cơ quan, đơn vị</h1>
      <p className="lead">
        Cây cơ quan theo cấp: cấp và cơ quan cấp trên là dữ liệu, nên mô hình ba cấp (tỉnh – huyện – xã) và mô hình hai cấp từ 2025 (xã trực thuộc tỉnh) đều
        khai báo được.
      </p>
      <ul className="admin-tree" aria-label="Cây cơ quan">
        {tree.map((a) => (
          <li key={a.id} style={{ paddingLeft: `${a.depth * 1.25}rem` }}>
            <Link to={`/quan-tri/co-quan/${a.id}`} className={a.active ? undefined : "inactive"}>
              {a.name}
            </Link>{" "}
            <span className="hint">
              · {LEVEL_NAMES[a.level]} · {KIND_NAMES[a.kind]}
              {a.identifier ? ` · ${a.identifier}${a.identifierIsSample ? " (dữ liệu mẫu)" : ""}` : ""}
              {a.ownHours ? " · giờ làm việc riêng" : ""}
              {a.active ? "" : " · ngừng hoạt động"}
            </span>
          </li>
        ))}
      </ul>
      <section className="card" style={{ marginTop: "1.5rem" }} aria-labelledby="them-co-quan">
        <h2 id="them-co-quan">Thêm cơ quan, đơn vị</h2>
        {Object.keys(errors).length ? (
          <div className="error-box" role="alert">
            {Object.values(errors).join(" ")}
          </div>
        ) : null}
        <AgencyForm values={data?.values ?? EMPTY_AGENCY} errors={errors} parents={tree} submitLabel="Thêm" idPrefix="new" />
      </section>
    </>
  );
}
