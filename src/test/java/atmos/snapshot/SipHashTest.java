package atmos.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reference vectors of SipHash-2-4 (key 00..0f, messages 00, 00 01, …), 64- and 128-bit outputs. */
class SipHashTest {
    static final SipHash KEY = new SipHash(bytes(16));

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void matchesThePapersVector() {
        // Appendix A of the SipHash paper: the 15-byte message 00..0e gives a129ca6149be45e5.
        assertThat(KEY.hash64(bytes(15))).isEqualTo(0xa129ca6149be45e5L);
    }

    @Test
    void matchesTheReference64BitVectors() {
        assertThat(KEY.hash64(bytes(0))).isEqualTo(0x726fdb47dd0e0e31L);
        assertThat(KEY.hash64(bytes(1))).isEqualTo(0x74f839c593dc67fdL);
        assertThat(KEY.hash64(bytes(8))).isEqualTo(0x93f5f5799a932462L);
    }

    @Test
    void matchesTheReference128BitVectors() {
        assertThat(KEY.hex(bytes(0))).isEqualTo("a3817f04ba25a8e66df67214c7550293");
        assertThat(KEY.hex(bytes(1))).isEqualTo("da87c1d86b99af44347659119b22fc45");
    }

    @Test
    void anotherKeyGivesAnotherHash() {
        byte[] other = bytes(16);
        other[0] = 1;
        assertThat(new SipHash(other).hex("demo")).isNotEqualTo(KEY.hex("demo")).hasSize(32);
    }
}
