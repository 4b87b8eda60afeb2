// Writing small WebAssembly modules byte by byte (the SIMD and forest kernels spell out their
// instructions in the files that use them): the integer encoding and the framing of a module.

/** Bytes of an unsigned LEB128 integer (WebAssembly's variable-length integers). */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** Bytes of a signed LEB128 integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
}

/** A vector: its length, then its items. */
export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
/** A name: its UTF-8 bytes as a vector. */
export const name = (s: string): number[] => [...uleb(Buffer.byteLength(s)), ...Array.from(Buffer.from(s))];
/** A module section: id, byte length, bytes. */
export const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
