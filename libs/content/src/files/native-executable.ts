/**
 * Native executables, recognised by their first bytes and never by name: a file called
 * results.bin, a shell script, a jar or a class file is data here (teachers share them),
 * while a Windows, Linux or macOS program is refused whatever it is called.
 * Answers the format's name, or null.
 */
export function nativeExecutableFormat(head: Buffer): string | null {
  if (head.length < 4) return null;
  const magicBE = head.readUInt32BE(0);
  if (magicBE === 0x7f454c46) return 'ELF';
  // Mach-O, 32 and 64 bit, either byte order.
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magicBE)) return 'Mach-O';
  // Universal ("fat") Mach-O shares 0xCAFEBABE with Java class files: a fat header counts
  // its architectures (a few), a class file has its version there (45 and up), as file(1) tells them apart.
  if ((magicBE === 0xcafebabe || magicBE === 0xcafebabf) && head.length >= 8) {
    const architectures = head.readUInt32BE(4);
    if (architectures > 0 && architectures < 20) return 'Mach-O universal';
  }
  if (head[0] === 0x4d && head[1] === 0x5a) return portableExecutable(head);
  return null;
}

/**
 * "MZ" opens DOS and Windows programs (PE) but also any text that starts with those two
 * letters: a PE signature where the DOS header points settles it; without one, only a
 * header that is not text counts (a DOS program).
 */
function portableExecutable(head: Buffer): string | null {
  if (head.length >= 0x40) {
    const offset = head.readUInt32LE(0x3c);
    if (offset + 4 <= head.length && head.readUInt32BE(offset) === 0x50450000) return 'PE';
  }
  const header = head.subarray(0, 0x40);
  const looksText = !header.some((byte) => byte < 0x09 || (byte > 0x0d && byte < 0x20));
  return header.length >= 0x1c && !looksText ? 'DOS MZ' : null;
}
