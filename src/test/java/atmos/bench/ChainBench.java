package atmos.bench;

import atmos.auth.AuthService;
import atmos.auth.KindRegistry;
import atmos.keyring.MemoryKeyring;
import atmos.testing.Engine;
import atmos.testing.FakeSts;
import atmos.testing.ScriptedPrompter;
import atmos.testing.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * STS calls of a 3-step chain (IAM user with MFA → role → role), counted on the fake STS (run by
 * bench/run): cold, warm with the last step fresh, the last step expired, and --min-ttl. Prints a
 * markdown table.
 */
public final class ChainBench {
    private ChainBench() {
    }

    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("atmos-chain-bench");
        try (FakeSts sts = FakeSts.start()) {
            sts.rejectMfaCodeReuse(false);
            FakeSts.User user = sts.addUser("111111111111", "dev");
            FakeSts.AccessKey key = sts.createAccessKey(user);
            FakeSts.MfaDevice mfa = sts.enableVirtualMfa(user);
            FakeSts.Role admin = sts.role("arn:aws:iam::222222222222:role/Admin").trust(user).maxSessionDuration(Duration.ofHours(4)).create();
            sts.role("arn:aws:iam::333333333333:role/Deploy").trust(admin).create();
            TestHost host = new TestHost(tmp).clock(sts.clock()).env("AWS_ENDPOINT_URL_STS", sts.endpoint())
                    .env("K", key.accessKeyId()).env("S", key.secretAccessKey());
            host.write("atmos.yaml", """
                    auth:
                      identities:
                        dev: {kind: aws/user, credentials: {access_key_id: !env K, secret_access_key: !env S, mfa_arn: %s, region: eu-west-1}}
                        admin: {kind: aws/assume-role, via: {identity: dev}, principal: {assume_role: "arn:aws:iam::222222222222:role/Admin", duration: 3h}}
                        deploy: {kind: aws/assume-role, via: {identity: admin}, principal: {assume_role: "arn:aws:iam::333333333333:role/Deploy"}}
                    """.formatted(mfa.serialNumber()));
            MemoryKeyring keyring = new MemoryKeyring();
            StringBuilder md = new StringBuilder("| case | GetSessionToken (with MFA) | AssumeRole |\n|---|---|---|\n");
            int[] before = {0, 0};
            String[][] cases = {{"cold: nothing cached", "0"}, {"warm: the last step fresh", "0"},
                    {"the last step expired (58 min later), the others fresh", "58"}, {"--min-ttl 2h on admin with 1h52 left (10 min later)", "10"}};
            for (String[] c : cases) {
                sts.advance(Duration.ofMinutes(Long.parseLong(c[1])));
                Engine e = new Engine(host.build(), KindRegistry.builtIn(), keyring, new ScriptedPrompter(true, sts.currentMfaCode(mfa)));
                if (c[0].startsWith("--min-ttl")) {
                    AuthService.Session s = e.service.session("admin", Duration.ofHours(2));
                    c[0] += s.fromCache() ? " (kept)" : " (renewed)";
                } else {
                    e.service.session("deploy");
                }
                int gst = sts.count("GetSessionToken");
                int ar = sts.count("AssumeRole");
                md.append("| ").append(c[0]).append(" | ").append(gst - before[0]).append(" | ").append(ar - before[1]).append(" |\n");
                before[0] = gst;
                before[1] = ar;
            }
            System.out.print(md);
        }
    }
}
