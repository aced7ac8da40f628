import { writeFileAtomic } from '../io/atomic-write.js';
import { renderHtmlReport, type RenderReportOptions } from './html/document.js';
import type { ReportInput } from './report-input.js';

/**
 * Render the report and write it to `path` atomically (temp file in the same directory, fsync,
 * rename): an interrupted run never leaves a half-written report.
 * @param path destination `.html` file; its directory must exist.
 * @param input the results (see {@link ReportInput}).
 * @param options how charts are rendered (see RenderReportOptions). Default: one after another here.
 * @returns the number of bytes written.
 * @throws ValueError for inconsistent chart data; the fs error when the directory is missing or
 *   not writable.
 * @example
 * await writeReport('clinreg-demo/report.html', input);
 */
export async function writeReport(path: string, input: ReportInput, options: RenderReportOptions = {}): Promise<number> {
  const page = await renderHtmlReport(input, options);
  const bytes = Buffer.from(page, 'utf8');
  await writeFileAtomic(path, bytes);
  return bytes.length;
}
