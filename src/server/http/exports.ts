/**
 * Every table the hub shows can be downloaded as CSV or XLSX (INFO-2, issue 7 "Exports"): one
 * description of the columns serves both. Money columns hold pence and are written as pounds
 * (a number formatted £#,##0.00 in XLSX); CSV cells that begin with = + - or @ are neutralised
 * so that a spreadsheet never runs them as a formula.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export type ColumnKind = 'text' | 'integer' | 'pence' | 'decimal' | 'date';

export interface ExportColumn<T> {
  header: string;
  kind?: ColumnKind;
  value: (row: T) => string | number | null | undefined;
  /** XLSX column width in characters */
  width?: number;
}

export interface ExportTable<T> {
  /** without extension: "activity-2025-26" */
  fileName: string;
  /** the XLSX sheet's name (31 characters at most) */
  sheetName: string;
  /** lines above the table in XLSX: what it shows, when, which filters */
  title?: string[];
  columns: ExportColumn<T>[];
  rows: readonly T[];
}

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A cell a spreadsheet would read as a formula gets a leading apostrophe (OWASP CSV injection). */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const csvCell = <T>(column: ExportColumn<T>, row: T): string => {
  const value = column.value(row);
  if (value === null || value === undefined) return '';
  if (column.kind === 'pence' && typeof value === 'number') return (value / 100).toFixed(2);
  return typeof value === 'number' ? String(value) : neutraliseFormula(value);
};

export function toCsv<T>(table: ExportTable<T>): string {
  return stringify([table.columns.map((c) => c.header), ...table.rows.map((row) => table.columns.map((c) => csvCell(c, row)))], { record_delimiter: '\r\n' });
}

export async function toXlsx<T>(table: ExportTable<T>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Commissioning Hub';
  const sheet = workbook.addWorksheet(table.sheetName.slice(0, 31));
  for (const line of table.title ?? []) sheet.addRow([line]).font = { bold: sheet.rowCount === 1 };
  if (table.title?.length) sheet.addRow([]);
  const headerRow = sheet.addRow(table.columns.map((c) => c.header));
  headerRow.font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: headerRow.number }];
  for (const row of table.rows) {
    sheet.addRow(table.columns.map((c) => {
      const value = c.value(row);
      if (value === null || value === undefined) return null;
      return c.kind === 'pence' && typeof value === 'number' ? value / 100 : value;
    }));
  }
  table.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.width ?? Math.max(10, Math.min(40, c.header.length + 2));
    if (c.kind === 'pence') column.numFmt = '£#,##0.00;[Red]-£#,##0.00';
    if (c.kind === 'integer') column.numFmt = '#,##0';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Sends the table as a download in the asked format. */
export async function sendTable<T>(reply: FastifyReply, format: ExportFormat, table: ExportTable<T>) {
  const name = table.fileName.replace(/[^A-Za-z0-9._-]+/g, '-');
  if (format === 'csv') {
    return reply.header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .send(`\uFEFF${toCsv(table)}`); // the BOM makes Excel read UTF-8
  }
  return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${name}.xlsx"`)
    .send(await toXlsx(table));
}
