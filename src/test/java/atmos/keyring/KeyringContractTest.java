package atmos.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Keyring} backend must do, run against each one by a subclass. Persistent backends
 * override {@link #reopen} so that values are also read back through a fresh instance.
 */
abstract class KeyringContractTest {

    protected Keyring keyring;

    /** A new, empty store. */
    protected abstract Keyring newKeyring();

    /** Another handle on the same store: a new instance for persistent backends, else the same one. */
    protected Keyring reopen(Keyring store) {
        return store;
    }

    @BeforeEach
    void openStore() {
        keyring = newKeyring();
    }

    @Test
    void aMissingKeyIsEmptyNotAnError() {
        assertThat(keyring.get("atmos_nothing-here")).isEmpty();
    }

    @Test
    void returnsTheValueThatWasSet() {
        keyring.set("atmos_dev-admin", "{\"type\":\"aws\",\"data\":{\"access_key_id\":\"AKIA1\"}}");

        assertThat(keyring.get("atmos_dev-admin")).contains("{\"type\":\"aws\",\"data\":{\"access_key_id\":\"AKIA1\"}}");
        assertThat(reopen(keyring).get("atmos_dev-admin")).contains("{\"type\":\"aws\",\"data\":{\"access_key_id\":\"AKIA1\"}}");
    }

    @Test
    void setReplacesThePreviousValue() {
        keyring.set("atmos_k", "first");
        keyring.set("atmos_k", "second");

        assertThat(reopen(keyring).get("atmos_k")).contains("second");
        assertThat(keyring.keys()).containsExactly("atmos_k");
    }

    @Test
    void removeDeletesOnlyThatKey() {
        keyring.set("atmos_a", "1");
        keyring.set("atmos_b", "2");

        keyring.remove("atmos_a");

        assertThat(keyring.get("atmos_a")).isEmpty();
        assertThat(reopen(keyring).get("atmos_b")).contains("2");
        assertThat(keyring.keys()).containsExactly("atmos_b");
    }

    @Test
    void removingAMissingKeyIsNotAnError() {
        keyring.remove("atmos_never-set");

        assertThat(keyring.keys()).isEmpty();
    }

    @Test
    void keysListsEveryStoredKeyOnce() {
        assertThat(keyring.keys()).isEmpty();

        keyring.set("atmos_realm_b", "x");
        keyring.set("atmos_realm_a", "y");
        keyring.set("atmos_realm_a", "z");

        assertThat(reopen(keyring).keys()).containsExactlyInAnyOrder("atmos_realm_a", "atmos_realm_b");
    }

    @Test
    void unicodeKeysAndValuesSurviveUnchanged() {
        String key = "atmos_réalm_ïdentité-✓";
        String value = "héllo wörld ✓ 🔑 中文 \"quoted\" back\\slash <&> tab\t newline\n \u2028 \u0001";

        keyring.set(key, value);

        assertThat(reopen(keyring).get(key)).contains(value);
        assertThat(keyring.keys()).containsExactly(key);
    }

    @Test
    void keysWithSlashesAndPercentSignsSurviveUnchanged() {
        keyring.set("team/ops%2Fdev", "v1");
        keyring.set("100%", "v2");

        assertThat(reopen(keyring).get("team/ops%2Fdev")).contains("v1");
        assertThat(reopen(keyring).get("100%")).contains("v2");
        assertThat(keyring.keys()).containsExactlyInAnyOrder("team/ops%2Fdev", "100%");
    }

    @Test
    void largeValuesSurviveUnchanged() {
        StringBuilder large = new StringBuilder();
        for (int i = 0; large.length() < 1 << 20; i++) {
            large.append("line ").append(i).append(" ✓ secret-ish text\n");
        }

        keyring.set("atmos_large", large.toString());

        assertThat(reopen(keyring).get("atmos_large")).contains(large.toString());
    }

    @Test
    void anEmptyValueIsStoredAndIsNotAbsent() {
        keyring.set("atmos_empty", "");

        assertThat(reopen(keyring).get("atmos_empty")).contains("");
        assertThat(keyring.keys()).containsExactly("atmos_empty");
    }
}
