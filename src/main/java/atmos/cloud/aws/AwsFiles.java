package atmos.cloud.aws;

import atmos.credentials.AwsCredentials;
import atmos.credentials.CredentialCodec;
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
 *
 * <p>These files are a copy of what the keyring holds, shared by every identity of the provider, so a
 * damaged one (binary, truncated, not INI, too large) must not block any of them: reading treats it
 * as a cache miss (keeping the profiles that can still be read) with a warning naming the file, and
 * the next write replaces it with what could be read plus the new profile.
 */
public final class AwsFiles {
    private static final String EXPIRATION = "; atmos: expiration=";
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);
    /** Larger than any real file (about a thousand profiles); a larger one is treated as damaged, unread. */
    static final long MAX_FILE_BYTES = 4L << 20;

    private final Path root;
    private final Path awsDir;
    private final java.util.function.Consumer<String> warn;

    /** @param awsDir the {@code …/atmos/[<realm>/]aws} directory, itself the root of the private tree */
    public AwsFiles(Path awsDir) {
        this(awsDir, awsDir);
    }

    /**
     * @param root   the atmos directory the files live under ({@code $XDG_CONFIG_HOME/atmos} or the
     *               provider's {@code spec.files.base_path}): from there down, every directory and file is
     *               checked to be the user's own and private before it is trusted
     * @param awsDir the {@code <root>/[<realm>/]aws} directory
     */
    public AwsFiles(Path root, Path awsDir) {
        this(root, awsDir, w -> {
        });
    }

    /** @param warn where to tell the user that a file is damaged (once per file and run is enough) */
    public AwsFiles(Path root, Path awsDir, java.util.function.Consumer<String> warn) {
        this.root = root.toAbsolutePath().normalize();
        this.awsDir = awsDir.toAbsolutePath().normalize();
        this.warn = warn;
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
        write(provider, profile, creds, region, null);
    }

    /**
     * {@link #write(String, String, AwsCredentials, String)}, and with {@code credentialProcess} (null for
     * none) the profile's {@code credential_process} line in the config file: the command SDKs run for
     * credentials when the credentials file is not theirs to read (see {@link AwsEnvironment#forProfile}).
     */
    public void write(String provider, String profile, AwsCredentials creds, String region, String credentialProcess) {
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
        if (credentialProcess != null) {
            requireValue(configFile(provider), profile, "credential_process", credentialProcess);
        }
        SecureFiles.securePrivateDir(root, providerDir(provider));
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
            if (credentialProcess != null) {
                s.values.put("credential_process", credentialProcess);
            } else {
                s.values.remove("credential_process");
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

    /**
     * Where one identity's session is kept: the files, the profile, and the directory from which they are
     * checked before being trusted. Enough to read the session back without the engine (the snapshot's
     * fast path reads it with {@link #read(Profile, java.util.function.Consumer)}).
     */
    public record Profile(Path root, Path credentialsFile, Path configFile, String profile) {
    }

    /** The location of {@code profile} among the files of {@code provider}. */
    public Profile profile(String provider, String profile) {
        return new Profile(root, credentialsFile(provider), configFile(provider), profile);
    }

    /** The profile's credentials (with the expiration Atmos records as a comment) and region, if present. */
    public Optional<AwsCredentials> read(String provider, String profile) {
        return read(profile(provider, profile), warn);
    }

    /**
     * The session kept at {@code where}, read exactly as {@link #read(String, String)} reads it (the same
     * checks of owner, mode and links first); {@code warn} hears about damaged files.
     */
    public static Optional<AwsCredentials> read(Profile where, java.util.function.Consumer<String> warn) {
        return new AwsFiles(where.root(), where.root(), warn).readAt(where);
    }

    private Optional<AwsCredentials> readAt(Profile where) {
        String profile = where.profile();
        // Plain loops, no streams: this runs on the cached path (see atmos.snapshot.FastPath).
        Optional<IniFile> creds = load(where.credentialsFile());
        Optional<IniFile.Section> s = creds.isPresent() ? creds.get().section(profile) : Optional.empty();
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
        Instant exp = null;
        String marker = EXPIRATION.strip();
        for (String c : section.comments) {
            String comment = c.startsWith("#") ? ";" + c.substring(1) : c;
            if (comment.startsWith(marker)) {
                exp = CredentialCodec.parseTime(c.substring(c.indexOf('=') + 1));
                if (exp != null) {
                    break;
                }
            }
        }
        String region = null;
        Optional<IniFile> config = load(where.configFile());
        Optional<IniFile.Section> regionSection = config.isPresent() ? config.get().section(configSection(profile)) : Optional.empty();
        if (regionSection.isPresent()) {
            region = regionSection.get().values.get("region");
        }
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
        try (SecureFiles.Lock ignored = SecureFiles.lock(root, Path.of(file + ".lock"), LOCK_TIMEOUT, null)) {
            SecureFiles.removeStaleTemporaries(file);
            // A damaged file is replaced by what could be read of it plus this change.
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

    /**
     * The file's profiles once it is known to be the user's own, private, and reached through no link;
     * empty when it does not exist (or was not trusted). Damage is reported and read around, never thrown.
     */
    private Optional<IniFile> load(Path file) {
        if (!SecureFiles.checkSecretFile(root, file)) {
            return Optional.empty();
        }
        java.util.List<String> damage = new java.util.ArrayList<>();
        IniFile ini = parse(file, damage);
        if (!damage.isEmpty()) {
            warn.accept(file + " is damaged (" + String.join("; ", damage) + "): "
                    + (ini.isEmpty() ? "it is ignored" : "only its readable profiles are used")
                    + " and it is rewritten the next time credentials are saved");
        }
        return Optional.of(ini);
    }

    private static boolean hasBinary(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static IniFile parse(Path file, java.util.List<String> damage) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                damage.add("it is " + atmos.config.ConfigLimits.bytes(size) + ", far larger than a credentials file");
                return IniFile.parse("");
            }
            try (java.io.InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            }
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot read " + file + ": " + e.getMessage(), "check its permissions");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            damage.add("it is larger than " + atmos.config.ConfigLimits.bytes(MAX_FILE_BYTES));
            return IniFile.parse("");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            damage.add("it is not text");
            return IniFile.parse("");
        }
        if (hasBinary(text)) {
            damage.add("it holds binary data");
            return IniFile.parse("");
        }
        return IniFile.parse(text, damage);
    }
}
