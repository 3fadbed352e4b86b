package atmos.cli;

/**
 * A command whose options Atmos does not know go to another program unchanged ({@code atmos terraform
 * plan vpc -s dev -target=x -var a=b}): picocli takes them as positional arguments, in order, and does
 * not split single-dash words into clustered short options.
 */
public interface PassThrough {
}
