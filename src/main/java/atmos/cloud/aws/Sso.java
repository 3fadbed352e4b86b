package atmos.cloud.aws;

import atmos.credentials.AwsCredentials;
import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.AccountInfo;
import software.amazon.awssdk.services.sso.model.GetRoleCredentialsResponse;
import software.amazon.awssdk.services.sso.model.ListAccountRolesResponse;
import software.amazon.awssdk.services.sso.model.ListAccountsResponse;
import software.amazon.awssdk.services.sso.model.RoleInfo;

/** The IAM Identity Center portal API (accounts, roles, role credentials, logout), through the AWS SDK. */
public final class Sso {
    private final AwsClients clients;
    private final String region;

    public Sso(AwsClients clients, String region) {
        this.clients = clients;
        this.region = region;
    }

    /** An account the signed-in user can reach. */
    public record Account(String id, String name, String email) {
    }

    /** Portal errors worth telling apart: an expired/revoked token, a missing account or role. */
    public static final class PortalError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        PortalError(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }

        public boolean tokenRejected() {
            return code.equals("UnauthorizedException");
        }
    }

    public List<Account> listAccounts(String accessToken) {
        return call("ListAccounts", sso -> {
            List<Account> out = new ArrayList<>();
            String next = null;
            do {
                String token = next;
                ListAccountsResponse r = sso.listAccounts(b -> b.accessToken(accessToken).maxResults(100).nextToken(token));
                for (AccountInfo a : r.accountList()) {
                    out.add(new Account(a.accountId(), a.accountName(), a.emailAddress()));
                }
                next = r.nextToken();
            } while (next != null && !next.isEmpty());
            return out;
        });
    }

    public List<String> listAccountRoles(String accessToken, String accountId) {
        return call("ListAccountRoles", sso -> {
            List<String> out = new ArrayList<>();
            String next = null;
            do {
                String token = next;
                ListAccountRolesResponse r = sso.listAccountRoles(b -> b.accessToken(accessToken).accountId(accountId).maxResults(100).nextToken(token));
                for (RoleInfo role : r.roleList()) {
                    out.add(role.roleName());
                }
                next = r.nextToken();
            } while (next != null && !next.isEmpty());
            return out;
        });
    }

    public AwsCredentials getRoleCredentials(String accessToken, String accountId, String roleName) {
        return call("GetRoleCredentials", sso -> {
            GetRoleCredentialsResponse r = sso.getRoleCredentials(b -> b.accessToken(accessToken).accountId(accountId).roleName(roleName));
            var c = r.roleCredentials();
            return AwsCredentials.session(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), region,
                    clients.skew().toLocal(Instant.ofEpochMilli(c.expiration()))); // the portal's clock, made local
        });
    }

    public void logout(String accessToken) {
        call("Logout", sso -> {
            sso.logout(b -> b.accessToken(accessToken));
            return null;
        });
    }

    private <T> T call(String what, java.util.function.Function<SsoClient, T> fn) {
        try (SsoClient sso = clients.sso(region)) {
            return fn.apply(sso);
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "Unknown" : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? e.getMessage()
                    : e.awsErrorDetails().errorMessage();
            throw new PortalError(code == null ? "Unknown" : code, what + " failed: " + code + ": " + message);
        } catch (SdkClientException e) {
            throw new AtmosException(ExitCode.AUTH, "cannot reach the IAM Identity Center portal ("
                    + clients.endpoint("SSO").map(Object::toString).orElse("portal.sso." + region + ".amazonaws.com") + ") for " + what
                    + ": " + e.getMessage(), "check your network connection, proxy settings and AWS_ENDPOINT_URL_SSO", e);
        }
    }
}
