package atmos.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Templates whose result depends on more than their data (time, randomness, environment, other programs) cannot be replayed. */
class UnrepeatableTemplatesTest {
    static String why(String text) {
        return GoTemplateRenderer.unrepeatable(text, "{{", "}}");
    }

    @Test
    void fieldsAndPureFunctionsAreRepeatable() {
        assertThat(why("{{ .vars.tenant }}-{{ .vars.environment }}-{{ .vars.stage }}")).isNull();
        assertThat(why("{{ printf \"%s-%s\" .vars.a (upper .vars.env) }}")).isNull();
        assertThat(why("no actions: the date, the time, env and exec are words here")).isNull();
    }

    @Test
    void timeRandomnessEnvironmentAndProgramsAreNot() {
        assertThat(why("{{ now | date \"2006\" }}")).isEqualTo("now");
        assertThat(why("x {{ randAlphaNum 8 }}")).isEqualTo("randAlphaNum");
        assertThat(why("{{ env \"HOME\" }}")).isEqualTo("env");
        assertThat(why("{{ getenv \"HOME\" }}")).isEqualTo("getenv");
        assertThat(why("{{ uuidv4 }}")).isEqualTo("uuidv4");
        assertThat(why("{{ (atmos.Component \"vpc\" .stack).outputs.id }}")).isEqualTo("atmos");
        assertThat(why("{{ time.Now }}")).isEqualTo("time");
        assertThat(GoTemplateRenderer.unrepeatable("<< exec \"ls\" >>", "<<", ">>")).isEqualTo("exec");
    }
}
