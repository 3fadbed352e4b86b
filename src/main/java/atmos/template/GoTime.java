package atmos.template;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** Go's time formatting: layouts such as {@code 2006-01-02T15:04:05Z07:00}, Time.String, Duration.String. */
final class GoTime {
    private GoTime() {}

    private static final String[] LONG_DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
        "Saturday", "Sunday"};
    private static final String[] LONG_MONTHS = {"January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December"};

    /** time.Time.String(): {@code 2006-01-02 15:04:05.999999999 -0700 MST}. */
    static String string(ZonedDateTime t) {
        return format(t, "2006-01-02 15:04:05.999999999 -0700 MST");
    }

    /** The zone abbreviation Go prints for MST. */
    static String zoneName(ZonedDateTime t) {
        if (t.getZone() instanceof ZoneOffset off) {
            if (off.getTotalSeconds() == 0) {
                return "UTC";
            }
            return numericZone(off.getTotalSeconds(), false, false);
        }
        if (t.getZone().getId().equals("UTC") || t.getZone().getId().equals("Etc/UTC")) {
            return "UTC";
        }
        String s = t.getZone().getDisplayName(TextStyle.SHORT, Locale.ROOT);
        String dst = java.time.format.DateTimeFormatter.ofPattern("zzz", Locale.ROOT).format(t);
        if (!dst.startsWith("GMT")) {
            return dst;
        }
        return s.startsWith("GMT") ? numericZone(t.getOffset().getTotalSeconds(), false, false) : s;
    }

    private static String numericZone(int seconds, boolean colon, boolean withSeconds) {
        char sign = seconds < 0 ? '-' : '+';
        int abs = Math.abs(seconds);
        String s = String.format("%c%02d%s%02d", sign, abs / 3600, colon ? ":" : "", (abs / 60) % 60);
        if (withSeconds) {
            s += String.format("%s%02d", colon ? ":" : "", abs % 60);
        }
        return s;
    }

    /** time.Time.Format(layout). */
    static String format(ZonedDateTime t, String layout) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int n = layout.length();
        while (i < n) {
            String rest = layout.substring(i);
            char c = layout.charAt(i);
            int consumed = 0;
            switch (c) {
                case 'J':
                    if (rest.startsWith("January")) {
                        sb.append(LONG_MONTHS[t.getMonthValue() - 1]);
                        consumed = 7;
                    } else if (rest.startsWith("Jan")) {
                        sb.append(LONG_MONTHS[t.getMonthValue() - 1], 0, 3);
                        consumed = 3;
                    }
                    break;
                case 'M':
                    if (rest.startsWith("Monday")) {
                        sb.append(LONG_DAYS[t.getDayOfWeek().getValue() - 1]);
                        consumed = 6;
                    } else if (rest.startsWith("Mon")) {
                        sb.append(LONG_DAYS[t.getDayOfWeek().getValue() - 1], 0, 3);
                        consumed = 3;
                    } else if (rest.startsWith("MST")) {
                        sb.append(zoneName(t));
                        consumed = 3;
                    }
                    break;
                case '0':
                    if (rest.startsWith("01")) {
                        sb.append(String.format("%02d", t.getMonthValue()));
                        consumed = 2;
                    } else if (rest.startsWith("02")) {
                        sb.append(String.format("%02d", t.getDayOfMonth()));
                        consumed = 2;
                    } else if (rest.startsWith("03")) {
                        int h = t.getHour() % 12;
                        sb.append(String.format("%02d", h == 0 ? 12 : h));
                        consumed = 2;
                    } else if (rest.startsWith("04")) {
                        sb.append(String.format("%02d", t.getMinute()));
                        consumed = 2;
                    } else if (rest.startsWith("05")) {
                        sb.append(String.format("%02d", t.getSecond()));
                        consumed = 2;
                    } else if (rest.startsWith("06")) {
                        sb.append(String.format("%02d", Math.floorMod(t.getYear(), 100)));
                        consumed = 2;
                    } else if (rest.startsWith("002")) {
                        sb.append(String.format("%03d", t.getDayOfYear()));
                        consumed = 3;
                    }
                    break;
                case '1':
                    if (rest.startsWith("15")) {
                        sb.append(String.format("%02d", t.getHour()));
                        consumed = 2;
                    } else {
                        sb.append(t.getMonthValue());
                        consumed = 1;
                    }
                    break;
                case '2':
                    if (rest.startsWith("2006")) {
                        sb.append(String.format("%04d", t.getYear()));
                        consumed = 4;
                    } else {
                        sb.append(t.getDayOfMonth());
                        consumed = 1;
                    }
                    break;
                case '_':
                    if (rest.startsWith("_2006")) {
                        sb.append('_').append(String.format("%04d", t.getYear()));
                        consumed = 5;
                    } else if (rest.startsWith("__2")) {
                        sb.append(String.format("%3d", t.getDayOfYear()));
                        consumed = 3;
                    } else if (rest.startsWith("_2")) {
                        sb.append(String.format("%2d", t.getDayOfMonth()));
                        consumed = 2;
                    }
                    break;
                case '3':
                    int h = t.getHour() % 12;
                    sb.append(h == 0 ? 12 : h);
                    consumed = 1;
                    break;
                case '4':
                    sb.append(t.getMinute());
                    consumed = 1;
                    break;
                case '5':
                    sb.append(t.getSecond());
                    consumed = 1;
                    break;
                case 'P':
                    if (rest.startsWith("PM")) {
                        sb.append(t.getHour() >= 12 ? "PM" : "AM");
                        consumed = 2;
                    }
                    break;
                case 'p':
                    if (rest.startsWith("pm")) {
                        sb.append(t.getHour() >= 12 ? "pm" : "am");
                        consumed = 2;
                    }
                    break;
                case '-':
                case 'Z':
                    consumed = zone(sb, t, rest);
                    break;
                case '.':
                case ',':
                    if (rest.length() > 1 && (rest.charAt(1) == '0' || rest.charAt(1) == '9')) {
                        char d = rest.charAt(1);
                        int j = 1;
                        while (j < rest.length() && rest.charAt(j) == d) {
                            j++;
                        }
                        // Only a fraction if not followed by another digit.
                        if (j >= rest.length() || !Character.isDigit(rest.charAt(j))) {
                            fraction(sb, t.getNano(), j - 1, d == '9', c);
                            consumed = j;
                        }
                    }
                    break;
                default:
                    break;
            }
            if (consumed == 0) {
                sb.append(c);
                consumed = 1;
            }
            i += consumed;
        }
        return sb.toString();
    }

    private static int zone(StringBuilder sb, ZonedDateTime t, String rest) {
        int off = t.getOffset().getTotalSeconds();
        String[][] layouts = {
            {"Z070000", "Z", "n", "s"}, {"Z07:00:00", "Z", "c", "s"}, {"Z07:00", "Z", "c", ""}, {"Z0700", "Z", "n", ""},
            {"Z07", "Z", "h", ""}, {"-070000", "", "n", "s"}, {"-07:00:00", "", "c", "s"}, {"-07:00", "", "c", ""},
            {"-0700", "", "n", ""}, {"-07", "", "h", ""},
        };
        for (String[] l : layouts) {
            if (rest.startsWith(l[0])) {
                if (l[1].equals("Z") && off == 0) {
                    sb.append('Z');
                } else if (l[2].equals("h")) {
                    sb.append(numericZone(off, false, false), 0, 3);
                } else {
                    sb.append(numericZone(off, l[2].equals("c"), l[3].equals("s")));
                }
                return l[0].length();
            }
        }
        return 0;
    }

    private static void fraction(StringBuilder sb, int nanos, int digits, boolean trim, char sep) {
        String f = String.format("%09d", nanos).substring(0, Math.min(9, digits));
        if (trim) {
            int e = f.length();
            while (e > 0 && f.charAt(e - 1) == '0') {
                e--;
            }
            f = f.substring(0, e);
            if (f.isEmpty()) {
                return;
            }
        }
        sb.append(sep).append(f);
    }

    /** time.Duration.String(): {@code 72h3m0.5s}, {@code 1.5ms}, {@code 0s}. */
    static String durationString(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        boolean neg = nanos < 0;
        long u = Math.abs(nanos);
        StringBuilder sb = new StringBuilder();
        if (u < 1_000_000_000L) {
            String unit;
            long div;
            if (u < 1000) {
                return (neg ? "-" : "") + u + "ns";
            } else if (u < 1_000_000) {
                unit = "µs";
                div = 1000;
            } else {
                unit = "ms";
                div = 1_000_000;
            }
            sb.append(fracString(u, div)).append(unit);
        } else {
            long secs = u / 1_000_000_000L;
            long frac = u % 1_000_000_000L;
            long h = secs / 3600;
            long m = (secs / 60) % 60;
            long s = secs % 60;
            if (h > 0) {
                sb.append(h).append('h');
            }
            if (h > 0 || m > 0) {
                sb.append(m).append('m');
            }
            sb.append(fracString(s * 1_000_000_000L + frac, 1_000_000_000L)).append('s');
        }
        return (neg ? "-" : "") + sb;
    }

    private static String fracString(long v, long div) {
        long whole = v / div;
        long frac = v % div;
        if (frac == 0) {
            return Long.toString(whole);
        }
        int width = Long.toString(div).length() - 1;
        String f = String.format("%0" + width + "d", frac);
        int e = f.length();
        while (e > 0 && f.charAt(e - 1) == '0') {
            e--;
        }
        return whole + "." + f.substring(0, e);
    }
}
