package atmos.auth;

import atmos.config.AuthConfig;
import atmos.config.IdentityConfig;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.system.Host;
import atmos.system.Prompter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which identity a command uses: {@code --identity}, then {@code ATMOS_IDENTITY}, then the single
 * default. Several defaults (or none) open a picker on a terminal and are a clear error elsewhere.
 * {@code false}, {@code 0}, {@code no} and {@code off} disable authentication altogether.
 */
public final class IdentitySelector {
    /** The value of a bare {@code --identity}: ask. */
    public static final String SELECT = "__SELECT__";
    private static final Set<String> DISABLED = Set.of("false", "0", "no", "off");

    private IdentitySelector() {
    }

    /** True for the values that disable authentication: false, 0, no, off (any case). */
    public static boolean isDisabled(String value) {
        return value != null && DISABLED.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** The identity name, or empty when authentication is disabled. */
    public static Optional<String> select(String flag, Host host, AuthConfig auth, Prompter prompter, Consumer<String> notice) {
        String requested = flag != null ? flag : host.getenv("ATMOS_IDENTITY").orElse(null);
        if (requested != null) {
            String value = requested.strip();
            if (DISABLED.contains(value.toLowerCase(Locale.ROOT))) {
                return Optional.empty();
            }
            if (!value.isEmpty() && !value.equals(SELECT)) {
                return Optional.of(value);
            }
            if (value.equals(SELECT)) {
                return Optional.of(pick(auth.identities().values().stream().toList(), "Select an identity:", prompter, notice,
                        "--identity was given without a name"));
            }
        }
        List<IdentityConfig> all = auth.identities().values().stream().toList();
        if (all.isEmpty()) {
            throw AtmosException.config("no identities are configured",
                    "add identities under auth.identities in atmos.yaml, or select a profile with --profile / ATMOS_PROFILE");
        }
        List<IdentityConfig> defaults = all.stream().filter(IdentityConfig::isDefault).toList();
        if (defaults.size() == 1) {
            return Optional.of(defaults.get(0).name());
        }
        if (defaults.isEmpty() && all.size() == 1) {
            return Optional.of(all.get(0).name());
        }
        if (defaults.size() > 1) {
            return Optional.of(pick(defaults, "Multiple default identities found. Please choose one:", prompter, notice,
                    "multiple default identities found: " + String.join(", ", names(defaults))));
        }
        return Optional.of(pick(all, "No default identity configured. Please choose an identity:", prompter, notice,
                "no default identity configured"));
    }

    private static List<String> names(List<IdentityConfig> ids) {
        return ids.stream().map(IdentityConfig::name).sorted().toList();
    }

    private static String pick(List<IdentityConfig> choices, String title, Prompter prompter, Consumer<String> notice, String why) {
        List<String> options = names(choices);
        if (!prompter.isTerminal()) {
            throw new AtmosException(ExitCode.USAGE, why + "; choose one with --identity or ATMOS_IDENTITY",
                    "identities: " + String.join(", ", options));
        }
        String chosen = options.get(prompter.choose(title, options));
        notice.accept("✓ Selected identity: " + chosen);
        return chosen;
    }
}
