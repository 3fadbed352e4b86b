package atmos.system;

import java.util.List;

/**
 * Asks the person at the keyboard. On a terminal: hidden input for secrets and an arrow-key picker;
 * otherwise lines are read from standard input (so scripts can pipe answers) and pickers are not
 * available. Prompts go to stderr, never stdout. Implementations throw an {@code AtmosException} when
 * no answer can be had (stdin closed, Ctrl-C).
 */
public interface Prompter {

    /** True when an interactive picker can be shown (a terminal, not CI). */
    boolean isTerminal();

    /** Reads a secret without echoing it. The caller owns (and should clear) the returned array. */
    char[] secret(String prompt);

    /** Reads a line; an empty answer gives {@code defaultValue} (which may be null). */
    String line(String prompt, String defaultValue);

    /** Lets the user pick one of {@code options}; returns its index. Only when {@link #isTerminal()}. */
    int choose(String title, List<String> options);
}
