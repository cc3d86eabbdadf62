// Secrets stay secret: the signing key (SPECGATE_SIGNING_KEY) and its passphrase must never reach
// a child process's environment or any evidence file. Stages that run project commands pass
// their environment through `withoutSecrets` and their logs through `redactSecrets`.
import type { SpecgateConfig } from '../../core/config/schema.js';
import { SIGNING_KEY_ENV } from '../../adapters/security/node-signer.js';

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

/**
 * Replaces every occurrence of a secret's value (and of each line of a PEM key) with
 * `[REDACTED NAME]`: a build script could still print one it read from a file.
 */
export function redactSecrets(text: string, env: Env, config: Pick<SpecgateConfig, 'signing'>): string {
  let out = text;
  for (const name of secretEnvNames(config)) {
    const value = env[name];
    if (value === undefined || value.trim().length < 4) continue;
    const needles = [value, ...value.split(/\r?\n/).filter((line) => line.trim().length >= 16 && !line.startsWith('-----'))];
    for (const needle of needles.sort((a, b) => b.length - a.length)) out = out.split(needle).join(`[REDACTED ${name}]`);
  }
  return out;
}
