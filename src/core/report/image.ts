// The report's container-image line (shown when the run built one): which image (name@digest), from which base, and
// whether its cosign signature artifact exists — read from image.json, checked against its schema.
import type { RunEvidence } from './evidence.js';
import type { Check } from './model.js';
import { unusable } from './checks.js';
import { str } from './read.js';

export type ImageCheck = Check & { readonly reference: string | null; readonly digest: string | null };

export function imageCheck(ev: RunEvidence, mode: string): ImageCheck {
  const doc = ev.docs.image;
  const none = { reference: null, digest: null };
  // No image.json: nothing to claim (build.image unset, or the build stage has not run yet).
  if (doc.state === 'missing') return { status: 'na', detail: 'no container image built (build.image is not configured, or the build stage has not run)', ...none };
  const bad = unusable(doc);
  if (bad !== undefined) return { status: 'fail', detail: bad, ...none };
  const reference = str(doc.doc, 'reference');
  const digest = str(doc.doc, 'manifest.digest');
  if (reference === undefined || digest === undefined) return { status: 'fail', detail: `${doc.file} names no image digest`, ...none };
  const base = `base ${str(doc.doc, 'base.reference') ?? '?'} (${(str(doc.doc, 'base.manifestDigest') ?? '?').slice(0, 19)}…)`;
  const tag = str(doc.doc, 'signature.tag');
  // An unsigned image cannot be verified by cosign: acceptable in sandbox, not in compliance.
  if (tag === undefined) return { status: mode === 'compliance' ? 'fail' : 'warn', detail: `${reference}, ${base}; no cosign signature (no signing key)`, reference, digest };
  return { status: 'pass', detail: `${reference}, ${base}; cosign signature ${tag.slice(0, 19)}….sig`, reference, digest };
}
