// bundle-enzyme.mjs — makes the `Enzyme` that React 16 lesson pages get in `lessons test`.
//
// freeCodeCamp gives the hints of lessons that require React 16 a closure variable `Enzyme`:
// Enzyme 3 configured with the React 16 adapter (FCC-RUNNER.md §2). Enzyme is CommonJS, so it is
// bundled here, once, by `npm ci` (the `postinstall` script of package.json), with esbuild, into
// node_modules/.lessons/enzyme.js, which src/hints/dom.rs serves to the lesson frame. Nothing of
// it is in the repository.
//
// React, ReactDOM and their server and test-utils builds are not bundled: they resolve to the
// page's own globals (the UMD builds the lesson's `required` list loads), so that Enzyme renders
// with the very React the lesson's components were made with.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const out = join(root, 'node_modules', '.lessons', 'enzyme.js');

const globals = {
  react: 'React',
  'react-dom': 'ReactDOM',
  'react-dom/server': 'ReactDOMServer',
  'react-dom/test-utils': 'ReactTestUtils',
};

const pageGlobals = {
  name: 'page-globals',
  setup(b) {
    b.onResolve({ filter: /^react(-dom(\/server|\/test-utils)?)?$/ }, (args) => ({ path: args.path, namespace: 'page-global' }));
    b.onLoad({ filter: /.*/, namespace: 'page-global' }, (args) => ({
      contents: 'module.exports = globalThis.' + globals[args.path] + ';',
      loader: 'js',
    }));
  },
};

const entry = `
const Enzyme = require('enzyme');
const Adapter = require('enzyme-adapter-react-16');
Enzyme.configure({ adapter: new Adapter() });
module.exports = Enzyme;
`;

mkdirSync(dirname(out), { recursive: true });
await build({
  stdin: { contents: entry, resolveDir: root, loader: 'js' },
  bundle: true,
  format: 'iife',
  globalName: '__lessonsEnzyme',
  platform: 'browser',
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  // Cheerio (Enzyme's `render`) asks for three Node built-ins: their browser ports from npm.
  alias: { stream: 'stream-browserify' },
  inject: [join(dirname(fileURLToPath(import.meta.url)), 'enzyme-globals.mjs')],
  plugins: [pageGlobals],
  outfile: out,
  logLevel: 'warning',
});
console.log('lessons: bundled Enzyme for React 16 lessons into ' + out);
