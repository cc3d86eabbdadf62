// Loaded by specgate's scenario runner as cucumber support code: registers the HTTP step library
// on specgate's own cucumber instance, then the project's step files. A project step file either
// registers steps itself or default-exports `(cucumberApi) => void` (what `specgate generate`
// scaffolds), which needs no dependency in the project.
import * as cucumber from '@cucumber/cucumber';
import { pathToFileURL } from 'node:url';
import { defineHttpSteps } from './http-steps.js';

defineHttpSteps(cucumber);

const files = (process.env.SPECGATE_PROJECT_STEPS ?? '').split('\n').filter((f) => f !== '');
for (const file of files) {
  const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  if (typeof mod.default === 'function') (mod.default as (api: typeof cucumber) => void)(cucumber);
}
