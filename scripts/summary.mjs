// Prints the plain closing line CI reads: "N passed, N failed" (", N skipped").
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
const line = `${report.numPassedTests} passed, ${report.numFailedTests} failed`;
console.log(`tests: ${skipped ? `${line}, ${skipped} skipped` : line}`);
process.exit(report.numFailedTests > 0 || report.numPassedTests === 0 ? 1 : 0);
