package atmos.config;

import static org.assertj.core.api.Assertions.assertThat;

import atmos.auth.KindRegistry;
import atmos.testing.TestHost;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthValidatorTest {
    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
    }

    /** Writes atmos.yaml, validates it, and returns every problem as the user sees it. */
    private List<String> problems(String yaml) {
        host.write("atmos.yaml", yaml);
        AtmosConfig config = new ConfigLoader(host.build(), null).load(ConfigLoader.Selection.NONE);
        Problems p = new AuthValidator(KindRegistry.builtIn()).validate(config, host.build());
        return p.all().stream().map(x -> (x.isError() ? "E " : "W ") + x.line(host.cwd())).toList();
    }

    private List<Problem> raw(String yaml) {
        host.write("atmos.yaml", yaml);
        AtmosConfig config = new ConfigLoader(host.build(), null).load(ConfigLoader.Selection.NONE);
        return new AuthValidator(KindRegistry.builtIn()).validate(config, host.build()).all();
    }

    private static final String SSO = """
            auth:
              providers:
                sso:
                  kind: aws/iam-identity-center
                  region: us-east-1
                  start_url: https://acme.awsapps.com/start
              identities:
            """;

    @Test
    void aValidConfigurationHasNoProblems() {
        assertThat(problems(SSO + """
                    admin:
                      kind: aws/permission-set
                      default: true
                      via: {provider: sso}
                      principal: {name: AdministratorAccess, account: {name: core}}
                    prod:
                      kind: aws/assume-role
                      via: {identity: admin}
                      principal: {assume_role: "arn:aws:iam::123456789012:role/Prod"}
                    root:
                      kind: aws/assume-root
                      via: {identity: admin}
                      principal:
                        target_principal: "123456789012"
                        task_policy_arn: arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials
                        duration: 15m
                    breakglass:
                      kind: aws/user
                      credentials: {region: us-east-1, mfa_arn: "arn:aws:iam::123456789012:mfa/me"}
                      session: {duration: 36h}
                """)).isEmpty();
    }

    @Test
    void unknownProviderKindListsTheKnownKinds() {
        List<Problem> p = raw("auth:\n  providers:\n    x:\n      kind: aws/sso\n");
        assertThat(p).hasSize(1);
        assertThat(p.get(0).line(host.cwd())).isEqualTo("atmos.yaml:4: auth.providers.x.kind: unknown provider kind \"aws/sso\"");
        assertThat(p.get(0).hint()).startsWith("known provider kinds: ").contains("aws/iam-identity-center", "aws/saml", "github/oidc");
    }

    @Test
    void unknownIdentityKindSuggestsTheClosestOne() {
        assertThat(problems("auth:\n  identities:\n    x:\n      kind: aws/assume-rol\n      via: {identity: y}\n"))
                .containsExactly("E atmos.yaml:4: auth.identities.x.kind: unknown identity kind \"aws/assume-rol\" (did you mean \"aws/assume-role\"?)");
    }

    @Test
    void aMissingKindIsReported() {
        assertThat(problems("auth:\n  identities:\n    x:\n      default: true\n"))
                .containsExactly("E atmos.yaml:3: auth.identities.x.kind: kind is required");
    }

    @Test
    void identityCenterNeedsStartUrlAndRegion() {
        assertThat(problems("auth:\n  providers:\n    sso:\n      kind: aws/iam-identity-center\n"))
                .containsExactly("E atmos.yaml:3: auth.providers.sso.start_url: start_url is required",
                        "E atmos.yaml:3: auth.providers.sso.region: region is required");
    }

    @Test
    void samlNeedsAnAbsoluteUrlAndRegionAndWarnsWithoutIdpArn() {
        assertThat(problems("auth:\n  providers:\n    okta:\n      kind: aws/saml\n      url: not-a-url\n"))
                .containsExactly("E atmos.yaml:3: auth.providers.okta.region: region is required",
                        "E atmos.yaml:5: auth.providers.okta.url: url \"not-a-url\" is not an absolute URL",
                        "W atmos.yaml:3: auth.providers.okta.idp_arn: idp_arn is not set");
    }

    @Test
    void githubOidcNeedsRegionAndAudience() {
        assertThat(problems("auth:\n  providers:\n    gh:\n      kind: github/oidc\n"))
                .containsExactly("E atmos.yaml:3: auth.providers.gh.region: region is required",
                        "E atmos.yaml:3: auth.providers.gh.spec.audience: audience is required");
    }

    @Test
    void githubOidcRegionMayComeFromEveryIdentityThatUsesIt() {
        assertThat(problems("""
                auth:
                  providers:
                    gh: {kind: github/oidc, spec: {audience: sts.amazonaws.com}}
                  identities:
                    deploy:
                      kind: aws/assume-role
                      via: {provider: gh}
                      principal: {assume_role: "arn:aws:iam::123456789012:role/Deploy", region: us-east-2}
                """)).isEmpty();
    }

    @Test
    void anIdentityLevelProviderCountsAsViaProvider() {
        assertThat(problems(SSO + "    ro:\n      kind: aws/permission-set\n      provider: sso\n      principal: {name: ReadOnly, account: {id: \"123456789012\"}}\n"))
                .isEmpty();
    }

    @Test
    void permissionSetNeedsANameAndAnAccount() {
        assertThat(problems(SSO + "    ps:\n      kind: aws/permission-set\n      via: {provider: sso}\n      principal: {account: core}\n"))
                .containsExactly("E atmos.yaml:11: auth.identities.ps.principal.name: name is required",
                        "E atmos.yaml:11: auth.identities.ps.principal.account: expected a map (got a string)");
    }

    @Test
    void assumeRoleNeedsARoleArn() {
        assertThat(problems(SSO + "    r:\n      kind: aws/assume-role\n      via: {provider: sso}\n      principal: {session_name: x y}\n"))
                .containsExactly("E atmos.yaml:11: auth.identities.r.principal.assume_role: assume_role is required",
                        "E atmos.yaml:11: auth.identities.r.principal.session_name: \"x y\" is not a valid role session name");
    }

    @Test
    void assumeRootNeedsATwelveDigitAccountAndASupportedTaskPolicy() {
        assertThat(problems(SSO + """
                    admin:
                      kind: aws/permission-set
                      via: {provider: sso}
                      principal: {name: RootAccess, account: {id: "123456789012"}}
                    root:
                      kind: aws/assume-root
                      via: {identity: admin}
                      principal:
                        target_principal: "12345"
                        task_policy_arn: arn:aws:iam::aws:policy/root-task/Everything
                        duration: 1h
                """)).containsExactly(
                "E atmos.yaml:16: auth.identities.root.principal.target_principal: \"12345\" is not a 12-digit AWS account ID",
                "E atmos.yaml:17: auth.identities.root.principal.task_policy_arn: \"arn:aws:iam::aws:policy/root-task/Everything\" is not a supported root task policy",
                "E atmos.yaml:18: auth.identities.root.principal.duration: duration 1h exceeds the maximum of 15m");
    }

    @Test
    void azureSubscriptionNeedsASubscriptionId() {
        assertThat(problems("""
                auth:
                  providers:
                    az: {kind: azure/device-code, spec: {tenant_id: t}}
                  identities:
                    sub:
                      kind: azure/subscription
                      via: {provider: az}
                      principal: {location: eastus}
                """)).containsExactly("E atmos.yaml:8: auth.identities.sub.principal.subscription_id: subscription_id is required");
    }

    @Test
    void viaMustNameExactlyOneOfProviderOrIdentity() {
        assertThat(problems(SSO + """
                    both:
                      kind: aws/assume-role
                      via: {provider: sso, identity: x}
                      principal: {assume_role: "arn:aws:iam::123456789012:role/R"}
                    neither:
                      kind: aws/assume-role
                      principal: {assume_role: "arn:aws:iam::123456789012:role/R"}
                """)).containsExactly(
                "E atmos.yaml:10: auth.identities.both.via: via.provider and via.identity are mutually exclusive",
                "E atmos.yaml:12: auth.identities.neither.via: identity \"neither\" has no via configuration");
    }

    @Test
    void awsUserNeedsNoVia() {
        assertThat(problems("auth:\n  identities:\n    u:\n      kind: aws/user\n")).isEmpty();
    }

    @Test
    void danglingReferencesAreReportedWithSuggestions() {
        assertThat(problems(SSO + """
                    a:
                      kind: aws/assume-role
                      via: {provider: ssso}
                      principal: {assume_role: "arn:aws:iam::123456789012:role/R"}
                    b:
                      kind: aws/assume-role
                      via: {identity: nobody}
                      principal: {assume_role: "arn:aws:iam::123456789012:role/R"}
                """)).containsExactly(
                "E atmos.yaml:10: auth.identities.a.via.provider: provider \"ssso\" does not exist (did you mean \"sso\"?)",
                "E atmos.yaml:14: auth.identities.b.via.identity: identity \"nobody\" does not exist");
    }

    @Test
    void cyclesAreNamedOnce() {
        assertThat(problems("""
                auth:
                  identities:
                    a:
                      kind: aws/assume-role
                      via: {identity: b}
                      principal: {assume_role: "arn:aws:iam::123456789012:role/A"}
                    b:
                      kind: aws/assume-role
                      via: {identity: c}
                      principal: {assume_role: "arn:aws:iam::123456789012:role/B"}
                    c:
                      kind: aws/assume-role
                      via: {identity: a}
                      principal: {assume_role: "arn:aws:iam::123456789012:role/C"}
                """)).containsExactly("E atmos.yaml:5: auth.identities.a.via.identity: circular dependency in identity chain: a -> b -> c -> a");
    }

    @Test
    void samlProvidersCanOnlyBeUsedByAssumeRole() {
        assertThat(problems("""
                auth:
                  providers:
                    okta: {kind: aws/saml, url: "https://acme.okta.com/app/aws/sso/saml", region: us-east-1,
                           idp_arn: "arn:aws:iam::123456789012:saml-provider/okta"}
                  identities:
                    ps:
                      kind: aws/permission-set
                      via: {provider: okta}
                      principal: {name: Admin, account: {name: core}}
                """)).containsExactly(
                "E atmos.yaml:8: auth.identities.ps.via.provider: the aws/saml provider \"okta\" can only be used by aws/assume-role identities, not aws/permission-set",
                "E atmos.yaml:8: auth.identities.ps.via.provider: aws/permission-set needs an aws/iam-identity-center provider, but \"okta\" is aws/saml");
    }

    @Test
    void durationsMustParseAndStayWithinTheDocumentedLimits() {
        assertThat(problems("""
                auth:
                  providers:
                    sso:
                      kind: aws/iam-identity-center
                      region: us-east-1
                      start_url: https://acme.awsapps.com/start
                      session: {duration: soon}
                      console: {session_duration: 13h}
                  identities:
                    short:
                      kind: aws/user
                      session: {duration: 10m}
                    long:
                      kind: aws/user
                      session: {duration: 2d}
                    nomfa:
                      kind: aws/user
                      session: {duration: 13h}
                """)).containsExactly(
                "E atmos.yaml:7: auth.providers.sso.session.duration: invalid duration \"soon\" (expected integer seconds, a Go duration like 1h30m, or days like 1d)",
                "E atmos.yaml:8: auth.providers.sso.console.session_duration: duration 13h exceeds the maximum of 12h",
                "E atmos.yaml:12: auth.identities.short.session.duration: duration 10m is below the IAM user minimum of 15m",
                "E atmos.yaml:15: auth.identities.long.session.duration: duration 2d exceeds the IAM user maximum of 36h (with MFA)",
                "W atmos.yaml:18: auth.identities.nomfa.session.duration: duration 13h exceeds 12h, which AWS allows only with MFA");
    }

    @Test
    void moreThanOneDefaultIsAWarning() {
        assertThat(problems("auth:\n  identities:\n    a: {kind: aws/user, default: true}\n    b: {kind: aws/user, default: true}\n"))
                .containsExactly("W atmos.yaml:4: auth.identities.b.default: more than one identity has default: true (a, b)");
    }

    @Test
    void keyringTypeMustBeSystemFileOrMemory() {
        assertThat(problems("auth:\n  keyring:\n    type: vault\n"))
                .containsExactly("E atmos.yaml:3: auth.keyring.type: unknown keyring type \"vault\"");
        host.env("ATMOS_KEYRING_TYPE", "wallet");
        assertThat(problems("auth: {}\n")).containsExactly("E environment: ATMOS_KEYRING_TYPE: unknown keyring type \"wallet\"");
    }

    @Test
    void logLevelMustBeDebugInfoWarnOrErrorInAnyCase() {
        assertThat(problems("auth:\n  logs:\n    level: debug\n")).isEmpty();
        assertThat(problems("auth:\n  logs:\n    level: Verbose\n"))
                .containsExactly("E atmos.yaml:3: auth.logs.level: invalid log level \"Verbose\"");
    }

    @Test
    void realmMustFollowTheRealmRules() {
        assertThat(problems("auth:\n  realm: Acme_Prod\n"))
                .containsExactly("E atmos.yaml:2: auth.realm: invalid realm \"Acme_Prod\": only lowercase letters, digits, '-' and '_' are allowed");
        assertThat(problems("auth:\n  realm: acme--prod\n"))
                .containsExactly("E atmos.yaml:2: auth.realm: invalid realm \"acme--prod\": must not contain doubled separators");
    }

    @Test
    void unknownKeysInsideAuthAreWarningsWithSuggestions() {
        assertThat(problems("auth:\n  identites: {}\n  identities:\n    u:\n      kind: aws/user\n      sesion: {duration: 1h}\n"))
                .containsExactly("W atmos.yaml:2: auth.identites: unknown key \"identites\" (did you mean \"identities\"?)",
                        "W atmos.yaml:6: auth.identities.u.sesion: unknown key \"sesion\" (did you mean \"session\"?)");
    }

    @Test
    void dottedKeysAreNotNestedFieldsAndSayHowToWriteThem() {
        List<Problem> p = raw(SSO + "    ps:\n      kind: aws/permission-set\n      via.provider: sso\n      principal: {name: A, account: {id: \"123456789012\"}}\n");
        assertThat(p).extracting(x -> x.line(host.cwd())).contains(
                "atmos.yaml:10: auth.identities.ps.via.provider: \"via.provider\" is a key with a dot in it, not a nested field");
        assertThat(p).filteredOn(x -> x.path().endsWith("via.provider")).first().extracting(Problem::hint).isEqualTo("write it nested: via: {provider: …}");
    }

    @Test
    void dottedKeysInProvidersAreNestedAsAtmosReadsThem() {
        assertThat(problems("auth:\n  providers:\n    sso:\n      kind: aws/iam-identity-center\n      region: us-east-1\n"
                + "      start_url: https://x.awsapps.com/start\n      session.duration: soon\n"))
                .containsExactly("E atmos.yaml:7: auth.providers.sso.session.duration: invalid duration \"soon\" (expected integer seconds, a Go duration like 1h30m, or days like 1d)");
    }

    @Test
    void unsupportedFunctionsInsideAuthAreErrors() {
        assertThat(problems(SSO + "    r:\n      kind: aws/assume-role\n      via: {provider: sso}\n      principal: {assume_role: !store ssm/role arn}\n"))
                .containsExactly("E atmos.yaml:11: auth.identities.r.principal.assume_role: unsupported YAML function !store inside auth");
    }

    @Test
    void anUnsetEnvironmentVariableInARequiredFieldIsNamed() {
        assertThat(problems("auth:\n  providers:\n    sso:\n      kind: aws/iam-identity-center\n      region: us-east-1\n      start_url: !env ACME_SSO_URL\n"))
                .containsExactly("E atmos.yaml:6: auth.providers.sso.start_url: start_url is required, but environment variable ACME_SSO_URL (used by !env) is not set");
    }

    @Test
    void awsUserKeysMustBothBeSetOrBothBeEmpty() {
        assertThat(problems("auth:\n  identities:\n    u:\n      kind: aws/user\n      credentials:\n        access_key_id: AKIAEXAMPLE\n        secret_access_key: !env SECRET\n"))
                .containsExactly("E atmos.yaml:7: auth.identities.u.credentials.secret_access_key: access_key_id and secret_access_key must both be set or both be empty (environment variable SECRET is not set)");
    }

    @Test
    void namesThatDifferOnlyInCaseClash() {
        assertThat(problems("auth:\n  identities:\n    Admin: {kind: aws/user}\n    admin: {kind: aws/user}\n"))
                .containsExactly("E atmos.yaml:4: auth.identities.admin: identity name clashes with \"Admin\" (names are case-insensitive)");
    }

    @Test
    void kindsAtmosHasButAtmosJavaDoesNotAreAcceptedWithAWarning() {
        assertThat(problems("auth:\n  providers:\n    g:\n      kind: gcp/adc\n"))
                .containsExactly("W atmos.yaml:4: auth.providers.g.kind: provider kind gcp/adc is accepted but not supported by atmos-java yet");
    }

    // ---------------------------------------------------------------- names (issue 8)

    @Test
    void identityNamesThatWouldBreakTheSharedAwsFilesAreErrors() {
        assertThat(problems("""
                auth:
                  providers:
                    p: {kind: mock/aws, region: us-east-1}
                  identities:
                    "bad\\nname": {kind: mock/aws, via: {provider: p}}
                    "a[b]": {kind: mock/aws, via: {provider: p}}
                    "x#y": {kind: mock/aws, via: {provider: p}}
                    "x;y": {kind: mock/aws, via: {provider: p}}
                    " lead": {kind: mock/aws, via: {provider: p}}
                    "two  spaces": {kind: mock/aws, via: {provider: p}}
                    plat-dev/terraform: {kind: mock/aws, via: {provider: p}}
                    Team Admin: {kind: mock/aws, via: {provider: p}}
                """)).containsExactly(
                "E atmos.yaml:5: auth.identities.bad\\nname: invalid identity name: the name contains a control character (\\n)",
                "E atmos.yaml:6: auth.identities.a[b]: invalid identity name: the name contains '[', which ends an AWS profile section",
                "E atmos.yaml:7: auth.identities.x#y: invalid identity name: the name contains '#', which starts a comment in AWS config files",
                "E atmos.yaml:8: auth.identities.x;y: invalid identity name: the name contains ';', which starts a comment in AWS config files",
                "E atmos.yaml:9: auth.identities. lead: invalid identity name: the name starts or ends with whitespace",
                "E atmos.yaml:10: auth.identities.two  spaces: invalid identity name: the name contains two spaces in a row, which the AWS SDKs read as one");
    }

    @Test
    void providerNamesMustBeOneDirectoryName() {
        assertThat(problems("""
                auth:
                  providers:
                    "../../escape": {kind: mock/aws, region: us-east-1}
                    "..": {kind: mock/aws, region: us-east-1}
                    "x".repeat: {kind: mock/aws, region: us-east-1}
                """.replace("\"x\".repeat", "a".repeat(129)))).containsExactly(
                "E atmos.yaml:3: auth.providers.../../escape: invalid provider name: the name contains a path separator ('/' or '\\'), but provider names are directory names",
                "E atmos.yaml:4: auth.providers...: invalid provider name: the name \"..\" is not a usable directory name",
                "E atmos.yaml:5: auth.providers." + "a".repeat(129) + ": invalid provider name: the name is longer than 128 bytes");
    }

    @Test
    void environmentVariableNamesMustBeShellIdentifiers() {
        assertThat(problems("""
                env:
                  GOOD_ONE: x
                  "BAD NAME": y
                auth:
                  providers:
                    p: {kind: mock/aws, region: us-east-1}
                  identities:
                    listed:
                      kind: mock/aws
                      via: {provider: p}
                      env:
                        - {key: OK, value: "1"}
                        - {key: "X=1; touch pwned; Y", value: v}
                        - just-a-string
                        - {value: no-key}
                    mapped:
                      kind: mock/aws
                      via: {provider: p}
                      env:
                        "$(id)": v
                        NESTED: {a: b}
                    scalar:
                      kind: mock/aws
                      via: {provider: p}
                      env: FOO=bar
                """)).containsExactly(
                "E atmos.yaml:3: env.BAD NAME: \"BAD NAME\" is not a valid environment variable name",
                "E atmos.yaml:13: auth.identities.listed.env[1].key: \"X=1; touch pwned; Y\" is not a valid environment variable name",
                "E atmos.yaml:14: auth.identities.listed.env[2]: expected a map with key and value (got a string)",
                "E atmos.yaml:15: auth.identities.listed.env[3].key: key is required",
                "E atmos.yaml:20: auth.identities.mapped.env.$(id): \"$(id)\" is not a valid environment variable name",
                "E atmos.yaml:21: auth.identities.mapped.env.NESTED: expected a string (got a map)",
                "E atmos.yaml:25: auth.identities.scalar.env: expected a list or a map (got a string)");
    }

    // ---------------------------------------------------------------- wrong types (issue 9)

    @Test
    void sectionsOfTheWrongTypeAreErrorsNotSilentlyIgnored() {
        assertThat(problems("""
                auth:
                  keyring: file
                  logs: Debug
                  providers: [a, b]
                  identities: "x"
                  realm: {name: acme}
                """)).containsExactly(
                "E atmos.yaml:2: auth.keyring: expected a map (got a string)",
                "E atmos.yaml:3: auth.logs: expected a map (got a string)",
                "E atmos.yaml:4: auth.providers: expected a map (got a list)",
                "E atmos.yaml:5: auth.identities: expected a map (got a string)",
                "E atmos.yaml:6: auth.realm: expected a string (got a map)");
        assertThat(problems("auth: [x]\n")).containsExactly("E atmos.yaml:1: auth: expected a map (got a list)");
    }

    @Test
    void fieldsOfTheWrongTypeAreReportedOnceWithoutFollowUpNoise() {
        assertThat(problems("""
                auth:
                  providers:
                    sso:
                      kind: aws/iam-identity-center
                      region: [us-east-1]
                      start_url: https://acme.awsapps.com/start
                      session: 8h
                      console: 12h
                      spec: x
                    plain: just-a-string
                  identities:
                    a:
                      kind: aws/permission-set
                      via: sso
                      principal: 3
                      session: 1h
                    b:
                      kind: aws/assume-role
                      via: {provider: {name: sso}}
                      principal: {assume_role: [x], session_name: {a: b}}
                      tags: {a: b}
                    c:
                      kind: {aws: user}
                    d:
                      kind: aws/user
                      credentials: {access_key_id: [AKIA], secret_access_key: s}
                """)).containsExactly(
                "E atmos.yaml:5: auth.providers.sso.region: expected a string (got a list)",
                "E atmos.yaml:7: auth.providers.sso.session: expected a map (got a string)",
                "E atmos.yaml:8: auth.providers.sso.console: expected a map (got a string)",
                "E atmos.yaml:9: auth.providers.sso.spec: expected a map (got a string)",
                "E atmos.yaml:10: auth.providers.plain: expected a map (got a string)",
                "E atmos.yaml:14: auth.identities.a.via: expected a map (got a string)",
                "E atmos.yaml:15: auth.identities.a.principal: expected a map (got a number)",
                "E atmos.yaml:16: auth.identities.a.session: expected a map (got a string)",
                "E atmos.yaml:19: auth.identities.b.via.provider: expected a string (got a map)",
                "E atmos.yaml:20: auth.identities.b.principal.assume_role: expected a string (got a list)",
                "E atmos.yaml:20: auth.identities.b.principal.session_name: expected a string (got a map)",
                "E atmos.yaml:21: auth.identities.b.tags: expected a list or a string (got a map)",
                "E atmos.yaml:23: auth.identities.c.kind: expected a string (got a map)",
                "E atmos.yaml:26: auth.identities.d.credentials.access_key_id: expected a string (got a list)");
    }

    @Test
    void aTypeErrorComesWithAHintShowingTheRightShape() {
        List<Problem> p = raw("auth:\n  keyring: file\n  identities:\n    a: {kind: aws/assume-role, via: sso, principal: {assume_role: 'arn:aws:iam::123456789012:role/A'}}\n");
        assertThat(p).extracting(Problem::hint).containsExactly(
                "write keyring: {type: file} (the keyring's fields go under it)",
                "write via: {provider: NAME} or via: {identity: NAME}");
    }
}
