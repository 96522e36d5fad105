/** The monitoring pages' addresses, shared by the page models (server) and the components (browser). */
export const DASHBOARD_PATH = "/giam-sat";
export const DRILLDOWN_PATH = "/giam-sat/ho-so";
/** Where the files are answered: resource routes, since a page route renders HTML to a document request. */
export const DASHBOARD_DOWNLOAD_PATH = "/giam-sat/tai";
export const DRILLDOWN_DOWNLOAD_PATH = "/giam-sat/ho-so/tai";
