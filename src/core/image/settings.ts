// What the image's config says about the process, derived from specgate.yaml and the run: the
// entrypoint from deploy.command, PORT and the run's identity in the environment, the port, a
// non-root user, and the OCI annotation labels (revision, source, created) plus specgate's own.
import type { ConfigSettings } from './oci.js';

export interface ImageSettingsInput {
  readonly command: string | undefined;
  readonly workdir: string;
  readonly user: string;
  readonly port: number;
  readonly env: Readonly<Record<string, string>>;
  readonly created: string;
  readonly revision: string | null;
  readonly source: string | undefined;
  readonly runId: string;
  readonly featureSha: string;
  readonly diffId: string;
  readonly toolVersion: string;
}

// A command made of plain words runs without a shell (distroless bases have none).
const PLAIN_WORDS = /^[A-Za-z0-9_@%+=:,./-]+(?:\s+[A-Za-z0-9_@%+=:,./-]+)*$/;

export function entrypointOf(command: string | undefined): string[] {
  if (command === undefined || command.trim() === '') return [];
  const text = command.trim();
  return PLAIN_WORDS.test(text) ? text.split(/\s+/) : ['/bin/sh', '-c', text];
}

export function imageSettings(input: ImageSettingsInput): ConfigSettings {
  return {
    entrypoint: entrypointOf(input.command),
    env: { ...input.env, PORT: String(input.port), SPECGATE_RUN_ID: input.runId, SPECGATE_FEATURE_SHA: input.featureSha },
    workdir: input.workdir,
    ports: [input.port],
    user: input.user,
    labels: {
      'org.opencontainers.image.created': input.created,
      ...(input.revision === null ? {} : { 'org.opencontainers.image.revision': input.revision }),
      ...(input.source === undefined ? {} : { 'org.opencontainers.image.source': input.source }),
      'dev.specgate.run-id': input.runId,
      'dev.specgate.feature-sha': input.featureSha,
    },
    created: input.created,
    diffId: input.diffId,
    createdBy: `specgate ${input.toolVersion} image build`,
  };
}
