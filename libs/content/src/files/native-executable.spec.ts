import { describe, expect, it } from '@jest/globals';
import { nativeExecutableFormat } from './native-executable.js';

const pad = (head: number[], length = 128) => Buffer.concat([Buffer.from(head), Buffer.alloc(length - head.length)]);

/** A DOS header whose e_lfanew points at a PE signature, as every Windows program has. */
function pe(): Buffer {
  const bytes = Buffer.alloc(256);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt16LE(4, 8);
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  bytes.writeUInt16LE(0x8664, 0x84);
  return bytes;
}

describe('native executables, by their bytes', () => {
  it('recognises ELF, PE, DOS, Mach-O (both byte orders, 32 and 64 bit) and universal Mach-O', () => {
    expect(nativeExecutableFormat(pad([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]))).toBe('ELF');
    expect(nativeExecutableFormat(pe())).toBe('PE');
    expect(nativeExecutableFormat(pad([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]))).toBe('DOS MZ');
    for (const magic of [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe]]) {
      expect(nativeExecutableFormat(pad(magic))).toBe('Mach-O');
    }
    expect(nativeExecutableFormat(pad([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]))).toBe('Mach-O universal');
    expect(nativeExecutableFormat(pad([0xca, 0xfe, 0xba, 0xbf, 0, 0, 0, 1]))).toBe('Mach-O universal');
  });

  it('takes scripts, jars, class files, data and text that starts with MZ for what they are', () => {
    expect(nativeExecutableFormat(Buffer.from('#!/bin/sh\necho hoi\n'))).toBeNull();
    expect(nativeExecutableFormat(pad([0x50, 0x4b, 0x03, 0x04]))).toBeNull(); // a jar is a zip
    expect(nativeExecutableFormat(pad([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34]))).toBeNull(); // Java 8 class file
    expect(nativeExecutableFormat(Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))).toBeNull();
    expect(nativeExecutableFormat(Buffer.from('MZ staat voor Mijn Zaak, een verslag van honderd tekens of meer, zodat de kop geheel gelezen wordt.'))).toBeNull();
    expect(nativeExecutableFormat(Buffer.from('MZ'))).toBeNull();
    expect(nativeExecutableFormat(Buffer.alloc(0))).toBeNull();
  });
});
