// JUnit XML for CI systems: one testsuite per run, one testcase per stage, so any CI shows which
// stage failed and why without knowing specgate.
import type { StageOutcome } from '../evidence/vocabulary.js';

export interface JUnitStage {
  readonly name: string;
  readonly status: StageOutcome;
  readonly durationMs: number;
  readonly summary: string;
  readonly details?: readonly string[];
}

/** Escapes text for XML attribute and element content; strips characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function renderJUnit(suite: { name: string; timestamp: string; stages: readonly JUnitStage[] }): string {
  const failures = suite.stages.filter((s) => s.status === 'failure').length;
  const errors = suite.stages.filter((s) => s.status === 'blocked').length;
  const skipped = suite.stages.filter((s) => s.status === 'skipped').length;
  const warnings = suite.stages.filter((s) => s.status === 'warning').length;
  const total = suite.stages.reduce((sum, s) => sum + s.durationMs, 0);
  const secs = (ms: number): string => (ms / 1000).toFixed(3);
  const cases = suite.stages.map((s) => {
    const open = `    <testcase classname="specgate.pipeline" name="${xmlEscape(s.name)}" time="${secs(s.durationMs)}"`;
    const text = [s.summary, ...(s.details ?? [])].join('\n');
    switch (s.status) {
      case 'success':
        return `${open}/>`;
      case 'warning':
        // Passed with warnings is not a plain pass: a property CI tools can filter on, and the text says so.
        return `${open}>\n      <properties>\n        <property name="specgate.status" value="warning"/>\n      </properties>\n      <system-out>${xmlEscape(`WARNING: ${text}`)}</system-out>\n    </testcase>`;
      case 'skipped':
        return `${open}>\n      <skipped message="${xmlEscape(s.summary)}"/>\n    </testcase>`;
      case 'failure':
        return `${open}>\n      <failure message="${xmlEscape(s.summary)}" type="gate">${xmlEscape(text)}</failure>\n    </testcase>`;
      case 'blocked':
        return `${open}>\n      <error message="${xmlEscape(s.summary)}" type="blocked">${xmlEscape(text)}</error>\n    </testcase>`;
    }
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="specgate" tests="${suite.stages.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${secs(total)}">`,
    `  <testsuite name="${xmlEscape(suite.name)}" timestamp="${xmlEscape(suite.timestamp)}" tests="${suite.stages.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${secs(total)}">`,
    `    <properties>\n      <property name="specgate.warnings" value="${warnings}"/>\n    </properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
