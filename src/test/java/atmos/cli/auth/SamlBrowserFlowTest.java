package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.AtmosProcess;
import atmos.testing.AwsCli;
import atmos.testing.Cli;
import atmos.testing.HeadlessChromium;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.SamlWorld;
import atmos.testing.TestHost;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SAML Browser driver with Debian's real Chromium: atmos starts it (headless here through a
 * {@code browser_executable_path} wrapper that also opens a debugging port for the test), the test
 * signs in on the IdP's page as a person would, and atmos takes the SAMLResponse the page posts to the
 * sign-in endpoint ({@code AWS_ENDPOINT_URL_SIGNIN}, nothing listening there).
 */
class SamlBrowserFlowTest {
    @TempDir
    Path tmp;

    SamlWorld world;
    int port;
    Path wrapper;
    String signin;

    @BeforeEach
    void setUp() throws IOException {
        HeadlessChromium.requireInstalled();
        world = SamlWorld.start();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // Where the IdP posts: an address nothing answers on; the driver must catch the POST itself.
        try (ServerSocket s = new ServerSocket(0)) {
            signin = "http://127.0.0.1:" + s.getLocalPort();
        }
        world.idp.acs(signin + "/saml");
        wrapper = tmp.resolve("chromium-headless");
        Files.writeString(wrapper, "#!/bin/sh\nexec /usr/bin/chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"
                + " --remote-debugging-port=" + port + " --remote-allow-origins=* \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private String yaml(String executable) {
        return """
                auth:
                  realm: saml
                  providers:
                    acme-idp: {kind: aws/saml, driver: Browser, url: "%s", region: us-east-1, browser_executable_path: "%s"}
                  identities:
                    admin: {kind: aws/assume-role, default: true, via: {provider: acme-idp}, principal: {assume_role: "%s"}}
                """.formatted(world.idp.browserUrl(), executable, SamlWorld.ADMIN);
    }

    /**
     * The person at the screen: waits for the IdP page in atmos's browser and signs in (wrong password first,
     * if given). After a refused password the next attempt waits for the error page: typing at once could
     * land in the old page's form while the browser is still loading the new one.
     */
    private void signInAsAPerson(java.util.concurrent.Future<?> atmos, String... passwords) {
        waitForPort();
        HeadlessChromium person = HeadlessChromium.attach(tmp, port);
        try {
            person.switchToTab(u -> u.contains("/sso/saml"), Duration.ofSeconds(60));
            for (int i = 0; i < passwords.length; i++) {
                person.type("#username", "alice@acme.test").type("#password", passwords[i]);
                if (i < passwords.length - 1) {
                    person.click("#signin");
                    waitForErrorPage(person);
                } else {
                    try {
                        person.click("#signin");
                    } catch (RuntimeException e) {
                        // the browser may close under Selenium as soon as atmos has the assertion
                    }
                    // Leave atmos's browser alone until atmos is done with it: closing this session could end the post.
                    try {
                        atmos.get(120, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        // the test reads atmos's result itself
                    }
                }
            }
        } finally {
            try {
                person.close();
            } catch (RuntimeException e) {
                // already gone with atmos's browser
            }
        }
    }

    private static void waitForErrorPage(HeadlessChromium person) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (person.has("#error")) {
                    return;
                }
            } catch (RuntimeException e) {
                // the page is being replaced
            }
            sleep(50);
        }
        throw new AssertionError("the IdP page did not show the wrong password's error");
    }

    private void waitForPort() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                sleep(100);
            }
        }
        throw new AssertionError("atmos did not start the browser");
    }

    @Test
    void thePersonSignsInInTheBrowserAndAtmosTakesTheAssertionPostedToTheSigninEndpoint() throws Exception {
        TestHost host = new TestHost(tmp).clock(world.sts.clock()).env("AWS_ENDPOINT_URL_STS", world.sts.endpoint())
                .env("AWS_ENDPOINT_URL_SIGNIN", signin);
        host.write("atmos.yaml", yaml(wrapper.toString()));
        MemoryKeyring keyring = new MemoryKeyring();
        RecordingProcessRunner processes = new RecordingProcessRunner(0);
        CompletableFuture<Cli.Result> atmos = CompletableFuture.supplyAsync(() ->
                Cli.with(host.build()).systemKeyring(keyring).processes(processes).run("auth", "exec", "--", "terraform", "plan"));
        signInAsAPerson(atmos, "wrong password", SamlWorld.PASSWORD);
        Cli.Result r = atmos.get(120, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("Sign in to acme-idp in the browser window that opens");
        assertThat(world.sts.successCount("AssumeRoleWithSAML")).isEqualTo(1);
        assertThat(processes.last().env()).containsEntry("AWS_PROFILE", "admin");
        assertThat(keyring.keys()).containsExactly("atmos_saml_admin");
        // The browser is gone and its throw-away profile with it.
        try (var leftovers = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(leftovers.filter(p -> p.getFileName().toString().startsWith("atmos-saml-browser-"))
                    .filter(p -> p.toFile().lastModified() > System.currentTimeMillis() - 60_000).toList()).isEmpty();
        }
    }

    @Test
    void theAwsCliReadsWhatABrowserSignInProducedInARealProcess() throws Exception {
        AwsCli.require();
        Path work = Files.createDirectories(tmp.resolve("work"));
        Files.writeString(work.resolve("atmos.yaml"), yaml(wrapper.toString()));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("ATMOS_KEYRING_TYPE", "file");
        env.put("ATMOS_KEYRING_PASSWORD", "a password for the test keyring");
        env.put("AWS_ENDPOINT_URL_STS", world.sts.endpoint());
        env.put("AWS_ENDPOINT_URL_SIGNIN", signin);
        List<String> cmd = AtmosProcess.command("auth", "exec", "--", "/usr/bin/aws", "sts", "get-caller-identity",
                "--endpoint-url", world.sts.endpoint(), "--output", "text", "--query", "Arn");
        CompletableFuture<Cli.Result> atmos = CompletableFuture.supplyAsync(() -> {
            try {
                return AtmosProcess.run(env, work, "", cmd);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        signInAsAPerson(atmos, SamlWorld.PASSWORD);
        Cli.Result r = atmos.get(120, TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().strip()).isEqualTo("arn:aws:sts::111111111111:assumed-role/acme-admin/alice@acme.test");
        assertThat(r.all()).doesNotContain(SamlWorld.PASSWORD);
    }

    @Test
    void aBrowserThatDiesBeforeTheSignInIsOneClearError() throws Exception {
        Path broken = tmp.resolve("broken-browser");
        Files.writeString(broken, "#!/bin/sh\necho '[1:1:ERROR:ozone_platform_x11.cc] Missing X server or $DISPLAY' >&2\nexit 1\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwx------"));
        TestHost host = new TestHost(tmp).clock(world.sts.clock()).env("AWS_ENDPOINT_URL_STS", world.sts.endpoint());
        host.write("atmos.yaml", yaml(broken.toString()));
        Cli.Result r = Cli.with(host.build()).systemKeyring(new MemoryKeyring()).run("auth", "login");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("error: the browser closed before the sign-in to acme-idp completed: "
                + "[1:1:ERROR:ozone_platform_x11.cc] Missing X server or $DISPLAY").contains("hint: run the login again");
        assertThat(world.sts.count("AssumeRoleWithSAML")).isZero();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
