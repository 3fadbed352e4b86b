package atmos.auth.provider.aws;

import atmos.auth.AuthContext;
import atmos.auth.Provider;
import atmos.auth.provider.aws.saml.DriverSelection;
import atmos.auth.provider.aws.saml.SamlDriver;
import atmos.auth.provider.aws.saml.SamlDrivers;
import atmos.auth.provider.aws.saml.SamlResponses;
import atmos.config.ProviderConfig;
import atmos.credentials.Credentials;
import atmos.credentials.PasswordCredentials;
import atmos.credentials.SamlAssertion;
import atmos.error.AtmosException;
import java.net.URI;
import java.util.Optional;

/**
 * {@code aws/saml}: signs in to a SAML identity provider with one of four drivers (a real browser, or
 * Okta's API, ADFS's or Google's forms) and hands the assertion to the next identity (aws/assume-role),
 * which exchanges it with STS AssumeRoleWithSAML for its role. The assertion is a bearer credential for
 * every role it lists, so it is never written anywhere ({@link Caching#DERIVED}): the STS sessions derived
 * from it are cached like any other step. The IdP password comes from {@code password} in the
 * configuration, else the keyring (when the user chose to remember it), else a hidden prompt.
 */
public final class SamlProvider implements Provider {
    private final ProviderConfig config;

    public SamlProvider(ProviderConfig config) {
        this.config = config;
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    @Override
    public Caching caching() {
        return Caching.DERIVED;
    }

    private String passwordAlias() {
        return config.key() + "#password";
    }

    @Override
    public Credentials authenticate(AuthContext context) {
        URI url = URI.create(config.url().orElseThrow(() -> AtmosException.config("provider \"" + config.name() + "\" (aws/saml) has no url",
                "set url to the IdP's sign-in URL for the AWS application")));
        String driverName = DriverSelection.choose(config, context.host());
        if (config.node().has("provider_type") && !config.node().has("driver")) {
            context.log().warn("provider_type is deprecated; rename it to driver", "provider", config.name());
        }
        SamlDriver driver = SamlDrivers.named(driverName, config);
        context.log().debug("SAML sign-in", "provider", config.name(), "driver", driver.name(), "url", url);
        Login login = new Login(context);
        String response;
        try {
            response = driver.signIn(new SamlDriver.SignIn(url, config, login, context));
        } catch (SamlDriver.PasswordRejected e) {
            if (!login.fromKeyring) {
                throw AtmosException.auth(e.getMessage(), "check the username and password for provider \"" + config.name() + "\"");
            }
            // The remembered password is out of date: forget it, and ask once when someone can answer.
            context.store().remove(passwordAlias());
            if (!context.prompter().isTerminal()) {
                throw AtmosException.auth(e.getMessage(), "the password remembered in the keyring was refused and has been removed;"
                        + " run 'atmos auth login' in a terminal to enter the new one");
            }
            context.notice().accept("The remembered password was refused and has been removed from the keyring.");
            login = new Login(context, true);
            try {
                response = driver.signIn(new SamlDriver.SignIn(url, config, login, context));
            } catch (SamlDriver.PasswordRejected again) {
                throw AtmosException.auth(again.getMessage(), "check the username and password for provider \"" + config.name() + "\"");
            }
        }
        context.log().secret(response);
        SamlAssertion assertion = SamlResponses.parse(config.name(), response);
        if (assertion.roles().isEmpty()) {
            throw AtmosException.auth("the SAML assertion from " + config.name() + " grants no AWS role",
                    "ask your IdP administrator to assign you a role in the AWS application (attribute "
                            + SamlResponses.ROLE_ATTRIBUTE + ")");
        }
        login.remember();
        return assertion;
    }

    /**
     * The username and password, asked for at most once and only when the driver needs them. A password
     * typed at the prompt may be remembered in the keyring after the IdP accepted it: always with
     * {@code spec.remember_password: true}, never with false, and when unset the user is asked (on a
     * terminal, with a keyring that keeps values).
     */
    private final class Login implements SamlDriver.Login {
        private final AuthContext context;
        private final boolean ignoreStored;
        private String username;
        private String password;
        boolean fromKeyring;
        private boolean typed;

        Login(AuthContext context) {
            this(context, false);
        }

        Login(AuthContext context, boolean ignoreStored) {
            this.context = context;
            this.ignoreStored = ignoreStored;
        }

        private Optional<PasswordCredentials> stored() {
            if (ignoreStored) {
                return Optional.empty();
            }
            return context.store().get(passwordAlias()).filter(PasswordCredentials.class::isInstance).map(PasswordCredentials.class::cast);
        }

        @Override
        public String username() {
            if (username == null) {
                username = config.node().string("username").or(() -> stored().map(PasswordCredentials::username))
                        .orElseGet(() -> context.prompter().line("Username for " + config.name() + ": ", null));
                if (username == null || username.isBlank()) {
                    throw AtmosException.usage("no username for provider \"" + config.name() + "\"", "set username in the provider's configuration");
                }
                username = username.strip();
            }
            return username;
        }

        @Override
        public String password() {
            if (password != null) {
                return password;
            }
            String user = username();
            Optional<String> configured = config.node().string("password");
            if (configured.isPresent()) {
                password = configured.get();
            } else {
                Optional<PasswordCredentials> remembered = stored().filter(p -> user.equals(p.username()) && p.password() != null);
                if (remembered.isPresent()) {
                    password = remembered.get().password();
                    fromKeyring = true;
                } else {
                    char[] typedChars = context.prompter().secret("Password for " + user + " at " + config.name() + ": ");
                    password = new String(typedChars);
                    java.util.Arrays.fill(typedChars, '\0');
                    typed = true;
                }
            }
            context.log().secret(password);
            return password;
        }

        void remember() {
            if (!typed || password == null) {
                return;
            }
            Optional<Boolean> setting = config.spec().string("remember_password").map(v -> v.equalsIgnoreCase("true"));
            boolean keep;
            if (setting.isPresent()) {
                keep = setting.get();
            } else {
                if (!context.prompter().isTerminal() || !context.store().keyring().keepsValues()) {
                    return;
                }
                String answer = context.prompter().line("Remember the password for " + username + " in the keyring ("
                        + context.store().describe() + ")? [y/N] ", "n");
                keep = answer != null && answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
            }
            if (keep) {
                context.store().put(passwordAlias(), new PasswordCredentials(username, password));
                context.notice().accept("Password remembered in the keyring; 'atmos auth logout --provider " + config.name()
                        + " --keychain' forgets it.");
            }
        }
    }
}
