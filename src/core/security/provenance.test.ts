import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildProvenance, provenanceRunFacts, type ProvenanceInput } from './provenance.js';

const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv) => void }).default;
const SCHEMA = path.resolve(import.meta.dirname, '../../../test/fixtures/schemas/slsa-provenance-v1.schema.json');

function validator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
}

const INPUT: ProvenanceInput = {
  runId: '20251202005000',
  featureSha: '005cc0262265',
  mode: 'compliance',
  project: 'payments',
  initiator: 'ci',
  toolVersion: '0.1.0',
  startedAt: '2025-12-02T00:50:00.000Z',
  finishedAt: '2025-12-02T00:51:00.000Z',
  gitCommit: 'a'.repeat(40),
  specFiles: [{ path: 'features/pay.feature', sha256: 'b'.repeat(64) }],
  stages: [{ name: 'preflight', status: 'success' }],
  approvals: [{ approver: 'alice', keyFingerprint: 'SHA256:x', approvedAt: '2025-12-02T00:50:30.000Z' }],
  artifacts: [{ path: 'sast.sarif', sha256: 'c'.repeat(64) }, { path: 'manifest.json', sha256: 'd'.repeat(64) }],
};

describe('SLSA Provenance v1', () => {
  const validate = validator();

  it('builds an in-toto Statement v1 whose predicate validates against the SLSA v1 schema', () => {
    const statement = buildProvenance(INPUT);
    expect(validate(statement), JSON.stringify(validate.errors)).toBe(true);
    expect(statement.predicate.runDetails.metadata).toEqual({ invocationId: INPUT.runId, startedOn: INPUT.startedAt, finishedOn: INPUT.finishedAt });
    expect(statement.predicate.buildDefinition.resolvedDependencies).toEqual([
      { name: 'features/pay.feature', digest: { sha256: 'b'.repeat(64) } },
      { name: 'git-commit', digest: { gitCommit: 'a'.repeat(40) } },
    ]);
    expect(statement.subject.map((s) => s.name)).toEqual(['manifest.json', 'sast.sarif']);
    expect(provenanceRunFacts(statement.predicate)).toEqual({ runId: INPUT.runId, featureSha: INPUT.featureSha, mode: 'compliance' });
  });

  it('the schema rejects the pre-SLSA predicate shape and a missing builder id', () => {
    const statement = buildProvenance(INPUT);
    expect(validate({ ...statement, predicateType: 'https://specgate.dev/provenance/v1' })).toBe(false);
    expect(validate({ ...statement, predicate: { builder: { id: 'x' }, run: {} } })).toBe(false);
    const noBuilder = { ...statement, predicate: { ...statement.predicate, runDetails: { builder: {} } } };
    expect(validate(noBuilder)).toBe(false);
    // Only the fields of SLSA v1.0's provenance.proto: v1-rc1's systemParameters and a subject without digest are refused.
    const rc1 = { ...statement, predicate: { ...statement.predicate, buildDefinition: { ...statement.predicate.buildDefinition, systemParameters: {} } } };
    expect(validate(rc1)).toBe(false);
    expect(validate({ ...statement, subject: [{ name: 'manifest.json' }] })).toBe(false);
  });

  it('reads no run facts from a predicate that has none', () => {
    expect(provenanceRunFacts(null)).toEqual({ runId: undefined, featureSha: undefined, mode: undefined });
  });
});
