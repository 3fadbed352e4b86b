package atmos.config;

/**
 * The credential realm: keyring keys ({@code atmos_<realm>_<alias>}) and AWS files
 * ({@code …/atmos/<realm>/aws/…}) are scoped by it, so two projects that reuse identity names can keep
 * apart. As in the Go Atmos ({@code pkg/auth/realm/realm.go}): {@code ATMOS_AUTH_REALM} (source
 * {@code env}), else {@code auth.realm} ({@code config}), else no realm at all ({@code auto}, empty
 * value: keys {@code atmos_<alias>}, files directly under {@code atmos/aws/}), so both tools share one
 * cache.
 *
 * @param legacy the realm earlier atmos-java versions derived from the config directory when none was
 *               set (a hash), or empty: entries stored under it are found and moved once
 */
public record Realm(String value, String source, String legacy) {
    public Realm {
        legacy = legacy == null ? "" : legacy;
    }

    public Realm(String value, String source) {
        this(value, source, "");
    }

    /** No realm configured. */
    public static Realm auto(String legacy) {
        return new Realm("", "auto", legacy);
    }

    public boolean isSet() {
        return !value.isEmpty();
    }
}
