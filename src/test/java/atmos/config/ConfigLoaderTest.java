package atmos.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
    }

    private AtmosConfig load() {
        return load(ConfigLoader.Selection.NONE);
    }

    private AtmosConfig load(ConfigLoader.Selection sel) {
        return new ConfigLoader(host.build(), null).load(sel);
    }

    private static ConfigLoader.Selection profiles(String... names) {
        return new ConfigLoader.Selection(List.of(), List.of(), null, List.of(names));
    }

    private static String kind(AtmosConfig c, String identity) {
        return c.auth().identity(identity).orElseThrow().kind();
    }

    @Test
    void findsAtmosYamlInTheWorkingDirectory() {
        host.write("atmos.yaml", "auth:\n  identities:\n    a:\n      kind: aws/user\n");
        AtmosConfig c = load();
        assertThat(c.files()).containsExactly(host.cwd().resolve("atmos.yaml"));
        assertThat(c.configDir()).isEqualTo(host.cwd());
        assertThat(kind(c, "a")).isEqualTo("aws/user");
    }

    @Test
    void walksUpToTheGitRootWhenTheWorkingDirectoryHasNoConfig() throws Exception {
        Files.createDirectories(host.cwd().resolve(".git"));
        host.write("atmos.yaml", "auth:\n  identities:\n    a:\n      kind: aws/user\n");
        host.cwd(host.cwd().resolve("components/terraform/vpc"));
        AtmosConfig c = load();
        assertThat(c.files()).containsExactly(tmp.resolve("work/atmos.yaml"));
        assertThat(c.gitRoot()).isEqualTo(tmp.resolve("work"));
    }

    @Test
    void mergesHomeConfigUnderTheProjectConfig() {
        host.write("../home/.atmos/atmos.yaml", """
                auth:
                  logs: {level: Debug}
                  identities:
                    personal: {kind: aws/user}
                """);
        host.write("atmos.yaml", "auth:\n  identities:\n    a:\n      kind: aws/user\n");
        AtmosConfig c = load();
        assertThat(c.files()).hasSize(2);
        assertThat(c.auth().identities()).containsOnlyKeys("personal", "a");
        assertThat(c.auth().logs().string("level")).contains("Debug");
    }

    @Test
    void atmosCliConfigPathNamesTheDirectoryToUse() {
        Path other = tmp.resolve("elsewhere");
        host.write("../elsewhere/atmos.yaml", "auth:\n  identities:\n    remote: {kind: aws/user}\n");
        host.env("ATMOS_CLI_CONFIG_PATH", other.toString());
        AtmosConfig c = load();
        assertThat(c.configDir()).isEqualTo(other);
        assertThat(c.auth().identities()).containsOnlyKeys("remote");
    }

    @Test
    void configFlagReplacesDiscoveryAndAcceptsAFileOrADirectory() {
        host.write("atmos.yaml", "auth:\n  identities:\n    local: {kind: aws/user}\n");
        host.write("../ci/ci.yaml", "auth:\n  identities:\n    ci: {kind: aws/user}\n");
        host.write("../dir/atmos.yaml", "auth:\n  identities:\n    dir: {kind: aws/user}\n");
        AtmosConfig byFile = load(new ConfigLoader.Selection(List.of(tmp.resolve("ci/ci.yaml").toString()), List.of(), null, List.of()));
        assertThat(byFile.auth().identities()).containsOnlyKeys("ci");
        AtmosConfig byDir = load(new ConfigLoader.Selection(List.of(tmp.resolve("dir").toString()), List.of(), null, List.of()));
        assertThat(byDir.auth().identities()).containsOnlyKeys("dir");
    }

    @Test
    void aMissingConfigFileIsAConfigError() {
        assertThatThrownBy(() -> load(new ConfigLoader.Selection(List.of("nope.yaml"), List.of(), null, List.of())))
                .isInstanceOf(AtmosException.class).hasMessage("config file not found: nope.yaml")
                .satisfies(e -> assertThat(((AtmosException) e).exitCode()).isEqualTo(ExitCode.CONFIG));
    }

    @Test
    void fragmentsInAtmosDAreMergedUnderTheFile() {
        host.write("atmos.yaml", "auth:\n  logs: {level: Warn}\n");
        host.write(".atmos.d/10-auth.yaml", "auth:\n  logs: {level: Debug, file: /tmp/x.log}\n  identities:\n    frag: {kind: aws/user}\n");
        host.write("atmos.d/nested/more.yml", "auth:\n  identities:\n    nested: {kind: aws/user}\n");
        AtmosConfig c = load();
        assertThat(c.auth().identities()).containsOnlyKeys("frag", "nested");
        assertThat(c.auth().logs().string("level")).contains("Warn");
        assertThat(c.auth().logs().string("file")).contains("/tmp/x.log");
    }

    @Test
    void importsAreRelativeToTheBasePathAndTheImportingFileWins() {
        host.write("atmos.yaml", """
                base_path: "."
                import:
                  - config/auth
                  - config/extra/*.yaml
                auth:
                  identities:
                    shared: {kind: aws/user, default: true}
                """);
        host.write("config/auth.yaml", "auth:\n  identities:\n    shared: {kind: aws/user, alias: from-import}\n    imported: {kind: aws/user}\n");
        host.write("config/extra/one.yaml", "auth:\n  identities:\n    one: {kind: aws/user}\n");
        AtmosConfig c = load();
        assertThat(c.auth().identities()).containsOnlyKeys("shared", "imported", "one");
        IdentityConfig shared = c.auth().identity("shared").orElseThrow();
        assertThat(shared.isDefault()).isTrue();
        assertThat(shared.alias()).contains("from-import");
    }

    @Test
    void nestedImportsAreFollowedAndMissingOrRemoteOnesOnlyWarn() {
        host.write("atmos.yaml", "base_path: \".\"\nimport:\n  - a\n  - missing.yaml\n  - https://example.com/atmos.yaml\n");
        host.write("a.yaml", "import:\n  - b\nauth:\n  identities:\n    a: {kind: aws/user}\n");
        host.write("b.yaml", "auth:\n  identities:\n    b: {kind: aws/user}\n");
        AtmosConfig c = load();
        assertThat(c.auth().identities()).containsOnlyKeys("b", "a");
        assertThat(c.warnings()).hasSize(2).anyMatch(w -> w.contains("missing.yaml")).anyMatch(w -> w.contains("remote import"));
    }

    @Test
    void profilesAreDeepMergedOverTheBaseConfig() {
        host.write("atmos.yaml", """
                auth:
                  providers:
                    sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: https://x.awsapps.com/start}
                  identities:
                    base: {kind: aws/user, tags: [a, b]}
                """);
        host.write("profiles/dev/auth.yaml", "auth:\n  providers:\n    sso: {region: eu-west-1}\n  identities:\n    base: {tags: [c]}\n");
        host.write("profiles/dev/sub/more.yaml", "auth:\n  identities:\n    extra: {kind: aws/user}\n");
        AtmosConfig c = load(profiles("dev"));
        ProviderConfig sso = c.auth().provider("sso").orElseThrow();
        assertThat(sso.region()).contains("eu-west-1");
        assertThat(sso.startUrl()).contains("https://x.awsapps.com/start");
        assertThat(c.auth().identity("base").orElseThrow().tags()).containsExactly("c");
        assertThat(c.auth().identities()).containsOnlyKeys("base", "extra");
        assertThat(c.profiles()).containsExactly("dev");
    }

    @Test
    void severalProfilesApplyLeftToRightFromFlagsOrEnvironment() {
        host.write("atmos.yaml", "auth:\n  logs: {level: Info}\n");
        host.write("profiles/a/atmos.yaml", "auth:\n  logs: {level: Debug}\n  identities:\n    a: {kind: aws/user}\n");
        host.write("profiles/b/atmos.yaml", "auth:\n  logs: {level: Error}\n  identities:\n    b: {kind: aws/user}\n");
        AtmosConfig byFlag = load(profiles("a,b"));
        assertThat(byFlag.auth().logs().string("level")).contains("Error");
        assertThat(byFlag.auth().identities()).containsOnlyKeys("a", "b");
        host.env("ATMOS_PROFILE", "b, a");
        AtmosConfig byEnv = load();
        assertThat(byEnv.profiles()).containsExactly("b", "a");
        assertThat(byEnv.auth().logs().string("level")).contains("Debug");
    }

    @Test
    void profilesDefaultAppliesWhenNoneIsSelected() {
        host.write("atmos.yaml", "profiles:\n  default: dev\n");
        host.write("profiles/dev/atmos.yaml", "auth:\n  identities:\n    d: {kind: aws/user}\n");
        assertThat(load().profiles()).containsExactly("dev");
    }

    @Test
    void profilesBasePathAndDotAtmosProfilesAreSearched() {
        host.write("atmos.yaml", "profiles:\n  base_path: teams\n");
        host.write("teams/ops/atmos.yaml", "auth:\n  identities:\n    ops: {kind: aws/user}\n");
        host.write(".atmos/profiles/hidden/atmos.yaml", "auth:\n  identities:\n    hidden: {kind: aws/user}\n");
        assertThat(load(profiles("ops")).auth().identities()).containsOnlyKeys("ops");
        assertThat(load(profiles("hidden")).auth().identities()).containsOnlyKeys("hidden");
    }

    @Test
    void anUnknownProfileIsAUsageErrorListingTheProfilesThatExist() {
        host.write("atmos.yaml", "auth: {}\n");
        host.write("profiles/devops/atmos.yaml", "auth: {}\n");
        host.write("profiles/developers/atmos.yaml", "auth: {}\n");
        assertThatThrownBy(() -> load(profiles("devs")))
                .isInstanceOf(AtmosException.class)
                .hasMessage("profile \"devs\" not found")
                .satisfies(e -> {
                    AtmosException ae = (AtmosException) e;
                    assertThat(ae.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(ae.hint()).isEqualTo("available profiles: developers, devops");
                });
    }

    @Test
    void envTagResolvesVariablesDefaultsAndUnsetToEmptyRememberingTheName() {
        host.env("SSO_URL", "https://acme.awsapps.com/start");
        host.write("atmos.yaml", """
                auth:
                  providers:
                    sso:
                      kind: aws/iam-identity-center
                      start_url: !env SSO_URL
                      region: !env SSO_REGION us-west-2
                  identities:
                    u:
                      kind: aws/user
                      credentials:
                        access_key_id: !env MISSING_KEY
                """);
        AtmosConfig c = load();
        ProviderConfig sso = c.auth().provider("sso").orElseThrow();
        assertThat(sso.startUrl()).contains("https://acme.awsapps.com/start");
        assertThat(sso.region()).contains("us-west-2");
        ConfigNode creds = c.auth().identity("u").orElseThrow().credentials();
        assertThat(creds.string("access_key_id")).isEmpty();
        assertThat(creds.envVar("access_key_id")).contains("MISSING_KEY");
    }

    @Test
    void functionsOutsideAuthNeverBreakLoading() {
        host.write("atmos.yaml", """
                stacks:
                  base_path: stacks
                vars:
                  vpc: !terraform.state vpc dev .vpc_id
                  secret: !store ssm/prod key
                  out: !terraform.output vpc dev id
                settings:
                  random: !unknown.function whatever
                auth:
                  identities:
                    u: {kind: aws/user}
                """);
        AtmosConfig c = load();
        assertThat(c.auth().identities()).containsOnlyKeys("u");
        assertThat(c.raw().get("vars")).isInstanceOf(YamlValue.Map.class);
    }

    @Test
    void repoRootAndCwdAndExecAreEvaluatedInsideAuth() throws Exception {
        Files.createDirectories(host.cwd().resolve(".git"));
        host.write("atmos.yaml", """
                auth:
                  providers:
                    p:
                      kind: aws/iam-identity-center
                      region: !exec echo eu-central-1
                      start_url: https://x.awsapps.com/start
                      spec:
                        files:
                          base_path: !repo-root
                        other: !cwd sub
                """);
        ProviderConfig p = load().auth().provider("p").orElseThrow();
        assertThat(p.region()).contains("eu-central-1");
        assertThat(p.spec().child("files").string("base_path")).contains(host.cwd().toString());
        assertThat(p.spec().string("other")).contains(host.cwd().resolve("sub").toString());
    }

    @Test
    void includeReadsAnotherYamlFileIntoAuth() {
        host.write("atmos.yaml", "auth:\n  identities: !include identities.yaml\n");
        host.write("identities.yaml", "admin:\n  kind: aws/user\n");
        assertThat(load().auth().identities()).containsOnlyKeys("admin");
    }

    @Test
    void atmosVariablesInTheEnvSectionSelectTheProfile() {
        host.write("atmos.yaml", "env:\n  ATMOS_PROFILE: dev\n");
        host.write("profiles/dev/atmos.yaml", "auth:\n  identities:\n    d: {kind: aws/user}\n");
        AtmosConfig c = load();
        assertThat(c.profiles()).containsExactly("dev");
        assertThat(c.env().values()).containsEntry("ATMOS_PROFILE", "dev");
    }

    @Test
    void aFailingFunctionInTheEnvSectionOnlyWarns() {
        host.write("atmos.yaml", "env:\n  GITHUB_TOKEN: !exec exit 127\n  PLAIN: value\n  FROM_ENV: !env HOME\n");
        AtmosConfig c = load();
        assertThat(c.env().values()).containsEntry("PLAIN", "value").containsEntry("FROM_ENV", host.home().toString())
                .doesNotContainKey("GITHUB_TOKEN");
        assertThat(c.env().warnings()).singleElement().asString().startsWith("env.GITHUB_TOKEN is not set: atmos.yaml:2: !exec command exited with code 127");
    }

    @Test
    void realmComesFromTheEnvironmentThenConfigElseThereIsNoneAsInTheGoAtmos() {
        host.write("atmos.yaml", "auth:\n  realm: acme\n");
        assertThat(load().realm()).isEqualTo(new Realm("acme", "config"));
        host.env("ATMOS_AUTH_REALM", "ci");
        assertThat(load().realm()).isEqualTo(new Realm("ci", "env"));
        host.env("ATMOS_AUTH_REALM", null);
        host.write("atmos.yaml", "auth: {}\n");
        Realm none = load().realm();
        assertThat(none.source()).isEqualTo("auto");
        assertThat(none.value()).isEmpty();
        assertThat(none.legacy()).as("what earlier atmos-java versions used, to find their entries")
                .matches("[0-9a-f]{16}").isEqualTo(ConfigLoader.hashRealm(host.cwd()));
    }

    @Test
    void theDerivedRealmMatchesTheGoAtmosHash() {
        // sha256("/home/user/infra") truncated to 8 bytes, as Atmos computes it (checked with Python hashlib).
        assertThat(ConfigLoader.hashRealm(Path.of("/home/user/infra"))).isEqualTo("2b544409fb16b130");
    }

    @Test
    void withoutAnyConfigTheRealmIsDefaultAndAuthIsEmpty() {
        AtmosConfig c = load();
        assertThat(c.isEmpty()).isTrue();
        assertThat(c.realm()).isEqualTo(Realm.auto(""));
        assertThat(c.auth().isEmpty()).isTrue();
    }

    @Test
    void identitiesAreLookedUpCaseInsensitively() {
        host.write("atmos.yaml", "auth:\n  identities:\n    Plat-Dev/Terraform: {kind: aws/user}\n");
        IdentityConfig i = load().auth().identity("plat-dev/terraform").orElseThrow();
        assertThat(i.name()).isEqualTo("Plat-Dev/Terraform");
        assertThat(i.key()).isEqualTo("plat-dev/terraform");
    }

    @Test
    void basePathFlagBeatsEnvironmentWhichBeatsConfig() {
        host.write("atmos.yaml", "base_path: ./infra\n");
        assertThat(load().basePath()).isEqualTo(host.cwd().resolve("infra"));
        host.env("ATMOS_BASE_PATH", "/srv/env");
        assertThat(load().basePath()).isEqualTo(Path.of("/srv/env"));
        assertThat(load(new ConfigLoader.Selection(List.of(), List.of(), "/srv/flag", List.of())).basePath()).isEqualTo(Path.of("/srv/flag"));
    }

    // ---------------------------------------------------------------- messages with file, line and field (issue 9)

    @Test
    void importWarningsNameTheFileAndLineOfTheImport() {
        host.write("atmos.yaml", "auth: {}\nimport:\n  - missing.yaml\n  - https://example.com/remote.yaml\n");
        assertThat(load().warnings()).containsExactly(
                "atmos.yaml:3: import \"missing.yaml\" not found (looked for " + host.cwd().resolve("missing.yaml") + "); skipped",
                "atmos.yaml:4: remote import \"https://example.com/remote.yaml\" is not supported by atmos-java; skipped");
    }

    @Test
    void anImportListOfTheWrongTypeIsAnErrorWithItsLine() {
        host.write("atmos.yaml", "auth: {}\nimport: {a: b}\n");
        assertThatThrownBy(this::load).isInstanceOf(AtmosException.class)
                .hasMessage("atmos.yaml:2: import: expected a list of paths (got a map)");
        host.write("atmos.yaml", "import:\n  - [nested]\n");
        assertThatThrownBy(this::load).isInstanceOf(AtmosException.class)
                .hasMessage("atmos.yaml:2: import[0]: expected a path (got a list)");
    }

    @Test
    void aBasePathOfTheWrongTypeIsAnErrorWithItsLine() {
        host.write("atmos.yaml", "auth: {}\nbase_path: [x]\n");
        assertThatThrownBy(this::load).isInstanceOf(AtmosException.class)
                .hasMessage("atmos.yaml:2: base_path: expected a string (got a list)");
    }

    @Test
    void aBinaryOrNonMappingAtmosYamlSaysSoRelativeToTheWorkingDirectory() throws Exception {
        Files.write(host.cwd().resolve("atmos.yaml"), new byte[]{(byte) 0xff, (byte) 0xfe, 0, 0x41});
        assertThatThrownBy(this::load).isInstanceOf(AtmosException.class).hasMessage("atmos.yaml: not UTF-8 text (a binary file?)");
        host.write("atmos.yaml", "- a\n- b\n");
        assertThatThrownBy(this::load).isInstanceOf(AtmosException.class)
                .hasMessage("atmos.yaml:1: the configuration must be a YAML mapping (key: value), not a list");
    }
}
