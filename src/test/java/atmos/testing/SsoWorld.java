package atmos.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An IAM Identity Center organisation for tests that run atmos as a real process: FakeSts and
 * FakeAwsSso on 127.0.0.1, a user alice with TerraformApplyAccess in plat-dev (800000000001), a work
 * directory whose atmos.yaml has the acme-sso provider and the plat-dev/terraform permission set (file
 * keyring), a private HOME, and the environment that points atmos at all of it.
 */
public final class SsoWorld implements AutoCloseable {
    public final FakeSts sts;
    public final FakeAwsSso sso;
    public final FakeAwsSso.PortalUser alice;
    public final Path work;
    public final Path home;
    public final Map<String, String> env = new HashMap<>();
    private final Path root;

    private SsoWorld(Path root, String realm, String account, Duration accessTokenLifetime) throws IOException {
        this.root = root;
        sts = FakeSts.start();
        sso = FakeAwsSso.builder().sts(sts).pollInterval(Duration.ofSeconds(1)).accessTokenLifetime(accessTokenLifetime).build();
        alice = sso.addUser("alice");
        sso.addAccount("800000000001", "plat-dev", "dev@acme.test");
        sso.assign(alice, "800000000001", "TerraformApplyAccess");
        work = Files.createDirectories(root.resolve("work"));
        home = Files.createDirectories(root.resolve("home"));
        Files.writeString(work.resolve("atmos.yaml"), """
                auth:
                  realm: %s
                  keyring: {type: file}
                  providers:
                    acme-sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: "%s"}
                  identities:
                    plat-dev/terraform:
                      kind: aws/permission-set
                      default: true
                      via: {provider: acme-sso}
                      principal: {name: TerraformApplyAccess, account: %s}
                """.formatted(realm, sso.startUrl(), account));
        env.put("HOME", home.toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("ATMOS_KEYRING_PASSWORD", "a password for the test keyring");
        env.put("AWS_ENDPOINT_URL_SSO_OIDC", sso.oidcEndpoint());
        env.put("AWS_ENDPOINT_URL_SSO", sso.portalEndpoint());
        env.put("AWS_ENDPOINT_URL_STS", sts.endpoint());
    }

    /**
     * @param account the permission set's account as YAML: {@code {name: plat-dev}} or {@code {id: "800000000001"}}
     */
    public static SsoWorld start(Path root, String realm, String account, Duration accessTokenLifetime) throws IOException {
        return new SsoWorld(root, realm, account, accessTokenLifetime);
    }

    /** Makes $BROWSER a script that only records the URLs it is asked to open; returns the record file. */
    public Path recordingBrowser() throws IOException {
        Path opened = root.resolve("browser-opened.txt");
        Path browser = root.resolve("browser.sh");
        Files.writeString(browser, "#!/bin/sh\necho \"$1\" >> '" + opened + "'\n");
        Files.setPosixFilePermissions(browser, PosixFilePermissions.fromString("rwx------"));
        env.put("BROWSER", browser.toString());
        return opened;
    }

    /** How many times $BROWSER (from {@link #recordingBrowser()}) was asked to open a URL. */
    public static List<String> opened(Path record) throws IOException {
        return Files.exists(record) ? Files.readAllLines(record) : List.of();
    }

    /** Runs atmos (its own JVM) in the work directory. */
    public Cli.Result atmos(String stdin, String... args) throws Exception {
        return AtmosProcess.run(env, work, stdin, AtmosProcess.command(args));
    }

    @Override
    public void close() {
        sso.close();
        sts.close();
    }
}
