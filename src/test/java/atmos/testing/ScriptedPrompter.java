package atmos.testing;

import atmos.error.AtmosException;
import atmos.error.ExitCode;
import atmos.system.Prompter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Answers prompts from a script and records what was asked. */
public final class ScriptedPrompter implements Prompter {
    private final Deque<String> answers = new ArrayDeque<>();
    private final List<String> asked = new ArrayList<>();
    private final boolean terminal;

    public ScriptedPrompter(boolean terminal, String... answers) {
        this.terminal = terminal;
        this.answers.addAll(List.of(answers));
    }

    public ScriptedPrompter answer(String a) {
        answers.add(a);
        return this;
    }

    public List<String> asked() {
        return asked;
    }

    @Override
    public boolean isTerminal() {
        return terminal;
    }

    private String next(String prompt) {
        asked.add(prompt);
        if (answers.isEmpty()) {
            throw AtmosException.inputNeeded(prompt.strip());
        }
        return answers.poll();
    }

    @Override
    public char[] secret(String prompt) {
        return next(prompt).toCharArray();
    }

    @Override
    public String line(String prompt, String defaultValue) {
        String a = next(prompt).strip();
        return a.isEmpty() ? defaultValue : a;
    }

    @Override
    public int choose(String title, List<String> options) {
        String a = next(title);
        int i = options.indexOf(a);
        if (i < 0) {
            throw new AssertionError("scripted choice " + a + " is not among " + options);
        }
        return i;
    }
}
