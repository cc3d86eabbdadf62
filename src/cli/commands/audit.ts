// `specgate audit`: not registered yet (its issue has not landed).
import type { RegisterCommand } from '../context.js';

export const registerAudit: RegisterCommand = () => undefined;
