// `specgate generate`: not registered yet (its issue has not landed).
import type { RegisterCommand } from '../context.js';

export const registerGenerate: RegisterCommand = () => undefined;
