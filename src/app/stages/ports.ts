// The adapters the stage modules need beyond StageContext, wired by the composition root
// (src/cli/compose.ts) through stageRegistry; tests hand in the real ones or fakes.
import type { HealthProbe } from '../../core/deploy/ports.js';
import type { OpenLogFile } from '../../core/ports.js';
import type { ScenarioPorts } from '../../core/scenarios/ports.js';
import type { DeployTargets, LocalStaging } from '../../core/deploy/staging-ports.js';
import type { Ledger } from '../../core/evidence/ports.js';
import type { ApprovalChecking } from '../pipeline/ports.js';
import type { ImageSources } from '../../core/image/ports.js';
import type { EslintSecurityScan, PlatformProbe } from '../../core/security/ports.js';
import type { SpecBranchPorts } from '../branch/ports.js';

export interface GenerateStagePorts {
  /** Git, disk, clock and worktree folder for publishing the spec branch, git bound to `signal`. */
  readonly specBranch: (signal: AbortSignal) => SpecBranchPorts;
}

export interface BuildStagePorts {
  /** Packs paths relative to root into deterministic .tar.gz bytes (GNU tar + gzip -n). */
  readonly pack: (root: string, paths: readonly string[], signal: AbortSignal) => Promise<Buffer>;
  /** This machine's install platform: the SBOM describes the tree npm installs here. */
  readonly currentPlatform: PlatformProbe;
  /** Base image, layouts and release archive for build.image (src/app/image). */
  readonly images: ImageSources;
}

export interface DeployStagePorts {
  readonly probe: HealthProbe;
  /** The project's local staging: deploy state folder, supervisor, deploy lock. */
  readonly staging: LocalStaging;
  /** The deploy target registry (local, Kubernetes). */
  readonly targets: DeployTargets;
}

export interface AuditStagePorts {
  /** The ledger whose chain the audit stage verifies. */
  readonly ledger: Pick<Ledger, 'verify'>;
  /** Verifies the approvals the executive report lists. */
  readonly approvals: ApprovalChecking;
}

export interface ValidateStagePorts {
  /** Streams the lint and test commands' output into their logs. */
  readonly openLog: OpenLogFile;
  /** The cucumber child and the service launcher; the project's files come from the stage context. */
  readonly scenarios: Omit<ScenarioPorts, 'fs'>;
}

/** The validate stage's SAST step (src/cli/compose-security.ts). */
export interface SastStagePorts {
  /** The built-in ESLint security scan. */
  readonly eslintScan: EslintSecurityScan;
}

export type StageAdapters = ValidateStagePorts & SastStagePorts & GenerateStagePorts & BuildStagePorts & DeployStagePorts & AuditStagePorts;
