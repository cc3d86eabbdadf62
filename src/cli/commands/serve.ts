// `specgate serve`: not registered yet (its issue has not landed).
import type { RegisterCommand } from '../context.js';

export const registerServe: RegisterCommand = () => undefined;
