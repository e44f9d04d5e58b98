/** Decoding of file bytes: UTF-8 with or without BOM only. */

export type Decoded = { ok: true; text: string } | { ok: false; message: string; line: number; column: number };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Line and column of a byte offset, counting lines by LF bytes. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Decodes UTF-8 text. A UTF-8 BOM is dropped; UTF-16, NUL bytes and invalid UTF-8 are refused with a position. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, message: 'unsupported encoding: the file is UTF-16; save it as UTF-8', line: 1, column: 1 };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { ok: false, message: 'unsupported encoding: the file contains a NUL byte (binary or UTF-16); design files and samples are UTF-8 text', ...bytePosition(bytes, nul) };
  }
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    // Find the first invalid sequence for the position.
    let lo = 0;
    let hi = bytes.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
        lo = mid;
      } catch {
        hi = mid;
      }
    }
    return { ok: false, message: 'unsupported encoding: the file is not valid UTF-8', ...bytePosition(bytes, lo) };
  }
}
