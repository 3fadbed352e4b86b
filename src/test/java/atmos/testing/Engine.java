package atmos.testing;

import atmos.auth.AuthContext;
import atmos.auth.AuthService;
import atmos.auth.CredentialStore;
import atmos.auth.KindRegistry;
import atmos.cloud.aws.AwsClients;
import atmos.config.AtmosConfig;
import atmos.config.ConfigLoader;
import atmos.keyring.Keyring;
import atmos.log.Log;
import atmos.system.Host;
import atmos.system.Prompter;
import java.util.ArrayList;
import java.util.List;

/** Builds an {@link AuthService} over a test host, for engine tests that do not need the CLI. */
public final class Engine {
    public final List<String> notices = new ArrayList<>();
    public final AuthService service;
    public final CredentialStore store;
    public final AtmosConfig config;

    public Engine(Host host, KindRegistry kinds, Keyring keyring, Prompter prompter) {
        this.config = new ConfigLoader(host, null).load(ConfigLoader.Selection.NONE);
        Log log = Log.silent();
        this.store = new CredentialStore(keyring, config.realm(), log);
        AuthContext ctx = new AuthContext(host, config, log, prompter, store, new AwsClients(host), notices::add);
        this.service = new AuthService(config, kinds, ctx);
    }
}
