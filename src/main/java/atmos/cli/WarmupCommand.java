package atmos.cli;

import atmos.Services;
import atmos.auth.ChainResolver;
import atmos.cli.render.AuthListing;
import atmos.cli.render.EnvFormat;
import atmos.config.AtmosConfig;
import atmos.config.AuthValidator;
import atmos.config.ConfigLoader;
import atmos.credentials.AwsCredentials;
import atmos.credentials.CredentialCodec;
import atmos.system.Host;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code atmos __warmup} (hidden): runs the code paths of everyday commands on a throw-away config, with
 * no keyring, network or user files, so the launcher can train the JVM's AOT cache on it.
 */
@Command(name = "__warmup", hidden = true)
public final class WarmupCommand implements Runnable {
    private static final String CONFIG = """
            base_path: "."
            import: [extra]
            auth:
              realm: warmup
              logs: {level: Info}
              providers:
                sso: {kind: aws/iam-identity-center, region: us-east-1, start_url: "https://warmup.awsapps.com/start"}
                demo: {kind: mock/aws, region: us-east-1}
              identities:
                admin: {kind: aws/permission-set, default: true, via: {provider: sso}, principal: {name: Admin, account: {name: core, id: "123456789012"}}}
                prod: {kind: aws/assume-role, via: {identity: admin}, principal: {assume_role: "arn:aws:iam::123456789012:role/P"}}
                root: {kind: aws/assume-root, via: {identity: admin}, principal: {target_principal: "123456789012", task_policy_arn: "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}}
                user: {kind: aws/user, credentials: {region: !env AWS_REGION us-east-1, mfa_arn: "arn:aws:iam::123456789012:mfa/u"}, session: {duration: 12h}}
                mock: {kind: mock/aws, via: {provider: demo}, env: [{key: A, value: b}]}
            """;

    @Spec
    CommandSpec spec;

    private final Services services;

    public WarmupCommand(Services services) {
        this.services = services;
    }

    @Override
    public void run() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("atmos-warmup");
            Files.writeString(dir.resolve("atmos.yaml"), CONFIG);
            Files.writeString(dir.resolve("extra.yaml"), "auth:\n  keyring: {type: memory}\n");
            Files.createDirectories(dir.resolve("profiles/p"));
            Files.writeString(dir.resolve("profiles/p/atmos.yaml"), "auth:\n  identities:\n    admin: {alias: a}\n");
            Host host = new Host(Map.of("HOME", dir.toString()), dir, dir, Host.Terminals.NONE, services.host().clock());
            AtmosConfig config = new ConfigLoader(host, null).load(new ConfigLoader.Selection(
                    java.util.List.of(), java.util.List.of(), null, java.util.List.of("p")));
            new AuthValidator(services.kinds()).validate(config, host).all();
            ChainResolver chains = new ChainResolver(config.auth(), services.kinds());
            Ui ui = new Ui(spec.commandLine().getErr(), host);
            AuthListing listing = new AuthListing(config.auth().providers(), config.auth().identities(), chains,
                    i -> Optional.empty(), Instant.now(), ui);
            PrintWriter sink = new PrintWriter(PrintWriter.nullWriter());
            for (String f : new String[]{"table", "tree", "json", "yaml", "mermaid"}) {
                sink.print(listing.render(f));
            }
            AwsCredentials c = AwsCredentials.session("ASIAWARMUP", "s", "t", "us-east-1", Instant.now());
            CredentialCodec.decode(CredentialCodec.encode(c));
            for (String f : EnvFormat.FORMATS) {
                sink.print(EnvFormat.render(f, Map.of("AWS_PROFILE", "x", "Q", "it's")));
            }
            CommandTree.build(new AtmosCommand(services), new AppFactory(services), java.util.List.of()).getUsageMessage();
            // The commands the cached path answers, on their normal path (a snapshot not yet recorded).
            atmos.snapshot.Training.prepare(dir.resolve("cached"), services.host());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (dir != null) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary directory left behind is harmless
                }
            }
        }
    }
}
