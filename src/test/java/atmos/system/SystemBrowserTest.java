package atmos.system;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.testing.TestHost;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real browser opener with stand-in programs: {@code $BROWSER}, and for isolated profiles the first
 * Chrome/Chromium on PATH with {@code --user-data-dir}; each gets the URL as its only other argument.
 */
class SystemBrowserTest {
    @TempDir
    Path tmp;

    private Path standIn(Path dir, String name) throws Exception {
        Files.createDirectories(dir);
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\ncat /proc/$$/cmdline > '" + dir.resolve(name + ".cmdline.tmp") + "' && mv '"
                + dir.resolve(name + ".cmdline.tmp") + "' '" + dir.resolve(name + ".cmdline") + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static List<String> argv(Path file) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(file)) {
            assertThat(System.nanoTime()).as(file + " was written").isLessThan(deadline);
            Thread.sleep(20);
        }
        return List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\0"));
    }

    @Test
    void isolatedProfilesStartTheFirstChromiumOnPathWithItsOwnUserDataDir() throws Exception {
        Path bin = tmp.resolve("bin");
        Path chromium = standIn(bin, "chromium");
        Path profile = Files.createDirectories(tmp.resolve("profile"));
        Host host = new TestHost(tmp).env("PATH", bin + ":/usr/bin:/bin").build();
        URI url = URI.create("http://127.0.0.1:1234/abc");
        assertThat(new SystemBrowser(host).openIsolated(url, profile)).isTrue();
        assertThat(argv(bin.resolve("chromium.cmdline"))).containsExactly("/bin/sh", chromium.toString(), "--user-data-dir=" + profile,
                "--no-first-run", "--no-default-browser-check", url.toString());

        Path preferred = standIn(tmp.resolve("bin2"), "google-chrome");
        Host both = new TestHost(tmp).env("PATH", tmp.resolve("bin2") + ":" + bin + ":/usr/bin:/bin").build();
        assertThat(new SystemBrowser(both).openIsolated(url, profile)).isTrue();
        assertThat(argv(tmp.resolve("bin2/google-chrome.cmdline"))).contains(preferred.toString());
    }

    @Test
    void withoutChromeOnPathIsolationIsNotAvailable() {
        Host host = new TestHost(tmp).env("PATH", tmp.resolve("empty").toString()).build();
        assertThat(new SystemBrowser(host).openIsolated(URI.create("http://127.0.0.1:1/x"), tmp)).isFalse();
    }

    @Test
    void theBrowserVariableGetsTheUrlAsItsOnlyArgument() throws Exception {
        Path browser = standIn(tmp.resolve("b"), "my-browser");
        Host host = new TestHost(tmp).env("BROWSER", browser.toString()).build();
        assertThat(new SystemBrowser(host).available()).isTrue();
        assertThat(new SystemBrowser(host).open(URI.create("http://127.0.0.1:1/x"))).isTrue();
        assertThat(argv(tmp.resolve("b/my-browser.cmdline"))).containsExactly("/bin/sh", browser.toString(), "http://127.0.0.1:1/x");
    }

    @Test
    void isolatedProfileDirectoriesArePrivateAndOnePerRealmAndIdentity() throws Exception {
        Host host = new TestHost(tmp).build();
        Path a = IsolatedProfiles.directory(host, "acme", "plat-dev/admin");
        Path b = IsolatedProfiles.directory(host, "acme", "plat-prod/admin");
        Path c = IsolatedProfiles.directory(host, "", "plat-dev/admin");
        assertThat(a).isNotEqualTo(b).isNotEqualTo(c).startsWith(tmp.resolve("home/.cache/atmos/console/sessions"));
        assertThat(a.getFileName().toString()).matches("[0-9a-f]{16}");
        assertThat(IsolatedProfiles.directory(host, "acme", "Plat-Dev/Admin")).isEqualTo(a);
        for (Path p : List.of(a, b, c, a.getParent(), tmp.resolve("home/.cache/atmos"))) {
            assertThat(Files.getPosixFilePermissions(p)).as(p.toString()).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
    }
}
