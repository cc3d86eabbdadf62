// Reads the public keys of the approvers listed in specgate.yaml (`approvers: [{name, publicKey}]`,
// paths relative to the project root) for verifyApproval.
import * as path from 'node:path';
import type { FileSystem } from '../../core/ports.js';
import type { SpecgateConfig } from '../../core/config/schema.js';
import type { ListedApprover } from '../../core/security/approval.js';
import { KeyError } from '../../core/security/errors.js';
import { parsePublicKey } from '../../core/security/signature.js';

export async function loadApprovers(fs: FileSystem, root: string, approvers: SpecgateConfig['approvers']): Promise<ListedApprover[]> {
  const out: ListedApprover[] = [];
  for (const [index, approver] of approvers.entries()) {
    if (approver.publicKey === undefined) continue; // an SSH approver (allowedSigners): checked by ssh-keygen
    let pem: string;
    try {
      pem = await fs.readText(path.resolve(root, approver.publicKey));
    } catch (error) {
      throw new KeyError('KEY_UNREADABLE', `cannot read the public key of approver ${approver.name} (approvers[${index}].publicKey: ${approver.publicKey})`, {
        path: approver.publicKey,
        cause: error,
        hint: 'commit the approver’s specgate.pub at that path, relative to the project root',
      });
    }
    parsePublicKey(pem, approver.publicKey);
    out.push({ name: approver.name, publicKeyPem: pem });
  }
  return out;
}
