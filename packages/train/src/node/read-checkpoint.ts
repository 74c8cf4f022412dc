import { readFile } from 'node:fs/promises';
import { TricksError } from '@tftricks/core';
import { assertCheckpoint, type Checkpoint } from '../checkpoint';

/** Node: reads a checkpoint file written by `trainCommand` (or `JSON.stringify` of one). */
export async function readCheckpoint(path: string): Promise<Checkpoint> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new TricksError(
      'readCheckpoint',
      'path',
      'a readable checkpoint JSON file',
      `${JSON.stringify(path)} (${(e as Error).message})`,
    );
  }
  assertCheckpoint('readCheckpoint', 'path', value);
  return value;
}
