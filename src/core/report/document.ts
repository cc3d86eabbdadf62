// The executive report as a document: sections of paragraphs, lists, tables and code, with inline
// links and status badges. Built once from the report model; markdown.ts and html.ts only print it,
// so the two formats cannot drift apart. Evidence text stays plain strings here: each renderer escapes.
import type { Verdict } from './model.js';
import { LEDGER_PATH } from '../evidence/vocabulary.js';

export type Inline =
  | string
  | { readonly code: string }
  | { readonly strong: string }
  | { readonly href: string; readonly text: string }
  | { readonly verdict: Verdict; readonly text?: string };

export type Block =
  | { readonly kind: 'p'; readonly text: readonly Inline[]; readonly note?: boolean }
  | { readonly kind: 'list'; readonly items: readonly (readonly Inline[])[]; readonly ordered?: boolean }
  | { readonly kind: 'table'; readonly head: readonly string[]; readonly rows: readonly (readonly (readonly Inline[])[])[] }
  | { readonly kind: 'pre'; readonly text: string }
  | { readonly kind: 'h3'; readonly id: string; readonly text: string };

export interface Section {
  readonly id: string;
  readonly title: string;
  readonly blocks: readonly Block[];
}

export interface ReportDocument {
  readonly title: string;
  readonly lead: readonly Inline[];
  readonly sections: readonly Section[];
  readonly footer: readonly Inline[];
}

/** Where links point: a run-relative evidence file (or the ledger) → an href. */
export interface ReportLinks {
  readonly file: (runRelativePath: string) => string;
  readonly ledger: string;
}

const encodePath = (p: string): string => p.split('/').map(encodeURIComponent).join('/');

/** Links for a report that sits in the run folder (executive-report.md, `report --out` there). */
export function runFolderLinks(prefix = ''): ReportLinks {
  return { file: (p) => `${prefix}${encodePath(p)}`, ledger: `${prefix}../../${LEDGER_PATH}` };
}

/** Links for the dashboard's report page: the files route of the run and the ledger page. */
export function dashboardLinks(featureSha: string, runId: string): ReportLinks {
  return { file: (p) => `/runs/${featureSha}/${runId}/files/${encodePath(p)}`, ledger: `/ledger?run=${runId}` };
}

export const p = (...text: Inline[]): Block => ({ kind: 'p', text });
export const list = (items: readonly (readonly Inline[])[], ordered = false): Block => ({ kind: 'list', items, ordered });
export const tableBlock = (head: readonly string[], rows: readonly (readonly (readonly Inline[])[])[]): Block => ({ kind: 'table', head, rows });
