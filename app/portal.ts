/**
 * What every page may need from the root's data, without importing the root module: the province the
 * portal serves (from the seeded agency tree) and the page language.
 */
import { useRouteLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { DEFAULT_LANGUAGE, translator, type Language } from "./i18n";
import type { Namespace } from "./locales";

type RootPortalData = { portal: { provinceName: string; address: string | null }; language: Language };

export function usePortal(): { provinceName: string; language: Language } {
  const data = useRouteLoaderData("root") as RootPortalData | undefined;
  return { provinceName: data?.portal.provinceName ?? "", language: data?.language ?? DEFAULT_LANGUAGE };
}

type MetaMatch = { id: string; data: unknown };

/**
 * For a route's `meta`: the translator of a namespace in the page's language, and the province, read
 * from the root match (meta functions cannot use hooks).
 */
export function metaTranslator<N extends Namespace>(matches: readonly MetaMatch[], namespace: N): { t: TFunction<N>; provinceName: string } {
  const root = matches.find((m) => m.id === "root")?.data as Partial<RootPortalData> | undefined;
  return { t: translator(root?.language ?? DEFAULT_LANGUAGE, namespace), provinceName: root?.portal?.provinceName ?? "" };
}
