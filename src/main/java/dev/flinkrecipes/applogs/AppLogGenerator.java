package dev.flinkrecipes.applogs;

import dev.flinkrecipes.core.io.JsonEventGenerator;
import java.util.SplittableRandom;

/**
 * Application logs from five services: INFO 70%, DEBUG 10%, WARN 12%, ERROR 8% (error_code
 * 500/502/503/504), user_id on 80% of records. To give the error-rate alert something to find,
 * 'payments' has an incident every tenth minute of event time, when 40% of its records are errors.
 */
public final class AppLogGenerator extends JsonEventGenerator<AppLog> {
    private static final long serialVersionUID = 1L;

    static final String[] SERVICES = {"auth", "catalog", "checkout", "payments", "search"};
    static final int[] ERROR_CODES = {500, 502, 503, 504};

    public AppLogGenerator(long seed, long startMillis, double eventsPerSecond) {
        super(seed, startMillis, eventsPerSecond);
    }

    @Override
    protected AppLog event(long index, SplittableRandom r, long timestamp) {
        String service = SERVICES[r.nextInt(SERVICES.length)];
        boolean incident = service.equals("payments") && (timestamp / 60_000) % 10 == 7;
        double p = r.nextDouble();
        String level =
                incident
                        ? (p < 0.4 ? "ERROR" : "INFO")
                        : p < 0.08 ? "ERROR" : p < 0.2 ? "WARN" : p < 0.3 ? "DEBUG" : "INFO";
        Integer code = level.equals("ERROR") ? ERROR_CODES[r.nextInt(ERROR_CODES.length)] : null;
        String message =
                switch (level) {
                    case "ERROR" -> "request failed: upstream returned " + code;
                    case "WARN" -> "slow response: " + (500 + r.nextInt(2000)) + " ms";
                    case "DEBUG" -> "cache " + (r.nextBoolean() ? "hit" : "miss");
                    default -> "request served";
                };
        String user = r.nextDouble() < 0.8 ? "user_" + (1 + r.nextInt(100)) : null;
        return new AppLog(timestamp, level, service, message, code, user);
    }

    @Override
    protected String keyOf(AppLog log) {
        return log.service;
    }
}
