// Project step file (the shape `specgate generate` scaffolds): adds the CLI step library to a
// scenario run. specgate's own dogfood run lists it in generate.scenarios.steps.
import { defineCliSteps, type CliStepsApi } from './cli-steps.js';

export default function defineSteps(cucumber: CliStepsApi): void {
  defineCliSteps(cucumber);
}
