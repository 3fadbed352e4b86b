package atmos.auth.provider.azure;

import atmos.auth.AuthContext;
import atmos.auth.Provider;
import atmos.auth.provider.github.ActionsIdToken;
import atmos.cloud.azure.Endpoints;
import atmos.cloud.azure.Msal;
import atmos.config.ProviderConfig;
import atmos.credentials.AzureCredentials;
import atmos.credentials.Credentials;
import atmos.error.AtmosException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code azure/oidc}: workload identity federation in CI. A federated token is the client assertion of
 * an application (service principal) in Microsoft Entra, exchanged for ARM (and, best effort, Graph and
 * Key Vault) tokens. The token comes, as in the Go Atmos, from {@code spec.token_file_path}, else
 * {@code AZURE_FEDERATED_TOKEN_FILE}, else the GitHub Actions OIDC endpoint for {@code spec.audience}
 * ({@code api://AzureADTokenExchange} by default). Nothing of the chain is kept in the keyring: every run
 * asks again, so a later job on the same runner cannot reuse what this job's token allowed.
 */
public final class AzureOidcProvider implements Provider {
    private final ProviderConfig config;

    public AzureOidcProvider(ProviderConfig config) {
        this.config = config;
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    @Override
    public Caching caching() {
        return Caching.NONE;
    }

    @Override
    public Optional<String> region() {
        return Optional.ofNullable(AzureSpec.of(config).location());
    }

    @Override
    public Credentials authenticate(AuthContext context) {
        AzureSpec spec = AzureSpec.of(config);
        String who = "provider \"" + config.name() + "\" (azure/oidc)";
        Federated token = federatedToken(context, spec, who);
        context.log().secret(token.jwt());
        Endpoints endpoints = spec.endpoints(context.host());
        Msal.Result arm;
        try {
            arm = Msal.clientAssertion(endpoints, spec.tenantId(), spec.clientId(), token.jwt(), spec.cloud().managementScope(),
                    context.network(), context.log(), context.skew());
        } catch (Msal.Failure f) {
            throw refused(spec, f, token.jwt());
        }
        context.log().secret(arm.accessToken());
        Optional<Msal.Result> graph = optional(context, endpoints, spec, token.jwt(), spec.cloud().graphScope());
        Optional<Msal.Result> keyVault = optional(context, endpoints, spec, token.jwt(), spec.cloud().keyVaultScope());
        Instant now = context.now();
        context.log().debug("Azure OIDC sign-in", "provider", config.name(), "tenant", spec.tenantId(), "client", spec.clientId(),
                "token_source", token.source());
        return new AzureCredentials(arm.accessToken(), "Bearer", AzureSpec.inContextTime(arm.expiresOn(), now), spec.tenantId(),
                spec.subscriptionId(), spec.location(), graph.map(Msal.Result::accessToken).orElse(null),
                graph.map(g -> AzureSpec.inContextTime(g.expiresOn(), now)).orElse(null), keyVault.map(Msal.Result::accessToken).orElse(null),
                keyVault.map(k -> AzureSpec.inContextTime(k.expiresOn(), now)).orElse(null), spec.clientId(), true, token.file(),
                spec.cloud().name(), AzureCredentials.OIDC, null, null, null, token.jwt(), null);
    }

    private Optional<Msal.Result> optional(AuthContext context, Endpoints endpoints, AzureSpec spec, String jwt, String scope) {
        try {
            Msal.Result r = Msal.clientAssertion(endpoints, spec.tenantId(), spec.clientId(), jwt, scope, context.network(), context.log(), context.skew());
            context.log().secret(r.accessToken());
            return Optional.of(r);
        } catch (Msal.Failure f) {
            context.log().debug("no token for an optional scope", "scope", scope, "error", f.aadsts() != null ? f.aadsts() : f.error());
            return Optional.empty();
        }
    }

    /** Where the federated token came from: the file Terraform may read again, or the Actions endpoint. */
    record Federated(String jwt, String file, String source) {
    }

    static Federated federatedToken(AuthContext context, AzureSpec spec, String who) {
        var host = context.host();
        Optional<String> file = Optional.ofNullable(spec.tokenFilePath()).map(p -> "spec.token_file_path")
                .or(() -> host.getenv("AZURE_FEDERATED_TOKEN_FILE").map(v -> "AZURE_FEDERATED_TOKEN_FILE"));
        if (file.isPresent()) {
            String raw = spec.tokenFilePath() != null ? spec.tokenFilePath() : host.getenv("AZURE_FEDERATED_TOKEN_FILE").orElseThrow();
            Path path = host.expandHome(raw);
            String jwt;
            try {
                if (Files.size(path) > 64 * 1024) {
                    throw AtmosException.auth("the federated token file " + path + " (" + file.get() + ") is larger than 64 KiB", "point "
                            + file.get() + " at the token file your CI writes");
                }
                jwt = Files.readString(path, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw AtmosException.auth("cannot read the federated token file " + path + " (" + file.get() + ") for " + who,
                        "check that the CI step that writes it ran before atmos, or fix " + file.get());
            }
            if (jwt.isEmpty()) {
                throw AtmosException.auth("the federated token file " + path + " (" + file.get() + ") is empty", "check the CI step that writes it");
            }
            return new Federated(jwt, path.toString(), file.get());
        }
        List<String> missing = ActionsIdToken.missing(host);
        if (!missing.isEmpty()) {
            throw AtmosException.auth(who + " found no federated token: no spec.token_file_path, no AZURE_FEDERATED_TOKEN_FILE, and not a GitHub"
                            + " Actions job with an ID token (missing: " + String.join(", ", missing) + ")",
                    "in GitHub Actions give the job 'permissions: id-token: write'; elsewhere set spec.token_file_path or"
                            + " AZURE_FEDERATED_TOKEN_FILE to the file your CI writes the OIDC token to");
        }
        return new Federated(ActionsIdToken.obtain(context, spec.audience(), who), null, "GitHub Actions");
    }

    /** A refusal, with what Entra compares (issuer, subject, audience: not secrets) when no federated credential matched. */
    private static AtmosException refused(AzureSpec spec, Msal.Failure f, String jwt) {
        String who = "provider \"" + spec.provider() + "\" (azure/oidc)";
        Map<String, Object> claims = atmos.cloud.azure.Jwt.claims(jwt);
        String code = f.aadsts() != null ? f.aadsts() : f.error();
        if ("AADSTS70021".equals(f.aadsts()) || "AADSTS700213".equals(f.aadsts()) || "AADSTS700211".equals(f.aadsts())
                || "AADSTS700212".equals(f.aadsts())) {
            return AtmosException.auth("Microsoft Entra found no federated credential of application " + spec.clientId()
                            + " matching this token (" + code + ") for " + who + ": issuer " + claims.get("iss") + ", subject "
                            + claims.get("sub") + ", audience " + claims.get("aud"),
                    "add a federated credential with exactly that issuer, subject and audience to the app registration"
                            + " (Certificates & secrets → Federated credentials), or set spec.audience");
        }
        if ("AADSTS700024".equals(f.aadsts())) {
            return AtmosException.auth("the federated token for " + who + " is expired or not yet valid (" + code + ")",
                    "the CI system must issue a fresh token for each run; do not reuse token files between jobs");
        }
        return AzureSignInErrors.of(spec, f);
    }
}
