package atmos.testing;

import atmos.system.Browser;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A browser for in-process tests: records the URLs "atmos" opens and may act on them (approve a login). */
public final class FakeBrowser implements Browser {
    private final List<URI> opened = new CopyOnWriteArrayList<>();
    private final Consumer<URI> onOpen;

    public FakeBrowser(Consumer<URI> onOpen) {
        this.onOpen = onOpen;
    }

    public static FakeBrowser recording() {
        return new FakeBrowser(u -> { });
    }

    public List<URI> opened() {
        return opened;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public boolean open(URI url) {
        opened.add(url);
        Thread t = new Thread(() -> onOpen.accept(url), "fake-browser");
        t.setDaemon(true);
        t.start();
        return true;
    }
}
