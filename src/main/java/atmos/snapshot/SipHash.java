package atmos.snapshot;

/**
 * SipHash-2-4 with a 128-bit output (Aumasson and Bernstein, "SipHash: a fast short-input PRF"): a keyed
 * hash for short inputs. The snapshot uses it, under a random key kept in its private directory, to
 * name snapshot files and to compare environment values without storing them: without the key a hash
 * tells nothing about the value, not even by guessing likely values. Written out here because it is
 * a few lines, and the JDK's digests would load the security-provider framework on the fast path.
 */
final class SipHash {
    private final long k0;
    private final long k1;

    /** @param key 16 bytes */
    SipHash(byte[] key) {
        if (key.length != 16) {
            throw new IllegalArgumentException("SipHash needs a 16-byte key");
        }
        this.k0 = le(key, 0);
        this.k1 = le(key, 8);
    }

    /** The 128-bit hash of {@code data} as 32 lower-case hex digits. */
    String hex(byte[] data) {
        long[] h = hash128(data);
        StringBuilder b = new StringBuilder(32);
        hex(b, h[0]);
        hex(b, h[1]);
        return b.toString();
    }

    /** The 128-bit hash of the UTF-8 bytes of {@code text}. */
    String hex(String text) {
        return hex(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The 64-bit variant (SipHash-2-4), for the reference test vectors. */
    long hash64(byte[] data) {
        return run(data, false)[0];
    }

    /** The two 64-bit halves of the 128-bit variant, first half first. */
    long[] hash128(byte[] data) {
        return run(data, true);
    }

    private long[] run(byte[] m, boolean wide) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        if (wide) {
            v1 ^= 0xee;
        }
        int len = m.length;
        int end = len - (len % 8);
        long[] v = {v0, v1, v2, v3};
        for (int i = 0; i < end; i += 8) {
            long mi = le(m, i);
            v[3] ^= mi;
            round(v);
            round(v);
            v[0] ^= mi;
        }
        long b = ((long) len) << 56;
        for (int i = len % 8 - 1; i >= 0; i--) {
            b |= (m[end + i] & 0xffL) << (8 * i);
        }
        v[3] ^= b;
        round(v);
        round(v);
        v[0] ^= b;
        v[2] ^= wide ? 0xee : 0xff;
        for (int i = 0; i < 4; i++) {
            round(v);
        }
        long first = v[0] ^ v[1] ^ v[2] ^ v[3];
        if (!wide) {
            return new long[] {first};
        }
        v[1] ^= 0xdd;
        for (int i = 0; i < 4; i++) {
            round(v);
        }
        long second = v[0] ^ v[1] ^ v[2] ^ v[3];
        return new long[] {first, second};
    }

    private static void round(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13);
        v[1] ^= v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17);
        v[1] ^= v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }

    private static long le(byte[] b, int off) {
        long r = 0;
        for (int i = 7; i >= 0; i--) {
            r = (r << 8) | (b[off + i] & 0xffL);
        }
        return r;
    }

    /** Little-endian, as the reference implementation writes its output. */
    private static void hex(StringBuilder b, long x) {
        for (int i = 0; i < 8; i++) {
            int byteValue = (int) (x >>> (8 * i)) & 0xff;
            b.append(Character.forDigit(byteValue >>> 4, 16)).append(Character.forDigit(byteValue & 0xf, 16));
        }
    }
}
