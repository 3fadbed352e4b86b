package atmos.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.config.ConfigLoader;
import atmos.error.AtmosException;
import atmos.testing.TestHost;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackAuthTest {
    @TempDir
    Path tmp;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(tmp);
        host.write("atmos.yaml", """
                base_path: .
                stacks:
                  base_path: stacks
                  included_paths: ["deploy/**/*"]
                  name_template: "{{ .vars.stage }}"
                auth:
                  providers:
                    sso: {kind: mock}
                  identities:
                    global-admin: {kind: mock, default: true, via: {provider: sso}}
                    dev/terraform: {kind: mock, via: {provider: sso}}
                    prod/terraform: {kind: mock, via: {provider: sso}}
                    audit: {kind: mock, via: {provider: sso}}
                """);
    }

    private Stacks stacks() {
        var h = host.build();
        return Stacks.of(new ConfigLoader(h, null).load(ConfigLoader.Selection.NONE), h);
    }

    private static StackAuth.Default.One one(StackAuth a) {
        assertThat(a.defaultIdentity()).isInstanceOf(StackAuth.Default.One.class);
        return (StackAuth.Default.One) a.defaultIdentity();
    }

    @Test
    void withoutStackAuthTheGlobalDefaultAppliesWithItsAtmosYamlLine() {
        host.write("stacks/deploy/dev.yaml", "vars: {stage: dev}\ncomponents:\n  terraform:\n    vpc: {vars: {a: 1}}\n");
        StackAuth.Default.One d = one(StackAuth.forComponent(stacks(), "vpc", "dev"));
        assertThat(d.identity()).isEqualTo("global-admin");
        assertThat(d.source().file().getFileName().toString()).isEqualTo("atmos.yaml");
        assertThat(d.source().line()).isEqualTo(10);
    }

    @Test
    void aStackDefaultReplacesTheGlobalDefaultAndNamesTheFileThatSetIt() {
        host.write("stacks/catalog/dev-defaults.yaml", "vars: {stage: dev}\nauth:\n  identities:\n    dev/terraform:\n      default: true\n");
        host.write("stacks/deploy/dev.yaml", "import: [catalog/dev-defaults]\ncomponents:\n  terraform:\n    vpc: {vars: {a: 1}}\n");
        Stacks stacks = stacks();
        for (StackAuth a : new StackAuth[]{StackAuth.forStack(stacks, "dev"), StackAuth.forComponent(stacks, "vpc", "dev")}) {
            StackAuth.Default.One d = one(a);
            assertThat(d.identity()).isEqualTo("dev/terraform");
            assertThat(d.source().toString()).endsWith("stacks/catalog/dev-defaults.yaml:5");
            // the merged section keeps the identity's global fields
            assertThat(atmos.config.AuthConfig.from(a.node()).identity("dev/terraform").orElseThrow().kind()).isEqualTo("mock");
        }
    }

    @Test
    void aLaterDefaultFalseRevokesAnImportedDefault() {
        host.write("stacks/catalog/defaults.yaml", "auth:\n  identities:\n    dev/terraform: {default: true}\n");
        host.write("stacks/deploy/dev.yaml", """
                import: [catalog/defaults]
                vars: {stage: dev}
                auth:
                  identities:
                    dev/terraform: {default: false}
                components:
                  terraform:
                    vpc: {vars: {a: 1}}
                """);
        StackAuth a = StackAuth.forComponent(stacks(), "vpc", "dev");
        assertThat(one(a).identity()).isEqualTo("global-admin");
    }

    @Test
    void aComponentsOwnDefaultBeatsTheStacksDefault() {
        host.write("stacks/catalog/defaults.yaml", "vars: {stage: prod}\nauth:\n  identities:\n    prod/terraform: {default: true}\n");
        host.write("stacks/deploy/prod.yaml", """
                import: [catalog/defaults]
                components:
                  terraform:
                    audit-trail:
                      auth:
                        identities:
                          audit:
                            default: true
                            required: true
                """);
        StackAuth a = StackAuth.forComponent(stacks(), "audit-trail", "prod");
        assertThat(one(a).identity()).isEqualTo("audit");
        assertThat(one(a).source().toString()).endsWith("deploy/prod.yaml:8");
        assertThat(a.required()).extracting(StackAuth.Candidate::identity).containsExactly("audit");
        // the stack alone only sees the stack-level default
        assertThat(one(StackAuth.forStack(stacks(), "prod")).identity()).isEqualTo("prod/terraform");
    }

    @Test
    void twoDefaultsAtTheSameLevelAreAConflictNamingEachFile() {
        host.write("stacks/catalog/defaults.yaml", "vars: {stage: prod}\nauth:\n  identities:\n    prod/terraform: {default: true}\n");
        host.write("stacks/catalog/audit.yaml", "auth:\n  identities:\n    audit: {default: true}\n");
        host.write("stacks/deploy/prod.yaml", """
                import: [catalog/defaults, catalog/audit]
                components:
                  terraform:
                    audit-trail:
                      vars: {a: 1}
                """);
        StackAuth a = StackAuth.forComponent(stacks(), "audit-trail", "prod");
        assertThat(a.defaultIdentity()).isInstanceOf(StackAuth.Default.Conflict.class);
        var candidates = ((StackAuth.Default.Conflict) a.defaultIdentity()).candidates();
        assertThat(candidates).extracting(StackAuth.Candidate::identity).containsExactlyInAnyOrder("prod/terraform", "audit");
        assertThat(candidates).extracting(c -> c.source().toString())
                .anyMatch(s -> s.endsWith("catalog/defaults.yaml:4")).anyMatch(s -> s.endsWith("catalog/audit.yaml:3"));
    }

    @Test
    void noDefaultAnywhereIsNone() {
        host.write("atmos.yaml", """
                stacks: {base_path: stacks, included_paths: ["**/*"]}
                auth:
                  identities:
                    a: {kind: mock}
                """);
        host.write("stacks/dev.yaml", "components:\n  terraform:\n    vpc: {vars: {a: 1}}\n");
        StackAuth a = StackAuth.forStack(stacks(), "dev");
        assertThat(a.defaultIdentity()).isInstanceOf(StackAuth.Default.None.class);
        assertThat(a.defaultName()).isEmpty();
    }

    @Test
    void anUnknownStackSuggestsCloseNames() {
        host.write("stacks/deploy/dev.yaml", "vars: {stage: dev}\ncomponents:\n  terraform:\n    vpc: {vars: {a: 1}}\n");
        assertThatThrownBy(() -> StackAuth.forStack(stacks(), "dve"))
                .isInstanceOf(AtmosException.class)
                .hasMessageContaining("stack `dve` not found")
                .satisfies(e -> assertThat(((AtmosException) e).hint()).contains("`dev`").contains("atmos list stacks"));
    }

    @Test
    void theStackMayBeNamedByItsManifestPath() {
        host.write("stacks/deploy/dev.yaml", "vars: {stage: dev}\nauth: {identities: {dev/terraform: {default: true}}}\n"
                + "components:\n  terraform:\n    vpc: {vars: {a: 1}}\n");
        assertThat(one(StackAuth.forStack(stacks(), "deploy/dev")).identity()).isEqualTo("dev/terraform");
        assertThat(one(StackAuth.forComponent(stacks(), "vpc", "deploy/dev")).identity()).isEqualTo("dev/terraform");
    }
}
