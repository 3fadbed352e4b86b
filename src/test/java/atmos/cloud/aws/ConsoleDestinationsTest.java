package atmos.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import org.junit.jupiter.api.Test;

/** {@code --destination}: the Go Atmos's alias table, URLs as given, close names for typos, partitions. */
class ConsoleDestinationsTest {

    @Test
    void theAliasTableIsTheGoAtmosOne() {
        assertThat(ConsoleDestinations.aliases()).hasSize(117).isSorted()
                .contains("s3", "ec2", "lambda", "cloudformation", "iam", "sso", "bedrock", "console", "home", "dashboard", "well-architected");
        assertThat(ConsoleDestinations.resolve("s3", Partition.AWS)).isEqualTo("https://console.aws.amazon.com/s3");
        assertThat(ConsoleDestinations.resolve("elb", Partition.AWS)).isEqualTo("https://console.aws.amazon.com/ec2/v2/home#LoadBalancers");
        assertThat(ConsoleDestinations.resolve("documentdb", Partition.AWS)).isEqualTo("https://console.aws.amazon.com/docdb");
        assertThat(ConsoleDestinations.resolve("cost-explorer", Partition.AWS))
                .isEqualTo("https://console.aws.amazon.com/cost-management/home#/cost-explorer");
    }

    @Test
    void aliasesIgnoreCaseAndSpacesAndUrlsStayAsGiven() {
        assertThat(ConsoleDestinations.resolve("  CloudFormation ", Partition.AWS)).isEqualTo("https://console.aws.amazon.com/cloudformation");
        assertThat(ConsoleDestinations.resolve(" https://console.aws.amazon.com/lambda/home?region=eu-west-1#/functions ", Partition.AWS))
                .isEqualTo("https://console.aws.amazon.com/lambda/home?region=eu-west-1#/functions");
        assertThat(ConsoleDestinations.resolve("http://127.0.0.1:8080/console/s3", Partition.AWS)).isEqualTo("http://127.0.0.1:8080/console/s3");
    }

    @Test
    void noDestinationIsTheConsoleHomeOfThePartition() {
        assertThat(ConsoleDestinations.resolve(null, Partition.AWS)).isEqualTo("https://console.aws.amazon.com/");
        assertThat(ConsoleDestinations.resolve("", Partition.AWS_US_GOV)).isEqualTo("https://console.amazonaws-us-gov.com/");
        assertThat(ConsoleDestinations.resolve("s3", Partition.AWS_CN)).isEqualTo("https://console.amazonaws.cn/s3");
    }

    @Test
    void anUnknownAliasNamesCloseOnesAndIsAUsageError() {
        assertThatThrownBy(() -> ConsoleDestinations.resolve("cloudfromation", Partition.AWS)).isInstanceOfSatisfying(AtmosException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).isEqualTo("unknown console destination \"cloudfromation\" (did you mean cloudformation?)");
            assertThat(e.hint()).contains("'atmos auth console --help' lists all 117").contains("full https:// console URL");
        });
        assertThatThrownBy(() -> ConsoleDestinations.resolve("lamda", Partition.AWS)).hasMessageContaining("did you mean lambda");
        assertThatThrownBy(() -> ConsoleDestinations.resolve("ftp://example.com", Partition.AWS)).hasMessageStartingWith("unknown console destination");
        assertThatThrownBy(() -> ConsoleDestinations.resolve("zzzzzzzzzz", Partition.AWS))
                .hasMessage("unknown console destination \"zzzzzzzzzz\"");
    }

    @Test
    void regionsAndArnsNameTheirPartition() {
        assertThat(Partition.ofRegion("us-east-1")).isEqualTo(Partition.AWS);
        assertThat(Partition.ofRegion(null)).isEqualTo(Partition.AWS);
        assertThat(Partition.ofRegion("us-gov-west-1")).isEqualTo(Partition.AWS_US_GOV);
        assertThat(Partition.ofRegion("cn-northwest-1")).isEqualTo(Partition.AWS_CN);
        assertThat(Partition.ofArn("arn:aws-us-gov:iam::123456789012:role/Admin")).contains(Partition.AWS_US_GOV);
        assertThat(Partition.ofArn("arn:aws-cn:iam::123456789012:role/Admin")).contains(Partition.AWS_CN);
        assertThat(Partition.ofArn("not an arn")).isEmpty();
    }
}
