// Prints the report document as Markdown. Links are relative to the run folder by default, where the
// audit stage writes executive-report.md; every status is the model's, shown as emoji and word.
import { VERDICT_ICON, type ExecutiveReport } from './model.js';
import { mdCell } from './format.js';
import { runFolderLinks, type Block, type Inline, type ReportLinks } from './document.js';
import { reportDocument } from './report-document.js';

/** Backticks inside code would end it early: use a longer fence than any run inside. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(longest + 1);
  return longest === 0 ? `${fence}${text}${fence}` : `${fence} ${text} ${fence}`;
}

/** Link text and targets from evidence cannot open or close Markdown syntax. */
const linkText = (text: string): string => text.replace(/[[\]\\]/g, '\\$&');

function inline(x: Inline): string {
  if (typeof x === 'string') return x;
  if ('code' in x) return code(x.code);
  if ('strong' in x) return `**${x.strong}**`;
  if ('href' in x) return `[${linkText(x.text)}](${x.href.replace(/[()\s]/g, encodeURIComponent)})`;
  return `${VERDICT_ICON[x.verdict]} ${x.text ?? x.verdict}`;
}

const line = (xs: readonly Inline[]): string => xs.map(inline).join('');

function block(b: Block): string[] {
  switch (b.kind) {
    case 'p':
      return b.note === true ? [`> ${line(b.text)}`, ''] : [line(b.text), ''];
    case 'list':
      return [...b.items.map((item, i) => `${b.ordered === true ? `${i + 1}.` : '-'} ${line(item)}`), ''];
    case 'table':
      return [`| ${b.head.join(' | ')} |`, `|${b.head.map(() => '---').join('|')}|`, ...b.rows.map((r) => `| ${r.map((c) => mdCell(line(c))).join(' | ')} |`), ''];
    case 'pre':
      return ['```', b.text.replace(/```/g, '`\u200b``'), '```', ''];
    case 'h3':
      return [`<a id="${b.id}"></a>`, `### ${b.text}`, ''];
  }
}

export function renderMarkdown(r: ExecutiveReport, links: ReportLinks = runFolderLinks()): string {
  const doc = reportDocument(r, links);
  const out = [`# ${doc.title}`, '', line(doc.lead), ''];
  for (const s of doc.sections) out.push(`## ${s.title}`, '', ...s.blocks.flatMap(block));
  out.push('---', line(doc.footer), '');
  return out.join('\n');
}
