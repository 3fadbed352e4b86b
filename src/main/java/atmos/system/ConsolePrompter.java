package atmos.system;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jline.consoleui.elements.PromptableElementIF;
import org.jline.consoleui.prompt.ConsolePrompt;
import org.jline.consoleui.prompt.ListResult;
import org.jline.consoleui.prompt.PromptResultItemIF;
import org.jline.consoleui.prompt.builder.ListPromptBuilder;
import org.jline.consoleui.prompt.builder.PromptBuilder;
import org.jline.reader.EndOfFileException;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The real prompter. Prompts go to stderr (so {@code eval "$(atmos auth env)"} still works) and answers
 * are read as plain lines from stdin in the terminal's own line mode, which every terminal supports:
 * a real one, tmux, {@code TERM=dumb}, and a bare pseudo-terminal that answers no queries and has no
 * size ({@code expect}, {@code script}). Secrets are read with the terminal's echo turned off through
 * the tty itself ({@code stty -echo}); where that cannot be done the prompt is refused, never echoed.
 * Only the arrow-key picker uses JLine, and only on a terminal that reports a size; elsewhere it is a
 * numbered list.
 */
public final class ConsolePrompter implements Prompter {
    private final Host host;
    private final InputStream stdin;
    private final PrintWriter err;
    private final java.io.File tty;
    private BufferedReader lines;

    public ConsolePrompter(Host host, InputStream stdin, PrintWriter err) {
        this(host, stdin, err, null);
    }

    /**
     * A prompter on a terminal device other than stdin/stderr: {@code stdin} and {@code err} are opened
     * on {@code tty} (usually {@code /dev/tty}, the controlling terminal), whose echo {@code stty} turns
     * off. For commands whose standard streams belong to another program ({@code credential_process}).
     */
    public ConsolePrompter(Host host, InputStream stdin, PrintWriter err, java.io.File tty) {
        this.host = host;
        this.stdin = stdin;
        this.err = err;
        this.tty = tty;
    }

    @Override
    public boolean isTerminal() {
        return host.isInteractive();
    }

    @Override
    public char[] secret(String prompt) {
        if (!host.terminals().stdin()) {
            return readLine(prompt, true).toCharArray(); // piped: nothing is echoed anyway
        }
        // Hidden input whenever a person types it, even where pickers are off (CI set on a laptop).
        try (TtyEcho ignored = TtyEcho.off(tty)) {
            String answer = readLine(prompt, false);
            err.println(); // the Enter was not echoed either
            err.flush();
            return answer.toCharArray();
        }
    }

    @Override
    public String line(String prompt, String defaultValue) {
        String answer = readLine(prompt, !host.terminals().stdin()).strip();
        return answer.isEmpty() ? defaultValue : answer;
    }

    @Override
    public int choose(String title, List<String> options) {
        if (!isTerminal()) {
            throw new AtmosException(ExitCode.USAGE, "cannot ask \"" + title + "\": not an interactive terminal", null);
        }
        Integer picked = withSizedTerminal(t -> pick(t, title, options));
        return picked != null ? picked : numbered(title, options);
    }

    /** The picker for terminals that cannot draw one: a numbered list and a line to answer. */
    private int numbered(String title, List<String> options) {
        err.println(title);
        for (int i = 0; i < options.size(); i++) {
            err.println("  " + (i + 1) + ") " + options.get(i));
        }
        while (true) {
            String answer = line("Enter a number (1-" + options.size() + "): ", "").strip();
            try {
                int n = Integer.parseInt(answer);
                if (n >= 1 && n <= options.size()) {
                    return n - 1;
                }
            } catch (NumberFormatException e) {
                int exact = options.indexOf(answer);
                if (exact >= 0) {
                    return exact;
                }
            }
            err.println("Not one of the choices: " + answer);
        }
    }

    @SuppressWarnings("removal") // jline-console-ui: its successor (jline-prompt) is not released on Maven Central yet
    private static int pick(Terminal t, String title, List<String> options) throws IOException {
        ConsolePrompt prompt = new ConsolePrompt(t);
        PromptBuilder builder = prompt.getPromptBuilder();
        ListPromptBuilder list = builder.createListPrompt().name("choice").message(title);
        for (int i = 0; i < options.size(); i++) {
            list.newItem(Integer.toString(i)).text(options.get(i)).add();
        }
        list.addPrompt();
        List<PromptableElementIF> elements = builder.build();
        Map<String, PromptResultItemIF> result = prompt.prompt(elements);
        PromptResultItemIF choice = result.get("choice");
        if (!(choice instanceof ListResult lr) || lr.getSelectedId() == null) {
            throw new AtmosException(ExitCode.INTERRUPTED, "cancelled", null);
        }
        return Integer.parseInt(lr.getSelectedId());
    }

    private interface TerminalAction<T> {
        T run(Terminal t) throws IOException;
    }

    /** Runs {@code action} on a JLine terminal that can draw (not dumb, with a size); null when there is none. */
    private <T> T withSizedTerminal(TerminalAction<T> action) {
        err.flush();
        String term = host.env().getOrDefault("TERM", "");
        if (term.isEmpty() || term.startsWith("dumb") || tty != null) {
            return null;
        }
        // Asked of the tty before JLine starts: JLine sends queries a bare pseudo-terminal (expect, script
        // in CI) never answers, and its reader would swallow the typed answer.
        String size = TtyEcho.stty("size", null);
        if (size == null || !size.strip().matches("[1-9][0-9]* [1-9][0-9]*")) {
            return null;
        }
        try (Terminal t = TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.SysErr)
                .dumb(true).build()) {
            if (t.getWidth() <= 0 || t.getHeight() <= 0 || t.getType().startsWith("dumb")) {
                return null;
            }
            return action.run(t);
        } catch (UserInterruptException | EndOfFileException e) {
            throw new AtmosException(ExitCode.INTERRUPTED, "cancelled", null);
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot use the terminal: " + e.getMessage(), null);
        }
    }

    /**
     * A line from stdin after printing {@code prompt} on stderr. {@code newline}: end the prompt line
     * ourselves (the answer came from a pipe and was not echoed).
     */
    private String readLine(String prompt, boolean newline) {
        err.print(prompt);
        err.flush();
        try {
            if (lines == null) {
                lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            }
            String l = lines.readLine();
            if (l == null) {
                if (host.terminals().stdin()) {
                    err.println();
                    throw new AtmosException(ExitCode.INTERRUPTED, "cancelled (end of input at \"" + prompt.strip() + "\")", null);
                }
                throw AtmosException.inputNeeded(prompt.strip());
            }
            if (newline) {
                err.println();
            }
            return l;
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot read standard input: " + e.getMessage(), null);
        }
    }

    /**
     * The terminal's echo, turned off through the tty on stdin with {@code stty} (works whatever TERM
     * says) and restored on close, and by a shutdown hook if the JVM ends first (Ctrl-C).
     */
    static final class TtyEcho implements AutoCloseable {
        private final String saved;
        private final java.io.File tty;
        private final Thread restoreOnExit;

        private TtyEcho(String saved, java.io.File tty) {
            this.saved = saved;
            this.tty = tty;
            this.restoreOnExit = new Thread(() -> stty(saved, tty), "atmos-restore-echo");
            Runtime.getRuntime().addShutdownHook(restoreOnExit);
        }

        /** Echo off on {@code tty}, or on stdin when null. */
        static TtyEcho off(java.io.File tty) {
            String saved = stty("-g", tty);
            if (saved == null || saved.isBlank() || stty("-echo", tty) == null) {
                throw new AtmosException(ExitCode.USAGE, "cannot turn off echo on this terminal, so a secret typed here would show",
                        "pipe the answer on standard input (echo … | atmos …), or set it through the environment where the command allows it");
            }
            return new TtyEcho(saved.strip(), tty);
        }

        @Override
        public void close() {
            stty(saved, tty);
            try {
                Runtime.getRuntime().removeShutdownHook(restoreOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }

        /** Runs stty on {@code tty}, or on our stdin when null (the terminal); its output, or null when it failed. */
        static String stty(String arg, java.io.File tty) {
            try {
                Process p = new ProcessBuilder("stty", arg)
                        .redirectInput(tty == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.from(tty))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return p.waitFor() == 0 ? out : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
