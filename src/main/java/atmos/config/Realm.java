package atmos.config;

/**
 * The credential realm: keyring keys and credential files are scoped by it so that two projects with
 * the same identity names never share a cache entry. {@code source} is {@code env}
 * (ATMOS_AUTH_REALM), {@code config} (auth.realm), {@code config-path} (derived from the config
 * directory, as Atmos does) or {@code default} (no config file).
 */
public record Realm(String value, String source) {
}
