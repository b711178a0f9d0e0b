// Documents made at test time: PDFs with a text layer (or without one, like a scan), XLSX workbooks and DOCX
// files. The fixture site makes its documents with the same functions.
export { textPdf, wordDocument, workbook } from '../../src/fixture-site/documents.js';
