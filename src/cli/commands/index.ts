// The command registry: one file per command, listed here in the order `--help` shows them.
// Command files import only commander and light helpers at load time; the work they do is
// imported lazily inside the action, so `specgate --version` stays fast.
import type { RegisterCommand } from '../context.js';
import { registerValidate } from './validate.js';
import { registerId } from './id.js';
import { registerInit } from './init.js';
import { registerRun } from './run.js';
import { registerBranch } from './branch.js';
import { registerApprove } from './approve.js';
import { registerGenerate } from './generate.js';
import { registerSbom } from './sbom.js';
import { registerKeys } from './keys.js';
import { registerSign } from './sign.js';
import { registerVerify } from './verify.js';
import { registerDeploy } from './deploy.js';
import { registerImage } from './image.js';
import { registerRuns } from './runs.js';
import { registerAudit } from './audit.js';
import { registerArchive } from './archive.js';
import { registerReport } from './report.js';
import { registerServe } from './serve.js';
import { registerCi } from './ci.js';
import { registerPush } from './push.js';
import { registerPull } from './pull.js';
import { registerStore } from './store.js';

export const commands: readonly RegisterCommand[] = [
  registerValidate,
  registerId,
  registerInit,
  registerRun,
  registerBranch,
  registerApprove,
  registerGenerate,
  registerSbom,
  registerKeys,
  registerSign,
  registerVerify,
  registerDeploy,
  registerImage,
  registerRuns,
  registerAudit,
  registerArchive,
  registerReport,
  registerServe,
  registerCi,
  registerPush,
  registerPull,
  registerStore,
];
