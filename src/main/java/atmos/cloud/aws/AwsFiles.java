package atmos.cloud.aws;

import atmos.auth.AwsCredentials;
import atmos.auth.CredentialCodec;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.system.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The isolated AWS shared files Atmos keeps per provider:
 * {@code <base>/aws/<provider>/credentials} and {@code …/config}, one profile per identity, so the AWS
 * CLI, SDKs and Terraform find credentials through {@code AWS_SHARED_CREDENTIALS_FILE},
 * {@code AWS_CONFIG_FILE} and {@code AWS_PROFILE}. {@code ~/.aws} is never touched. Each update holds
 * the file's lock ({@code credentials.lock}) and replaces the file atomically; files are 0600 in 0700
 * directories. Only session credentials are ever written here, never long-lived keys.
 */
public final class AwsFiles {
    private static final String EXPIRATION = "; atmos: expiration=";
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);

    private final Path awsDir;

    /** @param awsDir the {@code …/atmos/[<realm>/]aws} directory */
    public AwsFiles(Path awsDir) {
        this.awsDir = awsDir;
    }

    /** {@code <awsDir>/<provider>}; a provider name that is not one plain directory name is refused. */
    public Path providerDir(String provider) {
        boolean control = provider.chars().anyMatch(c -> Character.isISOControl(c));
        if (provider.isEmpty() || provider.equals(".") || provider.equals("..") || provider.indexOf('/') >= 0
                || provider.indexOf('\\') >= 0 || control) {
            throw AtmosException.config("provider \"" + atmos.config.Names.printable(provider) + "\" cannot be used as a directory name under " + awsDir,
                    "rename the provider in atmos.yaml (atmos auth validate shows the rules)");
        }
        return awsDir.resolve(provider);
    }

    public Path credentialsFile(String provider) {
        return providerDir(provider).resolve("credentials");
    }

    public Path configFile(String provider) {
        return providerDir(provider).resolve("config");
    }

    /** The config-file section of a profile: {@code [default]} or {@code [profile <name>]}. */
    static String configSection(String profile) {
        return profile.equals("default") ? "default" : "profile " + profile;
    }

    /** Writes (or replaces) the profile's section in both files, leaving other profiles as they were. */
    public void write(String provider, String profile, AwsCredentials creds, String region) {
        if (!creds.isSession()) {
            throw new IllegalArgumentException("only session credentials are written to the AWS shared files");
        }
        // Checked before anything is written: the files hold every identity of the provider.
        Path credentialsFile = credentialsFile(provider);
        String why = IniFile.sectionProblem(profile);
        if (why != null) {
            throw AtmosException.config("\"" + atmos.config.Names.printable(profile) + "\" cannot be an AWS profile name in " + credentialsFile + ": " + why,
                    "rename the identity in atmos.yaml (atmos auth validate shows the rules)");
        }
        requireValue(credentialsFile, profile, "aws_access_key_id", creds.accessKeyId());
        requireValue(credentialsFile, profile, "aws_secret_access_key", creds.secretAccessKey());
        requireValue(credentialsFile, profile, "aws_session_token", creds.sessionToken());
        if (region != null) {
            requireValue(configFile(provider), profile, "region", region);
        }
        SecureFiles.ensurePrivateDir(awsDir);
        update(credentialsFile(provider), ini -> {
            IniFile.Section s = ini.sectionOrNew(profile);
            s.comments.clear();
            if (creds.expirationTime() != null) {
                s.comments.add(EXPIRATION + CredentialCodec.time(creds.expirationTime()));
            }
            s.values.clear();
            s.values.put("aws_access_key_id", creds.accessKeyId());
            s.values.put("aws_secret_access_key", creds.secretAccessKey());
            s.values.put("aws_session_token", creds.sessionToken());
        });
        update(configFile(provider), ini -> {
            IniFile.Section s = ini.sectionOrNew(configSection(profile));
            if (region != null && !region.isEmpty()) {
                s.values.put("region", region);
            } else {
                s.values.remove("region");
            }
        });
    }

    private static void requireValue(Path file, String profile, String key, String value) {
        String why = value == null ? null : IniFile.valueProblem(value);
        if (why != null) {
            // The value itself is not shown: it may be a secret.
            throw new AtmosException(ExitCode.CONFIG, "cannot write " + key + " of profile " + profile + " to " + file + ": " + why,
                    key.equals("region") ? "fix the region in atmos.yaml" : "the credentials received are malformed; log in again");
        }
    }

    /** The profile's credentials (with the expiration Atmos records as a comment) and region, if present. */
    public Optional<AwsCredentials> read(String provider, String profile) {
        Optional<IniFile> creds = load(credentialsFile(provider));
        Optional<IniFile.Section> s = creds.flatMap(i -> i.section(profile));
        if (s.isEmpty()) {
            return Optional.empty();
        }
        IniFile.Section section = s.get();
        String id = section.values.get("aws_access_key_id");
        String secret = section.values.get("aws_secret_access_key");
        String token = section.values.get("aws_session_token");
        if (id == null || secret == null || token == null) {
            return Optional.empty();
        }
        Instant exp = section.comments.stream().filter(c -> c.replaceFirst("^#", ";").startsWith(EXPIRATION.strip()))
                .map(c -> CredentialCodec.parseTime(c.substring(c.indexOf('=') + 1))).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null);
        String region = load(configFile(provider)).flatMap(i -> i.section(configSection(profile)))
                .map(c -> c.values.get("region")).orElse(null);
        return Optional.of(AwsCredentials.session(id, secret, token, region, exp));
    }

    /** Removes the profile from both files; a file left without profiles is deleted. */
    public boolean remove(String provider, String profile) {
        boolean removed = false;
        if (Files.exists(credentialsFile(provider))) {
            removed |= updateRemoving(credentialsFile(provider), profile);
        }
        if (Files.exists(configFile(provider))) {
            removed |= updateRemoving(configFile(provider), configSection(profile));
        }
        return removed;
    }

    /** Deletes the provider's whole directory. */
    public boolean removeProvider(String provider) {
        Path dir = providerDir(provider);
        if (!Files.exists(dir)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new AtmosException(ExitCode.FAILURE, "cannot delete " + p + ": " + e.getMessage(), null);
                }
            });
            return true;
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot delete " + dir + ": " + e.getMessage(), null);
        }
    }

    private boolean updateRemoving(Path file, String section) {
        boolean[] removed = {false};
        update(file, ini -> removed[0] = ini.remove(section));
        return removed[0];
    }

    @SuppressWarnings("try") // the lock is held for the body
    private void update(Path file, java.util.function.Consumer<IniFile> change) {
        try (SecureFiles.Lock ignored = SecureFiles.lock(Path.of(file + ".lock"), LOCK_TIMEOUT, null)) {
            IniFile ini = load(file).orElseGet(() -> IniFile.parse(""));
            change.accept(ini);
            if (ini.isEmpty()) {
                Files.deleteIfExists(file);
            } else {
                SecureFiles.writeAtomically(file, ini.render().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot update " + file + ": " + e.getMessage(), null);
        }
    }

    private static Optional<IniFile> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(IniFile.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot read " + file + ": " + e.getMessage(), "check its permissions");
        }
    }
}
