// Parses every .changeset/*.md with changesets' own parser, so a file a formatter mangled (its
// front matter turned into a heading) fails the lint step instead of `changeset version`.
import { readdirSync, readFileSync } from 'node:fs';
import parse from '@changesets/parse';

const dir = new URL('../.changeset/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md');
const bad = [];
for (const f of files) {
  try {
    const { releases } = parse(readFileSync(new URL(f, dir), 'utf8'));
    if (releases.length === 0) bad.push(`${f}: no releases in the front matter`);
  } catch (e) {
    bad.push(`${f}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}
if (bad.length > 0) {
  console.error(
    `check-changesets: ${bad.length} of ${files.length} changesets do not parse:\n  ${bad.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(`check-changesets: ${files.length} changesets parse`);
