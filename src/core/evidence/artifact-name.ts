// Artifact names come from stages (and through them from user config): a name must stay inside
// its run directory, so only plain names and one subfolder level are accepted.
import { EvidenceError } from './errors.js';
import { EVIDENCE_FILE } from './vocabulary.js';

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/;

export function assertArtifactName(name: string): void {
  const segments = name.split('/');
  const ok = segments.length >= 1 && segments.length <= 2 && segments.every((s) => SEGMENT.test(s)) && name !== EVIDENCE_FILE.manifest && name !== 'latest';
  if (!ok) {
    throw new EvidenceError('ARTIFACT_NAME_INVALID', `artifact name '${name}' is not allowed`, {
      hint: 'use a file name relative to the run directory with at most one subfolder (e.g. `logs/test.log`): letters, digits, `._+-`, no leading dot, no `..`; manifest.json is written by specgate itself',
    });
  }
}
