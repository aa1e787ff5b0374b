package dev.flinkrecipes.testing;

import dev.flinkrecipes.core.options.StateBackendKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs a test class once per state backend, the heap and RocksDB: the class takes the backend as
 * {@code @Parameter StateBackendKind stateBackend} and gives every job it starts {@code
 * --state-backend} ({@link #options}), so a stateful job's test also checks it on RocksDB (its
 * state serialized, timers in RocksDB).
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "--state-backend {0}")
@EnumSource(StateBackendKind.class)
public @interface OnEveryStateBackend {
    /** Helpers for the classes it runs. */
    final class Options {
        private Options() {}

        /** {@code options} with {@code --state-backend backend} added. */
        public static String[] with(StateBackendKind backend, String... options) {
            String[] all = java.util.Arrays.copyOf(options, options.length + 2);
            all[options.length] = "--state-backend";
            all[options.length + 1] = backend.name();
            return all;
        }
    }
}
