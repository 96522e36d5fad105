import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { currentUser } from "../services/auth.server";
import { loadProcedure, procedureReceivers, receivesProcedure } from "../services/catalog.server";
import { translatorFor } from "../services/language.server";
import { hasPermission } from "../services/permissions.server";
import { metaTranslator, usePortal } from "../portal";
import { numberLocale } from "../i18n";
import { Pager } from "../components/catalog/pager";
import type { OfficeHours } from "../../db/schema";
import type { Allowance } from "../../workflows/calendar";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const { t, provinceName } = metaTranslator(matches, "catalog");
  return [{ title: data ? t("procedure.metaTitle", { name: data.procedure.name, province: provinceName }) : t("list.title") }];
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const row = await loadProcedure(context.services, params.code ?? "");
  if (!row) throw new Response(translatorFor(request, "catalog").t("procedure.notFound"), { status: 404 });
  const search = new URL(request.url).searchParams;
  const page = Number(search.get("trang-noi-nhan") ?? "1");
  const db = context.services.database.db;
  const receivers = await procedureReceivers(db, row.procedure.id, { q: search.get("noi-nhan") ?? "", page: Number.isInteger(page) && page > 0 && page < 1000 ? page : 1 });
  const user = await currentUser(db, request);
  // Online submission is the citizen's; the desk of an agency that receives the procedure takes the paper dossier.
  const entry =
    !user || hasPermission(user, "submit:dossier:own")
      ? "online"
      : hasPermission(user, "intake:dossier:agency") && (await receivesProcedure(db, row.procedure.id, user.agencyId))
        ? "desk"
        : null;
  const { searchText: _searchText, ...procedure } = row.procedure;
  return json({ procedure, agency: row.agency, copyCode: row.copyCode, receivers, entry });
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

function Hours({ hours }: { hours: OfficeHours | null }) {
  const { t } = useTranslation("catalog");
  if (!hours) return <>{t("procedure.defaultHours")}</>;
  const names = t("procedure.weekdays").split("|");
  return (
    <ul className="plain">
      {WEEKDAYS.map((d) => (
        <li key={d}>
          {names[d - 1]}: {hours[d]?.length ? hours[d].map(([from, to]) => `${from}–${to}`).join(", ") : t("procedure.closed")}
        </li>
      ))}
    </ul>
  );
}

function Doubtful({ when }: { when: boolean }) {
  const { t } = useTranslation("catalog");
  return when ? <div className="catalog-doubtful">{t("procedure.doubtful")}</div> : null;
}

export default function ProcedurePage() {
  const { procedure, agency, copyCode, receivers, entry } = useLoaderData<typeof loader>();
  const { t } = useTranslation("catalog");
  const { t: tc } = useTranslation("common");
  const { language } = usePortal();
  const location = useLocation();
  const online = procedure.serviceMode !== "info";
  const doubtful = (fact: string) => (procedure.doubtful as string[]).includes(fact);
  const number = (n: number) => n.toLocaleString(numberLocale(language));
  const allowance = (a: Allowance) => `${number(a.amount)} ${tc(`allowanceUnits.${a.unit}`)}`;
  const money = (amount: number) => (amount === 0 ? tc("money.free") : tc("money.amount", { amount: number(amount) }));
  const many = receivers.total > 1 || receivers.q !== "";
  return (
    <>
      <p>
        <Link to="/thu-tuc">{t("procedure.back")}</Link>
      </p>
      {/* The catalog's content is Vietnamese data, whatever the page language. */}
      <h1 lang="vi">{procedure.name}</h1>
      {t("procedure.contentLanguage") ? <p className="hint">{t("procedure.contentLanguage")}</p> : null}
      <div className="card catalog-apply">
        {online ? <p style={{ margin: 0 }}>{t("procedure.applyOnlineHint", { mode: tc(`serviceModes.${procedure.serviceMode}`) })}</p> : <p style={{ margin: 0 }}>{t("procedure.infoOnly")}</p>}
        {entry === "desk" ? (
          <Link className="button" to={`/can-bo/tiep-nhan?thu-tuc=${encodeURIComponent(procedure.code)}`}>
            {t("procedure.deskIntake")}
          </Link>
        ) : null}
        {online && entry === "online" ? (
          <Link className="button primary" to={`/thu-tuc/${procedure.code}/nop-truc-tuyen`}>
            {t("procedure.applyOnline")}
          </Link>
        ) : null}
      </div>
      <section className="card" aria-labelledby="facts">
        <h2 id="facts">{t("procedure.facts")}</h2>
        <dl className="facts">
          <dt>{t("procedure.code")}</dt>
          <dd>
            {procedure.code}
            {procedure.codeIsSample ? <div className="hint">{t("procedure.sampleCode")}</div> : null}
          </dd>
          {copyCode ? (
            <>
              <dt>{t("procedure.copyCode")}</dt>
              <dd>{copyCode}</dd>
            </>
          ) : null}
          <dt>{t("procedure.field")}</dt>
          <dd>{procedure.field}</dd>
          <dt>{t("procedure.level")}</dt>
          <dd>
            {tc(`levels.${procedure.level}`)}
            {procedure.levelNote ? <div className="hint">{procedure.levelNote}</div> : null}
            <Doubtful when={doubtful("level")} />
          </dd>
          <dt>{t("procedure.agency")}</dt>
          <dd>
            {many ? <a href="#noi-tiep-nhan">{t("procedure.whereCount", { count: receivers.total })}</a> : agency.name}
            <Doubtful when={doubtful("agency")} />
          </dd>
          <dt>{t("procedure.mode")}</dt>
          <dd>{tc(`serviceModes.${procedure.serviceMode}`)}</dd>
          <dt>{t("procedure.time")}</dt>
          <dd>
            {allowance(procedure.allowance)}
            {procedure.onlineAllowance ? <div>{t("procedure.onlineTime", { time: allowance(procedure.onlineAllowance) })}</div> : null}
            {procedure.timeNote ? <div className="hint">{procedure.timeNote}</div> : null}
            <Doubtful when={doubtful("time")} />
          </dd>
          <dt>{t("procedure.fee")}</dt>
          <dd>
            {money(procedure.feeAmount)}
            {procedure.feeNote ? <div className="hint">{procedure.feeNote}</div> : null}
            <Doubtful when={doubtful("fee")} />
          </dd>
          <dt>{t("procedure.result")}</dt>
          <dd>
            {procedure.resultName}
            <Doubtful when={doubtful("result")} />
          </dd>
          <dt>{t("procedure.legalBasis")}</dt>
          <dd>{procedure.legalBasis}</dd>
          <dt>{t("procedure.conditions")}</dt>
          <dd>{procedure.conditions ?? t("procedure.noConditions")}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="channels">
        <h2 id="channels">{t("procedure.channels")}</h2>
        <ul>
          {procedure.channels.map((c) => (
            <li key={c}>{t(c === "online" ? "procedure.channelOnline" : c === "desk" ? "procedure.channelDesk" : "procedure.channelPost")}</li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="steps">
        <h2 id="steps">{t("procedure.steps")}</h2>
        <ol>
          {procedure.applicationSteps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      </section>
      <h2 id="documents">{t("procedure.documents")}</h2>
      {procedure.documents.length === 0 ? (
        <p>{t("procedure.noDocuments")}</p>
      ) : (
        // Focusable, so that a keyboard can scroll the table on a phone.
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="documents">
          <table aria-labelledby="documents" className="catalog-documents">
            <thead>
              <tr>
                <th scope="col">{t("procedure.docName")}</th>
                <th scope="col">{t("procedure.originals")}</th>
                <th scope="col">{t("procedure.copies")}</th>
                <th scope="col">{t("procedure.required")}</th>
                <th scope="col">{t("procedure.template")}</th>
              </tr>
            </thead>
            <tbody>
              {procedure.documents.map((d) => (
                <tr key={d.name}>
                  <td>{d.name}</td>
                  <td data-label={t("procedure.originals")}>{d.originals}</td>
                  <td data-label={t("procedure.copies")}>{d.copies}</td>
                  <td data-label={t("procedure.required")}>{d.required ? t("procedure.yes") : t("procedure.no")}</td>
                  <td data-label={t("procedure.template")}>
                    {d.template ? (
                      <a href={`/thu-tuc/${procedure.code}/mau/${d.template.sha256}`} download>
                        {t("procedure.download")}
                        <span className="visually-hidden"> {d.name}</span>
                      </a>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="card" aria-labelledby="noi-tiep-nhan" style={{ marginTop: "1.5rem" }}>
        <h2 id="noi-tiep-nhan">{t("procedure.where")}</h2>
        <p>{t("procedure.whereCount", { count: receivers.total })}</p>
        {many ? (
          <Form method="get" className="search" role="search" aria-labelledby="noi-tiep-nhan" preventScrollReset>
            <label htmlFor="noi-nhan" className="visually-hidden">
              {t("procedure.whereSearch")}
            </label>
            <input id="noi-nhan" name="noi-nhan" type="search" defaultValue={receivers.q} placeholder={t("procedure.whereSearchHint")} />
            <button type="submit" className="secondary">{t("procedure.whereSubmit")}</button>
          </Form>
        ) : null}
        {receivers.items.length === 0 ? <p>{t("procedure.whereNone", { q: receivers.q })}</p> : null}
        <ul className="catalog-receivers">
          {receivers.items.map((r) => (
            <li key={r.id}>
              <strong>{r.name}</strong>
              {r.identifier ? (
                <div className="hint">
                  {t("procedure.identifier")}: {r.identifier}
                  {r.identifierIsSample ? ` (${t("procedure.sample")})` : ""}
                </div>
              ) : null}
              <div>
                {t("procedure.address")}: {r.address ?? r.parentName ?? "—"}
              </div>
              <div>
                {t("procedure.hours")}: <Hours hours={r.officeHours} />
              </div>
            </li>
          ))}
        </ul>
        <Pager search={location.search} param="trang-noi-nhan" page={receivers.page} pageCount={receivers.pageCount} label={t("procedure.where")} />
      </section>
    </>
  );
}
