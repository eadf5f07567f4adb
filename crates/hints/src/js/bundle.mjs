// bundle.mjs — makes the two npm libraries that freeCodeCamp's test frame gives DOM hints, for
// the frames of `lessons test`:
//
// - `Enzyme`, for lessons that require React 16: Enzyme 3 configured with the React 16 adapter
//   (FCC-RUNNER.md §2), into node_modules/.lessons/enzyme.js;
// - `__FakeTimers`: @sinonjs/fake-timers for the frame's window, into
//   node_modules/.lessons/fake-timers.js.
//
// Both are CommonJS, so they are bundled here, once, by `npm ci` (the `postinstall` script of
// package.json), with esbuild; crates/hints/src/dom.rs serves them to the lesson frame. Nothing of them
// is in the repository.
//
// React, ReactDOM and their server and test-utils builds are not bundled: they resolve to the
// page's own globals (the UMD builds the lesson's `required` list loads), so that Enzyme renders
// with the very React the lesson's components were made with.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(root, 'node_modules', '.lessons');

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

const enzyme = `
const Enzyme = require('enzyme');
const Adapter = require('enzyme-adapter-react-16');
Enzyme.configure({ adapter: new Adapter() });
module.exports = Enzyme;
`;

// As in freeCodeCamp's frame: __FakeTimers.install() fakes this window's timers and Date.
const fakeTimers = `
const FakeTimers = require('@sinonjs/fake-timers');
module.exports = FakeTimers.withGlobal(globalThis);
`;

mkdirSync(outDir, { recursive: true });
// One IIFE per library, minified, for the browser; `extra` adds what a bundle needs besides.
const bundle = (contents, globalName, file, extra = {}) =>
  build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'iife',
    globalName,
    platform: 'browser',
    minify: true,
    outfile: join(outDir, file),
    logLevel: 'warning',
    ...extra,
  });
await bundle(fakeTimers, '__FakeTimers', 'fake-timers.js');
await bundle(enzyme, '__lessonsEnzyme', 'enzyme.js', {
  define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  // Cheerio (Enzyme's `render`) asks for three Node built-ins: their browser ports from npm.
  alias: { stream: 'stream-browserify' },
  inject: [join(here, 'enzyme-globals.mjs')],
  plugins: [pageGlobals],
});
console.log('lessons: bundled Enzyme and fake timers for the test frames into ' + outDir);
