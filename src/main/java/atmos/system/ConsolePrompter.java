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
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The real prompter: JLine on a terminal (prompts on stderr, so {@code eval "$(atmos auth env)"}
 * still works), plain lines from stdin otherwise.
 */
public final class ConsolePrompter implements Prompter {
    private final Host host;
    private final InputStream stdin;
    private final PrintWriter err;
    private BufferedReader lines;

    public ConsolePrompter(Host host, InputStream stdin, PrintWriter err) {
        this.host = host;
        this.stdin = stdin;
        this.err = err;
    }

    @Override
    public boolean isTerminal() {
        return host.isInteractive();
    }

    @Override
    public char[] secret(String prompt) {
        // Hidden input whenever a person types it, even where pickers are off (CI set on a laptop).
        if (host.terminals().stdin() && host.terminals().stderr()) {
            return withTerminal(t -> {
                LineReader r = LineReaderBuilder.builder().terminal(t).build();
                return r.readLine(prompt, '\0').toCharArray();
            });
        }
        return readPlainLine(prompt).toCharArray();
    }

    @Override
    public String line(String prompt, String defaultValue) {
        String answer;
        if (isTerminal()) {
            answer = withTerminal(t -> LineReaderBuilder.builder().terminal(t).build().readLine(prompt));
        } else {
            answer = readPlainLine(prompt);
        }
        answer = answer.strip();
        return answer.isEmpty() ? defaultValue : answer;
    }

    @Override
    @SuppressWarnings("removal") // jline-console-ui: its successor (jline-prompt) is not released on Maven Central yet
    public int choose(String title, List<String> options) {
        if (!isTerminal()) {
            throw new AtmosException(ExitCode.USAGE, "cannot ask \"" + title + "\": not an interactive terminal", null);
        }
        return withTerminal(t -> {
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
        });
    }

    private interface TerminalAction<T> {
        T run(Terminal t) throws IOException;
    }

    private <T> T withTerminal(TerminalAction<T> action) {
        err.flush();
        try (Terminal t = TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.SysErr)
                .dumb(true).build()) {
            return action.run(t);
        } catch (UserInterruptException | EndOfFileException e) {
            throw new AtmosException(ExitCode.INTERRUPTED, "cancelled", null);
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot use the terminal: " + e.getMessage(), null);
        }
    }

    private String readPlainLine(String prompt) {
        err.print(prompt);
        err.flush();
        try {
            if (lines == null) {
                lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            }
            String l = lines.readLine();
            if (l == null) {
                throw new AtmosException(ExitCode.USAGE, "input needed but standard input is closed (" + prompt.strip() + ")",
                        "run the command in a terminal, or pipe the answer on standard input");
            }
            err.println();
            return l;
        } catch (IOException e) {
            throw new AtmosException(ExitCode.FAILURE, "cannot read standard input: " + e.getMessage(), null);
        }
    }
}
