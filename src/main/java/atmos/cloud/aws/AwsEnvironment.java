package atmos.cloud.aws;

import atmos.exec.EnvChange;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment an AWS identity gives a command: the isolated shared files and the profile, the
 * region, and nothing the parent had that could override them (stray keys, another profile).
 */
public final class AwsEnvironment {
    /** Variables removed from what the parent had, as Atmos removes them. */
    public static final Set<String> REMOVED = Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_DEFAULT_PROFILE");

    private AwsEnvironment() {
    }

    public static EnvChange forProfile(Path credentialsFile, Path configFile, String profile, String region) {
        return forProfile(credentialsFile, configFile, profile, region, false);
    }

    /**
     * @param viaCredentialProcess the profile gets its credentials from its {@code credential_process}
     *                             line (renewed by the SDK itself): the shared credentials file, whose keys
     *                             would win over it, is {@code /dev/null} for the command
     */
    public static EnvChange forProfile(Path credentialsFile, Path configFile, String profile, String region,
                                                boolean viaCredentialProcess) {
        Map<String, String> set = new LinkedHashMap<>();
        set.put("AWS_SHARED_CREDENTIALS_FILE", viaCredentialProcess ? "/dev/null" : credentialsFile.toString());
        set.put("AWS_CONFIG_FILE", configFile.toString());
        set.put("AWS_PROFILE", profile);
        set.put("AWS_SDK_LOAD_CONFIG", "1");
        set.put("AWS_EC2_METADATA_DISABLED", "true");
        if (region != null && !region.isEmpty()) {
            set.put("AWS_REGION", region);
            set.put("AWS_DEFAULT_REGION", region);
        }
        return new EnvChange(set, REMOVED);
    }
}
