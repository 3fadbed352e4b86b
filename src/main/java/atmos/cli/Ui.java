package atmos.cli;

import atmos.system.Host;
import java.io.PrintWriter;

/**
 * Human-facing lines on stderr: status marks, colour only on a terminal and never with NO_COLOR.
 * Data never goes through here; it goes to stdout.
 */
public final class Ui {
    private final PrintWriter err;
    private final boolean color;
    private final boolean stdoutTty;
    private final boolean colorAllowed;
    private final boolean forced;

    public Ui(PrintWriter err, Host host) {
        this.err = err;
        boolean off = host.getenv("NO_COLOR").isPresent() || host.getenv("ATMOS_NO_COLOR").map(atmos.config.ConfigNode::truthy).orElse(false)
                || "0".equals(host.env().get("CLICOLOR"));
        this.forced = host.getenv("ATMOS_FORCE_COLOR").map(atmos.config.ConfigNode::truthy).orElse(false)
                || host.getenv("CLICOLOR_FORCE").filter(v -> !v.equals("0")).isPresent();
        this.colorAllowed = !off && (forced || !"dumb".equals(host.env().get("TERM")));
        this.color = colorAllowed && (host.terminals().stderr() || forced);
        this.stdoutTty = host.terminals().stdout();
    }

    private Ui(PrintWriter err, boolean color, boolean colorAllowed, boolean stdoutTty, boolean forced) {
        this.err = err;
        this.color = color;
        this.colorAllowed = colorAllowed;
        this.stdoutTty = stdoutTty;
        this.forced = forced;
    }

    /** The same, but colouring text meant for stdout: only when stdout is a terminal (or colour is forced). */
    public Ui forStdout() {
        return new Ui(err, colorAllowed && (stdoutTty || forced), colorAllowed, stdoutTty, forced);
    }

    public PrintWriter err() {
        return err;
    }

    public boolean color() {
        return color;
    }

    public boolean stdoutIsTty() {
        return stdoutTty;
    }

    public void success(String message) {
        err.println(paint("32", "✓") + " " + message);
        err.flush();
    }

    public void warn(String message) {
        err.println(paint("33", "⚠") + " " + message);
        err.flush();
    }

    public void fail(String message) {
        err.println(paint("31", "✗") + " " + message);
        err.flush();
    }

    public void info(String message) {
        err.println(message);
        err.flush();
    }

    public String paint(String ansi, String text) {
        return color ? "\u001b[" + ansi + "m" + text + "\u001b[0m" : text;
    }

    public String bold(String text) {
        return paint("1", text);
    }

    public String dim(String text) {
        return paint("2", text);
    }
}
