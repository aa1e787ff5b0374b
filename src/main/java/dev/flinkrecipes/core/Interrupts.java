package dev.flinkrecipes.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM for a JVM that is the run's own (bin/run, bin/demo): the first runs
 * an orderly stop on a thread of its own, the second ends the JVM at once, as it would have without
 * this. Closing gives the signals back to the JVM's handling.
 */
public final class Interrupts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Interrupts.class);

    private final List<Runnable> restore = new ArrayList<>();
    private final AtomicBoolean signalled = new AtomicBoolean();

    private Interrupts() {}

    /** Runs {@code stop} (on a thread named {@code name}) at the first SIGINT or SIGTERM. */
    public static Interrupts onFirst(String name, Runnable stop) {
        Interrupts interrupts = new Interrupts();
        for (String signal : List.of("INT", "TERM")) {
            try {
                Signal sig = new Signal(signal);
                SignalHandler[] previous = new SignalHandler[1];
                previous[0] =
                        Signal.handle(
                                sig,
                                s -> {
                                    if (!interrupts.signalled.compareAndSet(false, true)) {
                                        previous[0].handle(s); // the second time: at once
                                        return;
                                    }
                                    // Off the signal thread: a stop takes seconds.
                                    Thread t = new Thread(stop, name);
                                    t.setDaemon(true);
                                    t.start();
                                });
                interrupts.restore.add(() -> Signal.handle(sig, previous[0]));
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{} here", signal, e); // e.g. a JVM run with -Xrs
            }
        }
        return interrupts;
    }

    /** A signal has come. */
    public boolean signalled() {
        return signalled.get();
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
    }
}
