// `specgate run`: not registered yet (its issue has not landed).
import type { RegisterCommand } from '../context.js';

export const registerRun: RegisterCommand = () => undefined;
