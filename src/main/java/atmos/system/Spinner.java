package atmos.system;

import java.io.PrintWriter;

/**
 * A progress line on stderr while waiting (for a browser approval, another process): animated in
 * place on a terminal, printed once otherwise. Closing it clears the line.
 */
public final class Spinner implements AutoCloseable {
    private static final String[] FRAMES = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

    private final PrintWriter err;
    private final boolean animate;
    private volatile String text;
    private final Thread thread;
    private volatile boolean running = true;

    public Spinner(PrintWriter err, boolean terminal, String text) {
        this.err = err;
        this.animate = terminal;
        this.text = text;
        if (animate) {
            thread = new Thread(this::loop, "atmos-spinner");
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
            err.println(text);
            err.flush();
        }
    }

    public void update(String newText) {
        this.text = newText;
    }

    private void loop() {
        int i = 0;
        while (running) {
            synchronized (err) {
                err.print("\r\u001b[2K" + FRAMES[i++ % FRAMES.length] + " " + text);
                err.flush();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (err) {
                err.print("\r\u001b[2K");
                err.flush();
            }
        }
    }
}
