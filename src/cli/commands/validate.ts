// `specgate validate`: not registered yet (its issue has not landed).
import type { RegisterCommand } from '../context.js';

export const registerValidate: RegisterCommand = () => undefined;
