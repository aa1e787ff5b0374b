package dev.flinkrecipes.weblogs;

import dev.flinkrecipes.core.io.SeededGenerator;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Access-log lines in the common log format, as a web server writes them: IPv4 and IPv6 clients,
 * mostly 200s, 4xx about 10% and 5xx about 3% of requests, '-' sizes on errors and redirects.
 */
public final class AccessLogGenerator extends SeededGenerator {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
                    .withZone(ZoneOffset.UTC);
    static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE", "HEAD"};
    static final String[] PATHS = {
        "/",
        "/index.html",
        "/products",
        "/products/42",
        "/cart",
        "/api/orders",
        "/login",
        "/search?q=flink"
    };

    public AccessLogGenerator(long seed, long startMillis, double eventsPerSecond) {
        super(seed, startMillis, eventsPerSecond);
    }

    @Override
    public String line(long index) {
        SplittableRandom r = random(index);
        String host =
                r.nextDouble() < 0.15
                        ? "2001:db8::" + Integer.toHexString(1 + r.nextInt(0xffff))
                        : "192.168." + r.nextInt(256) + "." + (1 + r.nextInt(254));
        double p = r.nextDouble();
        int status =
                p < 0.03
                        ? new int[] {500, 502, 503}[r.nextInt(3)]
                        : p < 0.13
                                ? new int[] {400, 401, 403, 404, 404, 404}[r.nextInt(6)]
                                : p < 0.18 ? 304 : 200;
        String size = status == 200 ? String.valueOf(200 + r.nextInt(50_000)) : "-";
        long ts = timestamp(index);
        return host
                + " - - ["
                + TIME.format(Instant.ofEpochMilli(ts))
                + "] \""
                + METHODS[r.nextInt(METHODS.length)]
                + " "
                + PATHS[r.nextInt(PATHS.length)]
                + " HTTP/1.1\" "
                + status
                + " "
                + size;
    }
}
