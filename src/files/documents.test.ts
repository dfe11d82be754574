import assert from 'node:assert/strict';
import { it } from 'node:test';
import { extensionOf, sniffDocumentType } from './documents.js';

const zip = (...names: string[]) =>
  Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), ...names.map((n) => Buffer.from(`\0\0${n}\0`))]);

it('recognises PDFs, Office files, ZIPs and images by their bytes, and nothing else', () => {
  assert.equal(sniffDocumentType(Buffer.from('%PDF-1.7\n%âãÏÓ'))?.extension, 'pdf');
  assert.equal(sniffDocumentType(zip('[Content_Types].xml', 'ppt/slides/slide1.xml'))?.extension, 'pptx');
  assert.equal(sniffDocumentType(zip('[Content_Types].xml', 'word/document.xml'))?.extension, 'docx');
  assert.equal(sniffDocumentType(zip('[Content_Types].xml', 'xl/workbook.xml'))?.extension, 'xlsx');
  assert.equal(sniffDocumentType(zip('case-study/readme.txt'))?.mime, 'application/zip');
  assert.equal(sniffDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))?.extension, 'jpg');
  assert.equal(sniffDocumentType(Buffer.from('<html><script>alert(1)</script>')), undefined);
  assert.equal(sniffDocumentType(Buffer.from('MZ\u0090\u0000')), undefined);
  assert.equal(sniffDocumentType(Buffer.alloc(0)), undefined);
});

it('names the download by the stored type', () => {
  assert.equal(extensionOf('application/pdf'), 'pdf');
  assert.equal(
    extensionOf('application/vnd.openxmlformats-officedocument.presentationml.presentation'),
    'pptx',
  );
  assert.equal(extensionOf('image/jpeg'), 'jpg');
});
