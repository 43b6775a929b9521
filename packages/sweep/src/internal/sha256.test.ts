import { createHash } from 'node:crypto';
import { sha256Hex } from './sha256';

describe('sha256Hex (environment-neutral ids)', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto on every length across the padding boundaries and on non-ASCII text', () => {
    // Lengths 0…200 cover one, two and four 64-byte blocks and the 55/56-byte padding edge.
    let s = '';
    for (let n = 0; n <= 200; n++) {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      s += String.fromCharCode(97 + ((n * 7) % 26));
    }
    const unicode = 'table1-cell\n{"σ":0.5,"η":"auto","name":"λ_min ≥ 0 ✓"}';
    expect(sha256Hex(unicode)).toBe(createHash('sha256').update(unicode, 'utf8').digest('hex'));
  });
});
