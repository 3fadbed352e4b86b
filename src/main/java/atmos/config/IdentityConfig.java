package atmos.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of {@code auth.identities}. {@code name} is as written; {@link #key()} is the lower-case
 * form Atmos uses for keyring entries, AWS profiles and lookups.
 */
public record IdentityConfig(String name, String kind, ConfigNode node) {

    public String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    public boolean isDefault() {
        return node.bool("default");
    }

    /**
     * {@code required: true}: authenticated as well whenever a component runs as another identity, so
     * its profile is in the shared credentials file for multi-account Terraform (upstream pkg/auth/hooks.go).
     */
    public boolean isRequired() {
        return node.bool("required");
    }

    /**
     * {@code via.provider}, if set. An identity-level {@code provider:} (how Atmos writes provisioned
     * identities) counts as {@code via.provider} when there is no {@code via}.
     */
    public Optional<String> viaProvider() {
        Optional<String> via = node.child("via").string("provider");
        if (via.isPresent() || node.has("via")) {
            return via;
        }
        return node.string("provider");
    }

    /** {@code via.identity}, if set. */
    public Optional<String> viaIdentity() {
        return node.child("via").string("identity");
    }

    public boolean hasVia() {
        return node.has("via") && !node.child("via").isEmpty();
    }

    public ConfigNode principal() {
        return node.child("principal");
    }

    public ConfigNode credentials() {
        return node.child("credentials");
    }

    public ConfigNode spec() {
        return node.child("spec");
    }

    public Optional<String> alias() {
        return node.string("alias");
    }

    public Optional<String> sessionDuration() {
        return node.child("session").string("duration");
    }

    public List<String> tags() {
        return node.strings("tags");
    }

    /** The identity's {@code env:} entries, as a list of {key, value} or as a map. */
    public List<EnvEntry> env() {
        List<EnvEntry> out = new ArrayList<>();
        node.value("env").ifPresent(v -> {
            if (v instanceof YamlValue.Seq seq) {
                for (YamlValue item : seq.items()) {
                    ConfigNode e = ConfigNode.of(item, node.path("env"), v.source());
                    e.string("key").ifPresent(k -> out.add(new EnvEntry(k, e.scalar("value").map(s -> s.value() == null ? "" : s.value()).orElse(""))));
                }
            } else if (v instanceof YamlValue.Map m) {
                m.entries().forEach((k, val) -> out.add(new EnvEntry(k,
                        val instanceof YamlValue.Scalar s && s.value() != null ? s.value() : "")));
            }
        });
        return out;
    }

    public Source source() {
        return node.source();
    }

    /** A variable this identity adds to the environment of commands. */
    public record EnvEntry(String key, String value) {
    }
}
