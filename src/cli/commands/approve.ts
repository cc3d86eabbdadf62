// `specgate approve`: not registered yet (its issue has not landed).
import type { RegisterCommand } from '../context.js';

export const registerApprove: RegisterCommand = () => undefined;
