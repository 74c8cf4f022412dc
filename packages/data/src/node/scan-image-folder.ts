import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FolderEntry } from '../image-folder';

/** Class folders and the files under them (recursively), paths relative to `root`. */
export interface FolderScan {
  /** Names of the class folders (the direct subfolders of `root`, hidden ones excluded). */
  classFolders: string[];
  /** Every file under a class folder, with its class. */
  files: FolderEntry[];
}

/**
 * Lists a `root/<class>/…/<file>` tree: each direct subfolder is a class and every file below
 * it (at any depth, following symlinks as torchvision's ImageFolder does) belongs to it.
 * Hidden entries (`.DS_Store`, `.git`) are skipped. Throws (the fs error) when `root` cannot
 * be read.
 */
export async function scanImageFolder(root: string): Promise<FolderScan> {
  const top = await readdir(root, { withFileTypes: true });
  const classFolders: string[] = [];
  const files: FolderEntry[] = [];
  for (const d of top) {
    if (d.name.startsWith('.')) continue;
    const isDir = d.isDirectory() || (d.isSymbolicLink() && (await isDirectory(join(root, d.name))));
    if (!isDir) continue;
    classFolders.push(d.name);
    await walk(root, d.name, d.name, files);
  }
  return { classFolders, files };
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function walk(root: string, rel: string, className: string, out: FolderEntry[]): Promise<void> {
  for (const d of await readdir(join(root, rel), { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue;
    const path = `${rel}/${d.name}`;
    if (d.isDirectory() || (d.isSymbolicLink() && (await isDirectory(join(root, path)))))
      await walk(root, path, className, out);
    else out.push({ path, className });
  }
}
