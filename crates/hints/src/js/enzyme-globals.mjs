// enzyme-globals.mjs — what the Enzyme bundle (bundle.mjs) finds as Node globals.
export { Buffer } from 'buffer';
export const process = { env: { NODE_ENV: 'production' }, nextTick: (f, ...a) => Promise.resolve().then(() => f(...a)), browser: true };
