// node-postgres, loaded without its Cloudflare probe (pg-navigator.ts). ES modules evaluate in
// import order: the stand-in `navigator` exists while pg loads and is gone once this body runs.
import { restoreNavigator } from './pg-navigator.js';
import pg from 'pg';

restoreNavigator();

export default pg;
