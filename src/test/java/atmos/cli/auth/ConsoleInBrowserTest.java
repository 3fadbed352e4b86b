package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.AtmosProcess;
import atmos.testing.Cli;
import atmos.testing.FakeBrowser;
import atmos.testing.FakeSignin;
import atmos.testing.HeadlessChromium;
import atmos.testing.SsoWorld;
import atmos.testing.TestHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atmos auth console} with real browsers and real processes: Debian's Chromium (headless) signs in
 * through the one-time loopback address and through a {@code --print-only} URL and lands on the console
 * page as the permission set's role; atmos runs as its own process with an IAM Identity Center login
 * ({@link SsoWorld}), and the browser it starts ({@code $BROWSER}) never has the sign-in URL in its
 * command line.
 */
class ConsoleInBrowserTest {
    @TempDir
    static Path shared;
    static HeadlessChromium chromium;

    @TempDir
    Path tmp;

    SsoWorld world;
    FakeSignin signin;

    @BeforeAll
    static void startChromium() {
        HeadlessChromium.requireInstalled();
        chromium = HeadlessChromium.start(shared);
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        world = SsoWorld.start(tmp, "browser", "{name: plat-dev}", Duration.ofHours(8));
        world.sso.assign(world.alice, "800000000001", "ReadOnlyAccess");
        Files.writeString(world.work.resolve("atmos.yaml"), Files.readString(world.work.resolve("atmos.yaml")) + """
                    plat-dev/ReadOnlyAccess:
                      kind: aws/permission-set
                      via: {provider: acme-sso}
                      principal: {name: ReadOnlyAccess, account: {name: plat-dev}}
                """);
        signin = FakeSignin.start(world.sts);
        world.env.put("AWS_ENDPOINT_URL_SIGNIN", signin.endpoint());
        world.sso.autoApproveDevices(Duration.ZERO);
        world.recordingBrowser();
        Cli.Result login = world.atmos("", "auth", "login", "-i", "plat-dev/ReadOnlyAccess");
        assertThat(login.exitCode()).as(login.toString()).isZero();
    }

    @AfterEach
    void tearDown() {
        signin.close();
        world.close();
    }

    private String roleArnPrefix() {
        return "arn:aws:sts::800000000001:assumed-role/" + world.sso.ssoRoleName("800000000001", "ReadOnlyAccess") + "/";
    }

    @Test
    void aPrintOnlyUrlFromARealProcessSignsChromiumInOnce() throws Exception {
        Cli.Result r = world.atmos("", "auth", "console", "-i", "plat-dev/ReadOnlyAccess", "--print-only",
                "--destination", signin.consolePage("s3/buckets"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String url = r.out().strip();
        assertThat(url).startsWith(signin.endpoint() + "/federation?Action=login&Issuer=atmos&Destination=").contains("&SigninToken=");
        assertThat(r.err()).contains("anyone who has it gets that access").doesNotContain("SigninToken");

        chromium.open(url);
        assertThat(chromium.currentUrl()).isEqualTo(signin.consolePage("s3/buckets"));
        assertThat(chromium.text("#signed-in-as")).startsWith(roleArnPrefix()).endsWith("/alice");
        assertThat(chromium.text("#page")).isEqualTo("s3/buckets");

        chromium.open(url);
        assertThat(chromium.text("#error")).isEqualTo("This sign-in link has already been used");
    }

    @Test
    void chromiumOpenedByAtmosFollowsTheLoopbackHandOffToTheConsole() {
        MemoryKeyring keyring = new MemoryKeyring();
        TestHost host = new TestHost(tmp.resolve("in-process")).clock(world.sso.clock());
        world.env.forEach((k, v) -> {
            if (!k.equals("HOME")) {
                host.env(k, v);
            }
        });
        host.cwd(world.work);
        FakeBrowser devices = FakeBrowser.recording();
        assertThat(Cli.with(host.build()).systemKeyring(keyring).browser(devices).run("auth", "login").exitCode()).isZero();
        List<URI> handed = new java.util.concurrent.CopyOnWriteArrayList<>();
        FakeBrowser real = new FakeBrowser(u -> {
            handed.add(u);
            synchronized (chromium) {
                chromium.open(u.toString());
            }
        });
        Cli.Result r = Cli.with(host.build()).systemKeyring(keyring).browser(real)
                .run("auth", "console", "--destination", signin.consolePage("ec2"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("✓ Opened the console in your browser");
        assertThat(handed).singleElement().satisfies(u -> assertThat(u.toString()).matches("http://127\\.0\\.0\\.1:\\d+/[A-Za-z0-9_-]{43}"));
        synchronized (chromium) {
            chromium.waitForUrl(u -> u.equals(signin.consolePage("ec2")), Duration.ofSeconds(60));
            assertThat(chromium.text("#signed-in-as")).contains(":assumed-role/AWSReservedSSO_TerraformApplyAccess_");
        }
    }

    @Test
    void theBrowserAtmosStartsNeverHasTheSignInUrlInItsCommandLine() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("stand-in"));
        Path script = dir.resolve("browser");
        Files.writeString(script, "#!/bin/sh\n"
                + "# A browser stand-in: keeps its own command line as the kernel shows it, and the URL it was given.\n"
                + "cat /proc/$$/cmdline > '" + dir.resolve("cmdline") + "'\n"
                + "printf '%s\\n' \"$1\" > '" + dir.resolve("url.tmp") + "' && mv '" + dir.resolve("url.tmp") + "' '" + dir.resolve("url") + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        world.env.put("BROWSER", script.toString());
        world.env.put("DISPLAY", ":99");

        Process atmos = AtmosProcess.start(world.env, world.work, AtmosProcess.command("auth", "console", "-i", "plat-dev/ReadOnlyAccess",
                "--destination", signin.consolePage("iam")));
        CompletableFuture<String> out = AtmosProcess.drain(atmos.getInputStream());
        CompletableFuture<String> err = AtmosProcess.drain(atmos.getErrorStream());
        Path urlFile = dir.resolve("url");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(urlFile)) {
            assertThat(System.nanoTime()).as("the browser stand-in was started").isLessThan(deadline);
            Thread.sleep(50);
        }
        String handedOver = Files.readString(urlFile).strip();
        List<String> argv = List.of(new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).split("\0"));
        assertThat(argv).containsExactly("/bin/sh", script.toString(), handedOver);
        assertThat(handedOver).matches("http://127\\.0\\.0\\.1:\\d+/[A-Za-z0-9_-]{43}");
        String atmosArgv = new String(Files.readAllBytes(Path.of("/proc/" + atmos.pid() + "/cmdline")), StandardCharsets.UTF_8);
        assertThat(atmosArgv).doesNotContain("SigninToken").doesNotContain("federation");

        // Now the browser loads it, as a browser would.
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> handOff = http.send(HttpRequest.newBuilder(URI.create(handedOver)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(handOff.statusCode()).isEqualTo(303);
        String login = handOff.headers().firstValue("Location").orElseThrow();
        assertThat(login).startsWith(signin.endpoint() + "/federation?Action=login&Issuer=atmos&Destination=");
        HttpResponse<String> redirect = http.send(HttpRequest.newBuilder(URI.create(login)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(302);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(signin.consolePage("iam")))
                .header("Cookie", redirect.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0]).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains(roleArnPrefix());

        assertThat(atmos.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(atmos.exitValue()).as(err.get()).isZero();
        assertThat(err.get()).contains("✓ Opened the console in your browser").doesNotContain("SigninToken");
        assertThat(out.get()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(handedOver)).build(),
                HttpResponse.BodyHandlers.ofString())).as("the one-time address is gone with atmos").isInstanceOf(java.net.ConnectException.class);
    }
}
