// `specgate/steps`: the HTTP step library for @cucumber/cucumber. With your own cucumber:
//   import * as cucumber from '@cucumber/cucumber';
//   import { defineHttpSteps } from 'specgate/steps';
//   defineHttpSteps(cucumber);
// `specgate run`/`generate`-driven scenario runs register it for you.
export { defineHttpSteps, requestBody, type CucumberApi } from './http-steps.js';
export { defineCliSteps, splitArgs, type CliStepsApi, type CliStepsOptions } from './cli-steps.js';
export { HttpWorld, type HttpResponse, type WorldParameters } from './world.js';
export { LIBRARY_STEPS, HTTP_METHODS, isLibraryStep } from '../core/generate/step-catalog.js';
