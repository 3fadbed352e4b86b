package atmos.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The snapshot file format: every field survives a round trip, and anything else is not a snapshot. */
class SnapshotFormatTest {
    static Snapshot sample() {
        Snapshot s = new Snapshot();
        s.kind = "exec";
        s.created = 1_764_530_000_000L;
        s.cwd = "/work/a\tdir\nwith\\odd names";
        s.terminals = "010";
        s.args.add("auth");
        s.args.add("exec");
        s.args.add("--");
        s.paths.add(new String[] {"/work/atmos.yaml", "f644 s1 m2 c3 i4 v5"});
        s.paths.add(new String[] {"/missing", "-"});
        s.env.add(new String[] {"ATMOS_PROFILE", "0123456789abcdef0123456789abcdef"});
        s.env.add(new String[] {"UNSET", "-"});
        s.creds = new String[] {"/h/.config/atmos", "/h/c", "/h/cfg", "demo/admin", "300"};
        s.regionFromCredentials = true;
        s.ops.add(new String[] {"del", "AWS_PROFILE"});
        s.ops.add(new String[] {"var", "AWS_PROFILE", "=demo/admin"});
        s.ops.add(new String[] {"var", "AWS_SESSION_TOKEN", "@token"});
        s.ops.add(new String[] {"var", "TEAM", "$ACME_TEAM"});
        s.child = 3;
        s.workdir = "/work";
        return s;
    }

    @Test
    void everyFieldSurvivesARoundTrip() {
        Snapshot s = sample();
        Snapshot back = Snapshot.parse(s.render());
        assertThat(back).isNotNull();
        assertThat(back.render()).isEqualTo(s.render());
        assertThat(back.cwd).isEqualTo("/work/a\tdir\nwith\\odd names");
        assertThat(back.ops).hasSize(4);
        assertThat(back.regionFromCredentials).isTrue();
        assertThat(back.child).isEqualTo(3);
    }

    @Test
    void escapesAnywhereAmongPlainLinesSurviveFieldByField() {
        Snapshot s = sample();
        s.paths.add(0, new String[] {"C:\\repo\\atmos.yaml", "f644 s1"});
        s.paths.add(new String[] {"/plain/after", "d755 s2"});
        s.paths.add(new String[] {"/tab\there", "f600\tx"});
        Snapshot back = Snapshot.parse(s.render());
        assertThat(back).isNotNull();
        assertThat(back.paths).extracting(p -> p[0] + "|" + p[1]).containsExactly("C:\\repo\\atmos.yaml|f644 s1",
                "/work/atmos.yaml|f644 s1 m2 c3 i4 v5", "/missing|-", "/plain/after|d755 s2", "/tab\there|f600\tx");
        assertThat(back.cwd).isEqualTo(s.cwd);
        assertThat(back.render()).isEqualTo(s.render());
    }

    @Test
    void textWithLineBreaksSurvives() {
        Snapshot s = sample();
        s.kind = "text";
        s.text = "Component:  vpc\n  terraform plan -var-file x\\y\t\n";
        assertThat(Snapshot.parse(s.render()).text).isEqualTo(s.text);
    }

    @Test
    void anythingElseIsNotASnapshot() {
        byte[] good = sample().render();
        String text = new String(good, StandardCharsets.UTF_8);
        assertThat(Snapshot.parse("".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(Snapshot.parse(text.replace("atmos-snapshot\t2", "atmos-snapshot\t1").getBytes(StandardCharsets.UTF_8))).as("another version").isNull();
        assertThat(Snapshot.parse(text.replace("end\n", "").getBytes(StandardCharsets.UTF_8))).as("cut short").isNull();
        assertThat(Snapshot.parse(text.substring(0, text.length() - 1).getBytes(StandardCharsets.UTF_8))).as("no final line break").isNull();
        assertThat(Snapshot.parse(text.replace("kind\texec", "kind\texec\nfuture\tfield").getBytes(StandardCharsets.UTF_8))).as("unknown field").isNull();
    }
}
