// Secrets stay secret: the signing key (SPECGATE_SIGNING_KEY) and its passphrase must never reach
// a child process's environment or any evidence file. Stages that run project commands pass
// their environment through `withoutSecrets` and their logs through `redactorFor`/`redactSecrets`:
// the signing secrets never reach a child, and no secret value reaches a written byte.
import type { SpecgateConfig } from '../../core/config/schema.js';
import { SIGNING_KEY_ENV } from '../../core/security/ports.js';
import { Redactor, redactStrings, redactText, secretsIn } from '../../core/security/redact.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Names of the environment variables that hold signing secrets under this config. */
export function secretEnvNames(config: Pick<SpecgateConfig, 'signing'>): string[] {
  return [SIGNING_KEY_ENV, config.signing.passphraseEnv];
}

/** A copy of `env` without the signing secrets, for child processes. */
export function withoutSecrets(env: Env, config: Pick<SpecgateConfig, 'signing'>): Record<string, string | undefined> {
  const names = new Set(secretEnvNames(config));
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.has(name)));
}

/** The secret values of `env` under this config: named by the redaction policy, or the signing ones. */
export function secretValues(env: Env, config: Pick<SpecgateConfig, 'signing' | 'redaction'>): [string, string][] {
  return secretsIn(env, { namePattern: config.redaction.namePattern, names: [...config.redaction.names, ...secretEnvNames(config)] });
}

/** A streaming redactor for one captured stream (see src/core/security/redact.ts). */
export function redactorFor(env: Env, config: Pick<SpecgateConfig, 'signing' | 'redaction'>): Redactor {
  return new Redactor(secretValues(env, config));
}

/**
 * Replaces every secret value (and each line of a PEM key) with `[REDACTED NAME]` and every
 * known token shape with `[REDACTED kind]`: a build script could still print one it read from a file.
 */
export function redactSecrets(text: string, env: Env, config: Pick<SpecgateConfig, 'signing' | 'redaction'>): string {
  return redactText(text, secretValues(env, config));
}

/**
 * `emit` with every string of every event redacted: progress events (the `--json` NDJSON stream,
 * CI logs) quote command lines, gate reasons and deploy messages, which can carry a secret.
 */
export function redactingEmitter<E>(emit: (event: E) => void, env: Env, config: Pick<SpecgateConfig, 'signing' | 'redaction'>): (event: E) => void {
  const secrets = secretValues(env, config);
  return (event) => emit(redactStrings(event, secrets));
}
