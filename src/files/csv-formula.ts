/**
 * Spreadsheet formula injection: Excel, LibreOffice and Google Sheets read a CSV cell that
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula. A cell written by
 * someone else (a survey comment, an owner's name) must not become a live formula in the file
 * the head of IT opens. As OWASP recommends, such a cell gets a single quote `'` in front,
 * which spreadsheets show as text.
 *
 * So that this can be undone exactly, a cell that already starts with quotes before one of
 * those characters (`'=x`) gets one more quote as well. `restoreFormulaCell` removes exactly
 * one quote from such a cell, so `restore(neutralise(x)) === x` for every text.
 */
const RISKY = /^'*[=+\-@\t\r]/;

/** The cell as written to a CSV file: one `'` in front when a spreadsheet would read a formula. */
export function neutraliseFormulaCell(cell: string): string {
  return RISKY.test(cell) ? `'${cell}` : cell;
}

/** The cell as read from a CSV file this program wrote: the inverse of `neutraliseFormulaCell`. */
export function restoreFormulaCell(cell: string): string {
  return cell.startsWith("'") && RISKY.test(cell) ? cell.slice(1) : cell;
}
