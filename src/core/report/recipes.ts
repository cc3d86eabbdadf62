// How a reader checks each claim of the report without trusting it (or us): the commands to run in
// the run's folder. Every verification row links here; the report lists only the recipes it uses.

import { LEDGER_PATH } from '../evidence/vocabulary.js';

export type RecipeId = 'spec' | 'scenarios' | 'budgets' | 'sast' | 'sbom' | 'digests' | 'signatures' | 'provenance' | 'deploy' | 'ledger' | 'approval';

export interface Recipe {
  readonly id: RecipeId;
  readonly title: string;
  /** Shell lines, run from the run folder (`reports/<feature-sha>/<run-id>/`). */
  readonly steps: readonly string[];
}

/** `{run}` is replaced by the run id. */
const RECIPES: Readonly<Record<RecipeId, Omit<Recipe, 'id'>>> = {
  spec: { title: 'Spec validation', steps: ['jq \'.status, .findings\' spec-validation-report.json', 'specgate validate   # re-validates the spec files of this commit'] },
  scenarios: { title: 'Scenarios and code coverage', steps: ['jq \'.totals, .percentPassed, .threshold, .code\' spec-coverage.json', 'jq \'.scenarios[] | select(.status != "passed") | {scenario, step, error}\' spec-coverage.json'] },
  budgets: { title: 'Declared budgets and measured usage', steps: ['jq \'.features, .totals, .measured\' resource-estimates.json', 'jq \'.resources\' deploy-report.json'] },
  sast: { title: 'Static analysis (SAST)', steps: ['jq \'.runs[] | {tool: .tool.driver.name, results: [.results[] | {level, ruleId}]}\' sast.sarif'] },
  sbom: { title: 'Software bill of materials', steps: ['jq \'.specVersion, (.components | length)\' sbom.cyclonedx.json'] },
  digests: { title: 'Evidence digests', steps: ['jq -r \'.artifacts[] | "\\(.sha256)  \\(.path)"\' manifest.json | sha256sum -c -'] },
  signatures: {
    title: 'Signatures',
    steps: ['specgate verify {run} --key TRUSTED.pub', 'openssl dgst -sha256 -verify TRUSTED.pub -signature <(base64 -d < manifest.json.sig) manifest.json'],
  },
  provenance: { title: 'Provenance (DSSE / in-toto)', steps: ['specgate verify {run} --key TRUSTED.pub   # checks the DSSE signature and that its subjects match the files'] },
  deploy: { title: 'Deployment', steps: ['jq \'.final, [.attempts[] | {outcome, decision}], .rolledBack\' deploy-report.json'] },
  ledger: { title: 'Audit ledger chain', steps: ['specgate audit verify --key TRUSTED.pub   # recomputes the whole chain and compares the signed anchors', `grep ' {run} ' ../../${LEDGER_PATH}`] },
  approval: { title: 'Approval', steps: ['jq \'.approvals, .initiator\' manifest.json', 'specgate report --json | jq .approvals.entries  # verification: checked against approvers: in specgate.yaml'] },
};

/** The recipes for these ids, in the order given, with the run id filled in. */
export function recipesFor(ids: readonly RecipeId[], runId: string): Recipe[] {
  return [...new Set(ids)].map((id) => ({ id, title: RECIPES[id].title, steps: RECIPES[id].steps.map((s) => s.replaceAll('{run}', runId)) }));
}

/** The anchor a recipe is reached by (`verify-digests`), the same in Markdown and HTML. */
export const recipeAnchor = (id: RecipeId): string => `verify-${id}`;
