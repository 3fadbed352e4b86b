package atmos.cli;

import atmos.Services;
import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Builds command objects with the services injected through their constructor (picocli's IFactory). */
public final class AppFactory implements CommandLine.IFactory {
    private final Services services;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    public AppFactory(Services services) {
        this.services = services;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            Constructor<K> c = cls.getDeclaredConstructor(Services.class);
            return c.newInstance(services);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
    }
}
