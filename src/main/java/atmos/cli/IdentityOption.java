package atmos.cli;

import atmos.auth.IdentitySelector;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code --identity/-i}, shared by every command that authenticates: a name, nothing (choose
 * interactively), or false/0/no/off to disable authentication (env {@code ATMOS_IDENTITY}).
 */
public final class IdentityOption {
    /** The value of a bare {@code --identity}: ask which identity to use. */
    public static final String SELECT = IdentitySelector.SELECT;

    @Option(names = {"-i", "--identity"}, scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = SELECT, paramLabel = "NAME",
            description = "Identity to use; without a value, choose interactively; false/0/no/off disables auth (env ATMOS_IDENTITY)")
    String identity;

    /** The flag as given, or null. */
    public String value() {
        return identity;
    }
}
