package atmos.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.keyring.MemoryKeyring;
import atmos.testing.Cli;
import atmos.testing.FakeSts;
import atmos.testing.RecordingProcessRunner;
import atmos.testing.SamlWorld;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * aws/saml end to end with the form drivers (Okta API, ADFS, Google) against a fake IdP issuing
 * signed assertions and FakeSts verifying them: logins, MFA, remembered passwords, and the mistakes
 * people make — each one clear error, nothing cached lost, no secret printed.
 */
class SamlFlowTest {
    @TempDir
    Path tmp;

    SamlWorld world;
    TestHost host;
    MemoryKeyring keyring = new MemoryKeyring();
    RecordingProcessRunner processes = new RecordingProcessRunner(0);

    @BeforeEach
    void setUp() {
        world = SamlWorld.start();
        host = new TestHost(tmp).clock(world.sts.clock()).env("AWS_ENDPOINT_URL_STS", world.sts.endpoint());
        host.write("atmos.yaml", world.atmosYaml(null));
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    private Cli.Result atmos(ScriptedPrompter prompter, String... args) {
        return Cli.with(host.build()).systemKeyring(keyring).processes(processes).prompter(prompter).run(args);
    }

    private static ScriptedPrompter answers(String... a) {
        return new ScriptedPrompter(true, a);
    }

    private void assertNoSecretIn(Cli.Result r) {
        assertThat(r.all()).doesNotContain(SamlWorld.PASSWORD);
        keyring.keys().forEach(k -> assertThat(keyring.get(k).orElse("")).doesNotContain("PHNhbWxwOlJlc3BvbnNl"));
    }

    @Test
    void oktaSignsInWithTheApiAndTheIdentityAssumesItsRoleWithTheAssertion() throws Exception {
        ScriptedPrompter p = answers("alice@acme.test", SamlWorld.PASSWORD, "n");
        Cli.Result r = atmos(p, "auth", "exec", "-i", "okta-admin", "--", "aws", "s3", "ls");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(p.asked()).containsExactly("Username for acme-okta: ", "Password for alice@acme.test at acme-okta: ",
                "Remember the password for alice@acme.test in the keyring (memory (this process only))? [y/N] ");
        FakeSts.Call call = world.sts.calls("AssumeRoleWithSAML").get(0);
        assertThat(call.succeeded()).isTrue();
        assertThat(call.parameters()).containsEntry("RoleArn", SamlWorld.ADMIN).containsEntry("PrincipalArn", world.providerArn)
                .containsEntry("DurationSeconds", "3600").doesNotContainKey("SAMLAssertion");
        assertThat(world.idp.calls()).containsSubsequence("POST /api/v1/authn", "GET /login/sessionCookieRedirect",
                "GET /home/amazon_aws/0oa1fake/272");
        // Only the STS session is kept: no assertion, no provider entry, no password (the user said no).
        assertThat(keyring.keys()).containsExactly("atmos_saml_okta-admin");
        assertThat(keyring.get("atmos_saml_okta-admin").orElseThrow()).startsWith("{\"type\":\"aws\"");
        Map<String, String> env = processes.last().env();
        assertThat(env).containsEntry("AWS_PROFILE", "okta-admin").containsEntry("AWS_REGION", "us-east-1");
        String files = Files.readString(Path.of(env.get("AWS_SHARED_CREDENTIALS_FILE")));
        assertThat(files).contains("[okta-admin]").doesNotContain("SAML");
        assertNoSecretIn(r);

        // Cached like any other step: the next command signs in nowhere.
        assertThat(atmos(answers(), "auth", "exec", "-i", "okta-admin", "--", "aws", "s3", "ls").exitCode()).isZero();
        assertThat(world.idp.count("POST /api/v1/authn")).isEqualTo(1);
    }

    @Test
    void oktaTotpAndPushFactors() {
        ScriptedPrompter totp = answers("bob@acme.test", SamlWorld.PASSWORD, world.idp.currentCode("bob@acme.test"), "n");
        Cli.Result r = atmos(totp, "auth", "login", "-i", "okta-admin");
        assertThat(totp.asked()).contains("Okta verification code (Google Authenticator code): ");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(world.idp.calls()).contains("POST /api/v1/authn/factors/uft1totp/verify");

        Cli.Result push = atmos(answers("carol@acme.test", SamlWorld.PASSWORD, "n"), "auth", "login", "-i", "okta-readonly");
        // carol has only acme-admin: the push is approved, then the role check speaks.
        assertThat(push.err()).contains("An Okta Verify push was sent; approve it on your phone.");
        assertThat(world.idp.count("POST /api/v1/authn/factors/opf1push/verify")).isGreaterThanOrEqualTo(2);
        assertThat(push.exitCode()).isEqualTo(4);
        assertThat(push.err()).contains("error: role " + SamlWorld.READONLY + " (identity \"okta-readonly\") is not in the SAML assertion from"
                + " acme-okta; it grants " + SamlWorld.ADMIN).contains("hint: set principal.assume_role to one of the roles above");
    }

    @Test
    void wrongPasswordWrongCodeAndDeniedPushAreOneClearErrorEachAndKeepTheCache() {
        assertThat(atmos(answers("alice@acme.test", SamlWorld.PASSWORD, "n"), "auth", "login", "-i", "okta-admin").exitCode()).isZero();
        String cached = keyring.get("atmos_saml_okta-admin").orElseThrow();

        Cli.Result wrong = atmos(answers("alice@acme.test", "not the password"), "auth", "login", "-i", "okta-admin", "--force");
        assertThat(wrong.exitCode()).isEqualTo(4);
        assertThat(wrong.err()).contains("error: Okta refused the sign-in of alice@acme.test: Authentication failed (E0000004)")
                .contains("hint: check the username and password for provider \"acme-okta\"").doesNotContain("not the password");
        assertThat(errors(wrong)).isEqualTo(1);

        Cli.Result code = atmos(answers("bob@acme.test", SamlWorld.PASSWORD, "000000"), "auth", "login", "-i", "okta-admin", "--force");
        assertThat(code.exitCode()).isEqualTo(4);
        assertThat(code.err()).contains("error: Okta did not accept the verification code: Invalid Passcode/Answer");
        assertThat(errors(code)).isEqualTo(1);

        Cli.Result denied = atmos(answers("dave@acme.test", SamlWorld.PASSWORD), "auth", "login", "-i", "okta-admin", "--force");
        assertThat(denied.exitCode()).isEqualTo(4);
        assertThat(denied.err()).contains("error: the Okta Verify push was denied on the phone");
        assertThat(errors(denied)).isEqualTo(1);

        assertThat(keyring.get("atmos_saml_okta-admin")).contains(cached);
        Stream.of(wrong, code, denied).forEach(this::assertNoSecretIn);
    }

    @Test
    void anExpiredAssertionIsRefusedByStsAndSaysWhatToDo() {
        world.idp.assertionLifetime(Duration.ofMinutes(-1));
        Cli.Result r = atmos(answers("alice@acme.test", SamlWorld.PASSWORD, "n"), "auth", "login", "-i", "okta-admin");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("error: cannot assume role " + SamlWorld.ADMIN + " with the SAML assertion from acme-okta")
                .contains("ExpiredTokenException").contains("hint: the token or assertion expired");
        assertThat(errors(r)).isEqualTo(1);
        assertThat(keyring.keys()).isEmpty();
    }

    @Test
    void adfsFormsWithAndWithoutAVerificationCode() {
        Cli.Result ok = atmos(answers("alice@acme.test", SamlWorld.PASSWORD, "n"), "auth", "login", "-i", "adfs-admin");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(world.idp.calls()).containsSubsequence("GET /adfs/ls/IdpInitiatedSignOn.aspx", "POST /adfs/ls/IdpInitiatedSignOn.aspx");

        Cli.Result wrong = atmos(answers("alice@acme.test", "nope"), "auth", "login", "-i", "adfs-admin", "--force");
        assertThat(wrong.exitCode()).isEqualTo(4);
        assertThat(wrong.err()).contains("error: ADFS refused the sign-in of alice@acme.test: Incorrect user ID or password.");

        Cli.Result badCode = atmos(answers("bob@acme.test", SamlWorld.PASSWORD, "123456"), "auth", "login", "-i", "adfs-admin", "--force");
        assertThat(badCode.exitCode()).isEqualTo(4);
        assertThat(badCode.err()).contains("error: ADFS refused the verification code for bob@acme.test: The verification code is incorrect.");
    }

    @Test
    void googleFormsEmailPasswordAndAuthenticatorCode() {
        Cli.Result ok = atmos(answers("alice@acme.test", SamlWorld.PASSWORD, "n"), "auth", "login", "-i", "google-admin");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(world.sts.calls("AssumeRoleWithSAML").get(0).parameters()).containsEntry("DurationSeconds", "7200");

        Cli.Result wrong = atmos(answers("alice@acme.test", "nope"), "auth", "login", "-i", "google-admin", "--force");
        assertThat(wrong.exitCode()).isEqualTo(4);
        assertThat(wrong.err()).contains("error: Google refused the sign-in of alice@acme.test: Wrong password.");

        Cli.Result unknown = atmos(answers("mallory@acme.test", "x"), "auth", "login", "-i", "google-admin", "--force");
        assertThat(unknown.err()).contains("error: Google does not know mallory@acme.test: Couldn't find your Google Account");

        Cli.Result code = atmos(answers("bob@acme.test", SamlWorld.PASSWORD, world.idp.currentCode("bob@acme.test"), "n"),
                "auth", "login", "-i", "google-admin", "--force");
        assertThat(code.exitCode()).as(code.toString()).isZero();
        assertThat(world.idp.calls()).contains("POST /signin/challenge/totp/2");
    }

    @Test
    void aRememberedPasswordIsUsedWithoutAskingAndForgottenWhenRefused() {
        host.write("atmos.yaml", world.atmosYaml("username: alice@acme.test, spec: {remember_password: true}"));
        Cli.Result first = atmos(answers(SamlWorld.PASSWORD), "auth", "login", "-i", "okta-admin");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.err()).contains("Password remembered in the keyring");
        assertThat(keyring.get("atmos_saml_acme-okta#password").orElseThrow())
                .isEqualTo("{\"type\":\"password\",\"data\":{\"username\":\"alice@acme.test\",\"password\":\"" + SamlWorld.PASSWORD + "\"}}");

        ScriptedPrompter none = answers();
        assertThat(atmos(none, "auth", "login", "-i", "okta-readonly").exitCode()).isZero();
        assertThat(none.asked()).isEmpty();

        // The IdP password changed: the stale one is dropped and the new one asked for once.
        keyring.set("atmos_saml_acme-okta#password", "{\"type\":\"password\",\"data\":{\"username\":\"alice@acme.test\",\"password\":\"old\"}}");
        ScriptedPrompter again = answers(SamlWorld.PASSWORD);
        Cli.Result r = atmos(again, "auth", "login", "-i", "okta-admin", "--force");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("The remembered password was refused and has been removed from the keyring.");
        assertThat(keyring.get("atmos_saml_acme-okta#password").orElseThrow()).contains(SamlWorld.PASSWORD);

        // Logout keeps it; logout --keychain forgets it.
        assertThat(atmos(answers(), "auth", "logout", "--provider", "acme-okta").exitCode()).isZero();
        assertThat(keyring.keys()).containsExactly("atmos_saml_acme-okta#password");
        assertThat(atmos(answers(), "auth", "logout", "--provider", "acme-okta", "--keychain", "--force").exitCode()).isZero();
        assertThat(keyring.keys()).isEmpty();
    }

    @Test
    void loggingInTheProviderSignsInOnceAndCachesEveryIdentityItServes() {
        Cli.Result r = atmos(answers("alice@acme.test", SamlWorld.PASSWORD, "n"), "auth", "login", "--provider", "acme-okta");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("Logged in to provider acme-okta").contains("okta-admin").contains("okta-readonly");
        assertThat(world.idp.count("POST /api/v1/authn")).isEqualTo(1);
        assertThat(world.sts.successCount("AssumeRoleWithSAML")).isEqualTo(2);
        assertThat(keyring.keys()).containsExactlyInAnyOrder("atmos_saml_okta-admin", "atmos_saml_okta-readonly");
    }

    private static long errors(Cli.Result r) {
        return r.err().lines().filter(l -> l.startsWith("error:")).count();
    }
}
