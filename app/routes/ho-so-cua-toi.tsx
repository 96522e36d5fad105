import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DOSSIER_STATUS_NAMES, type DossierStatusCode } from "../../workflows/dossier-status";
import { requirePermission } from "../services/permissions.server";
import { listCitizenDossiers } from "../services/dossier-queries.server";
import { DossierTable } from "../components/dossier-table";

export const meta: MetaFunction = () => [{ title: "Hồ sơ của tôi — Một Cửa Thái Bình" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(context.services, request, "read:dossier:own");
  const rows = await listCitizenDossiers(context.services, user.id);
  return json({ rows: rows.map((r) => ({ ...r, statusName: DOSSIER_STATUS_NAMES[r.status as DossierStatusCode] })) });
}

export default function MyDossiers() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Hồ sơ của tôi</h1>
      {rows.length === 0 ? (
        <p>
          Bạn chưa nộp hồ sơ nào. <Link to="/thu-tuc">Tìm thủ tục để nộp hồ sơ trực tuyến</Link>.
        </p>
      ) : (
        <DossierTable rows={rows} showApplicant={false} />
      )}
    </>
  );
}
