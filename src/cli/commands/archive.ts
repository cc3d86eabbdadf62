// `specgate archive`: not registered yet (its issue has not landed).
import type { RegisterCommand } from '../context.js';

export const registerArchive: RegisterCommand = () => undefined;
