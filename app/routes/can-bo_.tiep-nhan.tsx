import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { IntakePage } from "../components/desk/intake-page";
import { intakeFromRequest, intakePageModel, readIntakeQuery } from "../services/desk/intake-page.server";
import { requirePermission } from "../services/permissions.server";

export const meta: MetaFunction = () => [{ title: "Tiếp nhận hồ sơ trực tiếp — Một Cửa Thái Bình" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePermission(context.services, request, "intake:dossier:agency");
  return json(await intakePageModel(context.services, user, readIntakeQuery(new URL(request.url))));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requirePermission(context.services, request, "intake:dossier:agency");
  const answer = await intakeFromRequest(context.services, user, request, readIntakeQuery(new URL(request.url)));
  if (answer.ok) return redirect(`/ho-so/${encodeURIComponent(answer.code)}/ban-in?giay=bien-nhan&moi=1`);
  return json(answer, { status: answer.status });
}

export default function IntakeRoute() {
  return <IntakePage model={useLoaderData<typeof loader>()} reply={useActionData<typeof action>()} />;
}
