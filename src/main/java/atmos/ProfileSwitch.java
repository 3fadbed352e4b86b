package atmos;

/**
 * Thrown when the user picked a profile in the Go Atmos's profile fallback: the command line is run
 * again with {@code --profile <profile>} in front (once: a second run never offers the fallback).
 */
public final class ProfileSwitch extends RuntimeException {
    private final String profile;

    public ProfileSwitch(String profile) {
        super("switch to profile " + profile, null, false, false);
        this.profile = profile;
    }

    public String profile() {
        return profile;
    }
}
