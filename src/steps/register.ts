// Loaded by specgate's scenario runner as cucumber support code: registers the HTTP step library
// on specgate's own cucumber instance, then the project's step files. A project step file either
// registers steps itself or default-exports `(cucumberApi) => void` (what `specgate generate`
// scaffolds), which needs no dependency in the project. A file that cannot be loaded, or that
// defines nothing specgate can see, is an error naming the file: never a silent "no steps".
import * as cucumber from '@cucumber/cucumber';
import { pathToFileURL } from 'node:url';
import { defineHttpSteps } from './http-steps.js';

defineHttpSteps(cucumber);

/** Thrown while loading project step files; the runner prints its message without a stack. */
export class StepFileError extends Error {
  override readonly name = 'StepFileError';
}

/** Steps and hooks registered so far on specgate's cucumber (its internal `…Configs` lists; -1 if it hides them). */
function registeredCount(): number {
  const builder = cucumber.supportCodeLibraryBuilder as unknown as Record<string, unknown>;
  const lists = Object.entries(builder).filter(([key, value]) => key.endsWith('DefinitionConfigs') && Array.isArray(value));
  return lists.length === 0 ? -1 : lists.reduce((sum, [, value]) => sum + (value as unknown[]).length, 0);
}

type Define = (api: typeof cucumber) => void;

/** The `(cucumber) => void` a module exports: ESM default, or CommonJS `exports.default` seen through ESM. */
function defineFunction(mod: { default?: unknown }): Define | undefined {
  if (typeof mod.default === 'function') return mod.default as Define;
  const inner = (mod.default as { default?: unknown } | undefined)?.default;
  return typeof inner === 'function' ? (inner as Define) : undefined;
}

async function loadStepFile(file: string): Promise<void> {
  const before = registeredCount();
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new StepFileError(`step file ${file} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  defineFunction(mod)?.(cucumber);
  if (before >= 0 && registeredCount() === before) {
    throw new StepFileError(
      `step file ${file} defines no steps: default-export (cucumber) => void, or register steps with specgate's @cucumber/cucumber ` +
        '(a copy of cucumber installed in the project registers them somewhere specgate never looks)',
    );
  }
}

const files = (process.env.SPECGATE_PROJECT_STEPS ?? '').split('\n').filter((f) => f !== '');
for (const file of files) await loadStepFile(file);
