// The evidence domain's pure surface: run ids, checkpoint lines, the chain verifier, manifests,
// artifact names and the archive plan.
export * from './vocabulary.js';
export * from './errors.js';
export * from './run-id.js';
export * from './checkpoint.js';
export * from './verify.js';
export * from './anchors.js';
export * from './manifest.js';
export * from './artifact-name.js';
export * from './archive-plan.js';
