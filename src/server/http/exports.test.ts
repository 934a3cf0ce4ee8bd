import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { neutraliseFormula, toCsv, toXlsx, type ExportTable } from './exports.js';

const table: ExportTable<{ name: string; cost: number; lines: number }> = {
  fileName: 'test', sheetName: 'Cost', title: ['Cost by practice', 'April 2025'],
  columns: [
    { header: 'Practice', value: (r) => r.name },
    { header: 'Lines', kind: 'integer', value: (r) => r.lines },
    { header: 'Cost (£)', kind: 'pence', value: (r) => r.cost },
  ],
  rows: [{ name: 'Abbey Surgery', cost: 123456, lines: 12 }, { name: '=HYPERLINK("http://x")', cost: -5, lines: 0 }],
};

describe('exports', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(['=1+1', '+44', '-2', '@SUM(A1)', 'plain', '3'].map(neutraliseFormula)).toEqual(["'=1+1", "'+44", "'-2", "'@SUM(A1)", 'plain', '3']);
  });
  it('writes CSV with pounds from pence and no live formula', () => {
    expect(toCsv(table).split('\r\n')).toEqual(['Practice,Lines,Cost (£)', 'Abbey Surgery,12,1234.56', `"'=HYPERLINK(""http://x"")",0,-0.05`, '']);
  });
  it('writes XLSX with the title above a header row and money as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(table)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Cost')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Cost by practice');
    expect(sheet.getRow(4).values).toEqual([undefined, 'Practice', 'Lines', 'Cost (£)']);
    expect(sheet.getRow(5).getCell(3).value).toBe(1234.56);
    expect(sheet.getColumn(3).numFmt).toContain('£');
  });
});
