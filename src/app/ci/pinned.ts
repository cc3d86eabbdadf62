// What the exported CI installs: a pinned specgate (an exact version, a tarball in the repository
// or a git commit), never whatever `npx specgate` resolves today; and third-party actions pinned
// by commit SHA, since a tag can be moved to other code.
import { UsageError } from '../../core/errors.js';

/** Actions by full commit SHA, with the release each SHA is (shown in the step names). */
export const PINNED_ACTIONS = {
  checkout: { uses: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', release: 'v4.2.2' },
  setupNode: { uses: 'actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af', release: 'v4.1.0' },
  uploadArtifact: { uses: 'actions/upload-artifact@b4b15b8c7c6ac21ea08fcf65892d2ee8f75cf882', release: 'v4.4.3' },
  downloadArtifact: { uses: 'actions/download-artifact@fa0a91b85d4f404e444e00e005971372dc801d16', release: 'v4.1.8' },
} as const;

export interface PinnedSpecgate {
  /** The npm install spec, as written into the workflow. */
  readonly spec: string;
  /** A tarball path relative to the project folder (installed from the checkout). */
  readonly tarball: boolean;
}

const EXACT_VERSION = /^specgate@\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const GIT_COMMIT = /^git\+(?:https|ssh):\/\/[^\s#"'`$\\]+#[0-9a-f]{40}$/;
const TARBALL = /^(?:\.\/)?(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._/-]+\.tgz$/;

/** Checks `--specgate`: only specs that name one immutable build are accepted. */
export function pinnedSpecgate(spec: string | undefined, version: string): PinnedSpecgate {
  const value = spec ?? `specgate@${version}`;
  if (EXACT_VERSION.test(value) || GIT_COMMIT.test(value)) return { spec: value, tarball: false };
  if (TARBALL.test(value)) return { spec: value.replace(/^\.\//, ''), tarball: true };
  throw new UsageError('INVALID_ARGUMENT', `--specgate ${value} is not pinned to one build`, {
    hint: 'use an exact version (specgate@0.1.0), a tarball inside the project (vendor/specgate-0.1.0.tgz from `npm pack`) or git+https://…#<40-hex commit>',
  });
}

/** The step that installs the pinned copy outside the project and puts its bin on PATH. */
export function installStep(pinned: PinnedSpecgate): Record<string, unknown> {
  const target = pinned.tarball ? '"$PWD/$SPECGATE_PACKAGE"' : '"$SPECGATE_PACKAGE"';
  return {
    name: 'Install specgate (pinned)',
    env: { SPECGATE_PACKAGE: pinned.spec },
    run: `npm install --no-save --no-package-lock --ignore-scripts --no-audit --no-fund --prefix "$RUNNER_TEMP/specgate" ${target}\necho "$RUNNER_TEMP/specgate/node_modules/.bin" >> "$GITHUB_PATH"`,
  };
}
