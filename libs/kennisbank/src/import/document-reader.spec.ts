import { describe, expect, it } from '@jest/globals';
import { DocumentRejected, readDocument } from './document-reader.js';
import { cleanFileName } from './import.service.js';

describe('readDocument', () => {
  it('reads UTF-8, and the Windows-1252 of older documents', async () => {
    expect(await readDocument('a.txt', Buffer.from('Creëren', 'utf8'))).toEqual({ kind: 'text', text: 'Creëren' });
    expect((await readDocument('a.txt', Buffer.from([0x43, 0x72, 0x65, 0xeb, 0x72, 0x65, 0x6e]))).text).toBe('Creëren');
  });

  it('reads a text that quotes %PDF- as text, not as a PDF', async () => {
    expect(await readDocument('a.txt', Buffer.from('Een PDF begint met %PDF-1.7, zie bijlage.'))).toMatchObject({ kind: 'text' });
  });

  it('refuses empty and binary files with their reason', async () => {
    await expect(readDocument('a.txt', Buffer.alloc(0))).rejects.toThrow(/empty/);
    await expect(readDocument('a.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]))).rejects.toThrow(DocumentRejected);
    await expect(readDocument('a.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]))).rejects.toThrow(/binary/);
  });

  it('turns a Markdown header into the kennisbank layout and keeps the body as Markdown', async () => {
    const { kind, text } = await readDocument(
      'a.md',
      Buffer.from('# Thema\n\n## De titel\n\n**Door:** Jan Jansen; HAN\n\n__Trefwoorden__: a, b\n\nDe **tekst**.'),
    );
    expect(kind).toBe('markdown');
    expect(text).toBe('Thema\n\nDe titel\n\nDoor: Jan Jansen; HAN\n\nTrefwoorden: a, b\n\nDe **tekst**.');
  });
});

describe('cleanFileName', () => {
  it('keeps the base name, without control or format characters, within 255 bytes', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\jan\\ver\u0000sl\u200Bag.pdf')).toBe('verslag.pdf');
    expect(cleanFileName('\u0007')).toBe('document');
    expect(Buffer.byteLength(cleanFileName(`${'ë'.repeat(300)}.txt`))).toBeLessThanOrEqual(255);
  });
});
