package atmos.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Close names for "did you mean": by edit distance (up to a third of the name, at least 2), then names
 * that contain the given one or are contained in it; at most three, closest first.
 */
public final class CloseNames {
    private CloseNames() {
    }

    public static List<String> of(String given, Collection<String> known) {
        String g = given.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, g.length() / 3);
        record Scored(String name, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String k : known) {
            String kl = k.toLowerCase(Locale.ROOT);
            if (kl.equals(g)) {
                continue;
            }
            int d = EditDistance.between(g, kl);
            if (d <= limit || (g.length() >= 3 && (kl.contains(g) || g.contains(kl)))) {
                scored.add(new Scored(k, d));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < scored.size() && i < 3; i++) {
            out.add(scored.get(i).name());
        }
        return out;
    }
}
