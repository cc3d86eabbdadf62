// `specgate keys`: not registered yet (its issue has not landed).
import type { RegisterCommand } from '../context.js';

export const registerKeys: RegisterCommand = () => undefined;
