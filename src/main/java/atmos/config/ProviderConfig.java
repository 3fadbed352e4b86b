package atmos.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of {@code auth.providers}. {@code name} is as written; {@link #key()} is the lower-case
 * form Atmos uses for keyring entries, file paths and lookups. Kind-specific fields are read through
 * {@link #node()} by the provider kind itself.
 */
public record ProviderConfig(String name, String kind, ConfigNode node) {

    public String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    public Optional<String> region() {
        return node.string("region");
    }

    public Optional<String> startUrl() {
        return node.string("start_url");
    }

    public Optional<String> url() {
        return node.string("url");
    }

    public boolean isDefault() {
        return node.bool("default");
    }

    public Optional<String> sessionDuration() {
        return node.child("session").string("duration");
    }

    public Optional<String> consoleSessionDuration() {
        return node.child("console").string("session_duration");
    }

    public ConfigNode spec() {
        return node.child("spec");
    }

    public List<String> tags() {
        return node.strings("tags");
    }

    public Source source() {
        return node.source();
    }
}
