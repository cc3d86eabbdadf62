// The workflow's triggers: reusable from other workflows (workflow_call, with the inputs and the
// secrets it reads) and startable by hand (workflow_dispatch, mode as a choice).
import { IMAGE_INPUT, IMAGE_SECRETS } from './github-image.js';

const INPUTS = {
  mode: { description: 'Gate strictness: sandbox (warn and continue) or compliance (strict, fail fast)', type: 'string', required: false, default: 'sandbox' },
  'runs-on': { description: 'Runner label for every job', type: 'string', required: false, default: 'ubuntu-latest' },
  'node-version': { description: 'Node.js version', type: 'string', required: false, default: '20' },
  'evidence-retention-days': { description: 'Days GitHub keeps the evidence artifacts', type: 'number', required: false, default: 90 },
  ...IMAGE_INPUT,
};

/** Reusable (workflow_call, with the secrets it reads) and startable by hand (workflow_dispatch). */
export function triggers(): Record<string, unknown> {
  return {
    workflow_call: {
      inputs: INPUTS,
      secrets: {
        SPECGATE_SIGNING_KEY: { description: 'PKCS#8 PEM private key that signs the evidence (required in compliance mode)', required: false },
        SPECGATE_KEY_PASSPHRASE: { description: 'Passphrase of the signing key, if it is encrypted', required: false },
        SPECGATE_STORE_URL: { description: 'Evidence store (postgres://USER@HOST/DB?sslmode=verify-full, no password): every job pushes its run there', required: false },
        SPECGATE_STORE_PASSWORD: { description: 'Password of the store role (given to the driver as PGPASSWORD)', required: false },
        ...IMAGE_SECRETS,
      },
    },
    workflow_dispatch: {
      inputs: { ...INPUTS, mode: { description: INPUTS.mode.description, type: 'choice', options: ['sandbox', 'compliance'], default: 'sandbox' } },
    },
  };
}
