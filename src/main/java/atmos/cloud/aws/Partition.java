package atmos.cloud.aws;

import java.util.Locale;

/**
 * The AWS partitions a console sign-in can target, with their sign-in (federation) and console hosts.
 * A region names its partition: {@code cn-*} is aws-cn, {@code us-gov-*} is aws-us-gov, anything else aws.
 */
public enum Partition {
    AWS("aws", "signin.aws.amazon.com", "console.aws.amazon.com"),
    AWS_US_GOV("aws-us-gov", "signin.amazonaws-us-gov.com", "console.amazonaws-us-gov.com"),
    AWS_CN("aws-cn", "signin.amazonaws.cn", "console.amazonaws.cn");

    private final String id;
    private final String signinHost;
    private final String consoleHost;

    Partition(String id, String signinHost, String consoleHost) {
        this.id = id;
        this.signinHost = signinHost;
        this.consoleHost = consoleHost;
    }

    /** The partition of a region ({@code us-east-1}, {@code us-gov-west-1}, {@code cn-north-1}); null or blank is aws. */
    public static Partition ofRegion(String region) {
        String r = region == null ? "" : region.strip().toLowerCase(Locale.ROOT);
        if (r.startsWith("us-gov-")) {
            return AWS_US_GOV;
        }
        if (r.startsWith("cn-")) {
            return AWS_CN;
        }
        return AWS;
    }

    /** The partition an ARN names ({@code arn:aws-us-gov:…}), if it is one of these. */
    public static java.util.Optional<Partition> ofArn(String arn) {
        if (arn == null || !arn.startsWith("arn:")) {
            return java.util.Optional.empty();
        }
        int end = arn.indexOf(':', 4);
        String id = end < 0 ? "" : arn.substring(4, end);
        for (Partition p : values()) {
            if (p.id.equals(id)) {
                return java.util.Optional.of(p);
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code aws}, {@code aws-us-gov}, {@code aws-cn}. */
    public String id() {
        return id;
    }

    /** The public sign-in host, e.g. {@code signin.aws.amazon.com}. */
    public String signinHost() {
        return signinHost;
    }

    /** The console host, e.g. {@code console.aws.amazon.com}. */
    public String consoleHost() {
        return consoleHost;
    }
}
