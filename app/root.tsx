import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import { useMemo } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import stylesheet from "./styles.css";
import { currentUser } from "./services/auth.server";
import { readDisplayPreferences } from "./services/display.server";
import { readLanguage } from "./services/language.server";
import { readPortalIdentity } from "./services/portal-identity.server";
import { useNonce } from "./nonce";
import { RoleSwitcher } from "./components/role-switcher";
import { readsReports, roleChoicesFor } from "./services/permissions.server";
import { createI18n, DEFAULT_LANGUAGE, type Language } from "./i18n";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  const t = createI18n(data?.language ?? DEFAULT_LANGUAGE).t;
  const province = data?.portal.provinceName ?? "";
  return [{ title: t("site.metaTitle", { province }) }, { name: "description", content: t("site.metaDescription") }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = context.services.database.db;
  const user = await currentUser(db, request);
  return json({
    user: user ? { fullName: user.fullName, role: user.role, readsReports: readsReports(user.role), roleChoices: await roleChoicesFor(context.services, user) } : null,
    display: readDisplayPreferences(request),
    language: readLanguage(request),
    portal: await readPortalIdentity(db),
  });
}

type RootData = ReturnType<typeof useLoaderData<typeof loader>>;

/**
 * The reading controls (text size, contrast) and the language switch: plain forms that post and
 * come back to the same page, inside the header landmark so that every part of the page is in one.
 */
function ReadingControls({ display, language }: Pick<RootData, "display" | "language">) {
  const { t } = useTranslation();
  // Where the page is now: the root loader does not run again on client-side navigation, so its
  // idea of the current address would send the visitor back to an earlier page.
  const location = useLocation();
  const here = location.pathname + location.search;
  const other: Language = language === "vi" ? "en" : "vi";
  return (
    <div className="display-controls">
      <div role="group" aria-label={t("display.label")} className="display-group">
        {(
          [
            ["largeText", t("display.largeText"), display.largeText],
            ["highContrast", t("display.highContrast"), display.highContrast],
          ] as const
        ).map(([toggle, label, on]) => (
          <Form method="post" action="/hien-thi" key={toggle} className="inline-form">
            <input type="hidden" name="toggle" value={toggle} />
            <input type="hidden" name="back" value={here} />
            <button type="submit" className="link-button" aria-pressed={on}>
              {label}
            </button>
          </Form>
        ))}
      </div>
      <Form method="post" action="/ngon-ngu" className="inline-form language-switch">
        <input type="hidden" name="lang" value={other} />
        <input type="hidden" name="back" value={here} />
        <button type="submit" className="link-button" lang={other} aria-label={t("language.switchToLabel")} data-testid="language-switch">
          {t("language.switchTo")}
        </button>
      </Form>
    </div>
  );
}

function Header({ data }: { data: RootData }) {
  const { t } = useTranslation();
  const { user } = data;
  const officer = user && user.role !== "citizen";
  return (
    <header className="site-top">
      <ReadingControls display={data.display} language={data.language} />
      <div className="site-header">
        <div className="brand">
          <Link to="/" className="brand-link">
            <span className="brand-emblem" aria-hidden="true">
              ★
            </span>
            <span>
              <strong>{t("site.title", { province: data.portal.provinceName })}</strong>
              <small>{t("site.tagline")}</small>
            </span>
          </Link>
        </div>
        <nav aria-label={t("nav.label")} className="main-nav">
          <Link to="/thu-tuc">{t("nav.procedures")}</Link>
          <Link to="/tra-cuu">{t("nav.lookup")}</Link>
          <Link to="/tra-cuu/xac-thuc">{t("nav.verify")}</Link>
          {user?.role === "citizen" ? <Link to="/ho-so-cua-toi">{t("nav.myDossiers")}</Link> : null}
          {user?.role === "citizen" ? <Link to="/tai-khoan">{t("nav.account")}</Link> : null}
          {officer && user.role !== "admin" && user.role !== "monitor" ? <Link to="/can-bo">{t("nav.officerQueue")}</Link> : null}
          {user?.readsReports ? <Link to="/giam-sat">{t("nav.monitoring")}</Link> : null}
          {user?.role === "admin" ? <Link to="/quan-tri">{t("nav.admin")}</Link> : null}
          {user ? (
            <Form method="post" action="/dang-xuat" className="inline-form">
              <span className="who">
                {user.fullName} <small data-testid="active-role">({t(`roles.${user.role}`)})</small>
              </span>
              <button type="submit" className="link-button">
                {t("nav.signOut")}
              </button>{" "}
              <Link to="/dang-xuat">{t("nav.signOutEverywhere")}</Link>
            </Form>
          ) : null}
          {user ? <RoleSwitcher choices={user.roleChoices} /> : <Link to="/dang-nhap">{t("nav.signIn")}</Link>}
          {user ? null : <Link to="/dang-ky">{t("nav.register")}</Link>}
        </nav>
      </div>
    </header>
  );
}

function Footer({ data }: { data: RootData }) {
  const { t } = useTranslation();
  const { t: ts } = useTranslation("statistics");
  return (
    <footer className="site-footer">
      <nav aria-label={t("site.footerNav")}>
        <Link to="/thong-ke">{ts("footerLink")}</Link>
      </nav>
      <p>
        {t("site.footerCentre", { province: data.portal.provinceName })}
        {data.portal.address ? ` — ${data.portal.address}` : ""}.
      </p>
      <p>{t("site.footerSoftware")}</p>
    </footer>
  );
}

/** Header, main landmark and footer: every page has them, the error pages too. */
function SiteFrame({ data, children }: { data: RootData | undefined; children: React.ReactNode }) {
  return (
    <>
      {data ? <Header data={data} /> : null}
      <main id="noi-dung" className="content" tabIndex={-1}>
        {children}
      </main>
      {data ? <Footer data={data} /> : null}
    </>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const language = data?.language ?? DEFAULT_LANGUAGE;
  const i18n = useMemo(() => createI18n(language), [language]);
  const classes = [data?.display.largeText ? "text-large" : "", data?.display.highContrast ? "high-contrast" : ""].filter(Boolean).join(" ");
  return (
    <html lang={language} className={classes || undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <a href="#noi-dung" className="skip-link">
            {i18n.t("site.skipLink")}
          </a>
          {children}
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <SiteFrame data={data}>
      <Outlet />
    </SiteFrame>
  );
}

/** 404, 403 and the rest inside the site's own header and footer, in the visitor's language. */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? t("errors.notFoundTitle") : status === 403 ? t("errors.forbiddenTitle") : t("errors.genericTitle");
  // A route's own message (Vietnamese, from a service) is shown as it is; the generic text otherwise.
  const ownMessage = isRouteErrorResponse(error) && typeof error.data === "string" && error.data.trim() ? error.data : null;
  const fallback = status === 404 ? t("errors.notFoundText") : status === 403 ? t("errors.forbiddenText") : t("errors.genericText");
  return (
    <SiteFrame data={data}>
      <h1>{title}</h1>
      <p role="alert">{ownMessage ?? fallback}</p>
      {ownMessage && status !== 500 ? <p>{fallback}</p> : null}
      <p>
        <Link to="/">{t("errors.home")}</Link>
      </p>
    </SiteFrame>
  );
}
