/**
 * validate.mjs — checks every generated page with html-validate (its recommended preset), for
 * tests/e2e.rs. LESSONS_SITE_DIR is the built site. Prints each problem as
 * `path:line:col rule message` and a last line `N pages, N errors`; exits 1 on any error.
 */
import { HtmlValidate } from 'html-validate';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.env.LESSONS_SITE_DIR;
if (!root) throw new Error('LESSONS_SITE_DIR is not set (run this through `cargo test --test e2e`)');

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {},
});

function pages(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return pages(path);
    return e.name.endsWith('.html') ? [path] : [];
  });
}

let errors = 0;
const files = pages(root);
for (const file of files) {
  const report = await validator.validateFile(file);
  for (const result of report.results) {
    for (const m of result.messages) {
      if (m.severity !== 2) continue;
      errors++;
      console.log(`${relative(root, file)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
    }
  }
}
console.log(`${files.length} pages, ${errors} errors`);
process.exit(errors ? 1 : 0);
