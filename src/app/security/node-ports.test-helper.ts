// The security tests' composition root: the real Node adapters behind the ports the use cases
// take (tests run them against temp dirs and real tools; fakes only where a test says so).
import { NodeFileSystem } from '../../adapters/node-fs.js';
import { NodeProcessRunner } from '../../adapters/process-runner.js';
import { runEslintSecurityScan } from '../../adapters/security/eslint-scan.js';

export const nodeFs = new NodeFileSystem();

/** What runSast needs beside root and config. */
export const nodeSastPorts = { fs: nodeFs, processes: new NodeProcessRunner(), eslintScan: runEslintSecurityScan };
