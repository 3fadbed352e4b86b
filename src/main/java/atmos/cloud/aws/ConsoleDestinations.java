package atmos.cloud.aws;

import atmos.error.AtmosException;
import atmos.text.CloseNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the AWS console opens after sign-in ({@code --destination}): a full {@code http(s)://} URL as
 * given, or a service alias from the Go Atmos's table ({@code s3}, {@code ec2}, {@code cloudformation} …,
 * case-insensitive). Aliases point at the console of the sign-in's partition; with no destination the
 * console home page opens.
 */
public final class ConsoleDestinations {
    /** Alias → path on the console host, in the Go Atmos's order. */
    private static final Map<String, String> PATHS = table();

    private ConsoleDestinations() {
    }

    /** Every alias, sorted (for help and shell completion). */
    public static List<String> aliases() {
        List<String> out = new ArrayList<>(PATHS.keySet());
        Collections.sort(out);
        return out;
    }

    /** The console's home page in the partition ({@code https://console.aws.amazon.com/}). */
    public static String home(Partition partition) {
        return "https://" + partition.consoleHost() + "/";
    }

    /**
     * The destination URL for what the user typed: empty or null is the console home page, a URL is
     * kept as it is, an alias is looked up.
     *
     * @throws AtmosException (usage) for an unknown alias, naming close ones
     */
    public static String resolve(String destination, Partition partition) {
        if (destination == null || destination.isBlank()) {
            return home(partition);
        }
        String trimmed = destination.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return trimmed;
        }
        String path = PATHS.get(lower);
        if (path != null) {
            return "https://" + partition.consoleHost() + path;
        }
        List<String> close = CloseNames.of(lower, PATHS.keySet());
        throw AtmosException.usage("unknown console destination \"" + trimmed + "\"" + (close.isEmpty() ? ""
                        : " (did you mean " + String.join(", ", close) + "?)"),
                "use a service alias such as s3, ec2, lambda or cloudformation ('atmos auth console --help' lists all "
                        + PATHS.size() + "), or a full https:// console URL");
    }

    private static void put(Map<String, String> m, String alias, String path) {
        m.put(alias, path);
    }

    private static Map<String, String> table() {
        Map<String, String> m = new LinkedHashMap<>();
        // Storage Services
        put(m, "s3", "/s3");
        put(m, "efs", "/efs");
        put(m, "fsx", "/fsx");
        put(m, "glacier", "/glacier");
        put(m, "backup", "/backup");
        // Compute Services
        put(m, "ec2", "/ec2");
        put(m, "lambda", "/lambda");
        put(m, "lightsail", "/lightsail");
        put(m, "batch", "/batch");
        put(m, "elasticbeanstalk", "/elasticbeanstalk");
        put(m, "serverless", "/lambda/home#/applications");
        // Container Services
        put(m, "ecs", "/ecs");
        put(m, "ecr", "/ecr");
        put(m, "eks", "/eks");
        put(m, "fargate", "/ecs");
        // Database Services
        put(m, "rds", "/rds");
        put(m, "dynamodb", "/dynamodb");
        put(m, "elasticache", "/elasticache");
        put(m, "neptune", "/neptune");
        put(m, "timestream", "/timestream");
        put(m, "documentdb", "/docdb");
        put(m, "keyspaces", "/keyspaces");
        put(m, "qldb", "/qldb");
        put(m, "memorydb", "/memorydb");
        // Networking Services
        put(m, "vpc", "/vpc");
        put(m, "cloudfront", "/cloudfront");
        put(m, "route53", "/route53");
        put(m, "apigateway", "/apigateway");
        put(m, "directconnect", "/directconnect");
        put(m, "elb", "/ec2/v2/home#LoadBalancers");
        put(m, "globalaccelerator", "/globalaccelerator");
        put(m, "transitgateway", "/vpc/home#TransitGateways");
        put(m, "privatelink", "/vpc/home#Endpoints");
        // Security & Identity
        put(m, "iam", "/iam");
        put(m, "organizations", "/organizations");
        put(m, "cognito", "/cognito");
        put(m, "secretsmanager", "/secretsmanager");
        put(m, "kms", "/kms");
        put(m, "acm", "/acm");
        put(m, "waf", "/wafv2");
        put(m, "shield", "/shield");
        put(m, "guardduty", "/guardduty");
        put(m, "inspector", "/inspector");
        put(m, "macie", "/macie");
        put(m, "securityhub", "/securityhub");
        put(m, "detective", "/detective");
        put(m, "sso", "/singlesignon");
        put(m, "directory", "/directoryservicev2");
        // Management & Governance
        put(m, "cloudwatch", "/cloudwatch");
        put(m, "cloudtrail", "/cloudtrail");
        put(m, "config", "/config");
        put(m, "cloudformation", "/cloudformation");
        put(m, "servicecatalog", "/servicecatalog");
        put(m, "systems-manager", "/systems-manager");
        put(m, "ssm", "/systems-manager");
        put(m, "opsworks", "/opsworks");
        put(m, "controltower", "/controltower");
        put(m, "license-manager", "/license-manager");
        put(m, "resource-groups", "/resource-groups");
        put(m, "tag-editor", "/resource-groups/tag-editor");
        put(m, "trusted-advisor", "/trustedadvisor");
        put(m, "well-architected", "/wellarchitected");
        // Developer Tools
        put(m, "codecommit", "/codecommit");
        put(m, "codebuild", "/codebuild");
        put(m, "codedeploy", "/codedeploy");
        put(m, "codepipeline", "/codepipeline");
        put(m, "codeartifact", "/codeartifact");
        put(m, "cloud9", "/cloud9");
        put(m, "xray", "/xray");
        // Analytics
        put(m, "athena", "/athena");
        put(m, "emr", "/emr");
        put(m, "cloudsearch", "/cloudsearch");
        put(m, "elasticsearch", "/aos");
        put(m, "opensearch", "/aos");
        put(m, "kinesis", "/kinesis");
        put(m, "quicksight", "/quicksight");
        put(m, "glue", "/glue");
        put(m, "lake-formation", "/lakeformation");
        put(m, "msk", "/msk");
        put(m, "redshift", "/redshift");
        // Application Integration
        put(m, "sns", "/sns");
        put(m, "sqs", "/sqs");
        put(m, "eventbridge", "/events");
        put(m, "mq", "/amazon-mq");
        put(m, "step-functions", "/states");
        put(m, "appflow", "/appflow");
        // Migration & Transfer
        put(m, "dms", "/dms");
        put(m, "datasync", "/datasync");
        put(m, "transfer", "/transfer");
        put(m, "migration-hub", "/migrationhub");
        put(m, "application-discovery", "/discovery");
        put(m, "server-migration", "/servermigration");
        // Cost Management
        put(m, "billing", "/billing");
        put(m, "cost-explorer", "/cost-management/home#/cost-explorer");
        put(m, "budgets", "/billing/home#/budgets");
        // Machine Learning
        put(m, "sagemaker", "/sagemaker");
        put(m, "rekognition", "/rekognition");
        put(m, "textract", "/textract");
        put(m, "comprehend", "/comprehend");
        put(m, "translate", "/translate");
        put(m, "polly", "/polly");
        put(m, "transcribe", "/transcribe");
        put(m, "lex", "/lex");
        put(m, "personalize", "/personalize");
        put(m, "forecast", "/forecast");
        put(m, "kendra", "/kendra");
        put(m, "bedrock", "/bedrock");
        // IoT
        put(m, "iot-core", "/iot");
        put(m, "iot-analytics", "/iotanalytics");
        put(m, "iot-events", "/iotevents");
        put(m, "greengrass", "/greengrass");
        // End User Computing
        put(m, "workspaces", "/workspaces");
        put(m, "appstream", "/appstream2");
        put(m, "worklink", "/worklink");
        // Common Aliases
        put(m, "console", "/console/home");
        put(m, "home", "/console/home");
        put(m, "dashboard", "/console/home");
        return Collections.unmodifiableMap(m);
    }
}
