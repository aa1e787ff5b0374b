package dev.flinkrecipes.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test's code printed to stdout and stderr, captured around each test
 * ({@code @RegisterExtension final ConsoleCapture console = new ConsoleCapture();}); after the
 * test, what was captured is printed to the real streams too, so a failing test's output is still
 * in its report.
 */
public final class ConsoleCapture implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream realOut;
    private PrintStream realErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        realOut = System.out;
        realErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(realOut);
        System.setErr(realErr);
        realOut.print(out());
        realErr.print(err());
    }

    /** Everything printed to stdout so far. */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * stdout with every run of whitespace as one space: help text wraps to the terminal's width.
     */
    public String outFlat() {
        return out().replaceAll("\\s+", " ");
    }

    public String errFlat() {
        return err().replaceAll("\\s+", " ");
    }

    /** Forgets what was captured so far. */
    public void reset() {
        out.reset();
        err.reset();
    }
}
