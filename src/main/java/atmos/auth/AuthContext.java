package atmos.auth;

import atmos.config.AtmosConfig;
import atmos.system.Host;

/**
 * Everything a provider or identity may use while authenticating: the host (env, clock, terminals),
 * the loaded configuration and the injected services. Built once per command.
 */
public record AuthContext(Host host, AtmosConfig config) {
}
