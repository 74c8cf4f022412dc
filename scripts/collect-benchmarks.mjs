// Writes docs/benchmarks.md: the summary (docs/benchmarks/SUMMARY.md) followed by every topic
// page of docs/benchmarks/, each with its reproduce command, so one file holds every figure.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(import.meta.dirname, '..', 'docs', 'benchmarks');
const pages = readdirSync(dir)
  .filter((f) => f.endsWith('.md') && f !== 'SUMMARY.md')
  .sort();
const parts = [readFileSync(join(dir, 'SUMMARY.md'), 'utf8').trim()];
for (const page of pages) {
  // Demote each page's headings one level so they nest under this file's title.
  const text = readFileSync(join(dir, page), 'utf8').replace(/^(#+) /gm, '#$1 ');
  parts.push(`<!-- from docs/benchmarks/${page} -->\n${text.trim()}`);
}
writeFileSync(resolve(dir, '..', 'benchmarks.md'), `${parts.join('\n\n---\n\n')}\n`);
console.log(`docs/benchmarks.md: summary + ${pages.length} pages`);
