package dev.flinkrecipes.core.io;

import java.io.PrintStream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Lines to stdout or stderr exactly as they are, one per record: unlike Flink's {@code PrintSink}
 * no {@code "name:subtask> "} prefix, so {@code --format json} output pipes straight into {@code
 * jq}. Not transactional (as the console never is): a restart may print a line again.
 */
public final class ConsoleLines implements Sink<String> {
    private final boolean toStderr;

    private ConsoleLines(boolean toStderr) {
        this.toStderr = toStderr;
    }

    /** Results: stdout. */
    public static ConsoleLines stdout() {
        return new ConsoleLines(false);
    }

    /** Dead letters and late records: stderr, apart from the results. */
    public static ConsoleLines stderr() {
        return new ConsoleLines(true);
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(String line, Context ctx) {
                // Looked up per line: tests (and a user's code) may swap the streams.
                PrintStream stream = toStderr ? System.err : System.out;
                stream.println(line);
            }

            @Override
            public void flush(boolean endOfInput) {
                (toStderr ? System.err : System.out).flush();
            }

            @Override
            public void close() {}
        };
    }
}
