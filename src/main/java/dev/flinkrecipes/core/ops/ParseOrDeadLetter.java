package dev.flinkrecipes.core.ops;

import dev.flinkrecipes.core.RunSummary;
import dev.flinkrecipes.core.options.DurationConverter;
import dev.flinkrecipes.core.serde.DeadLetter;
import dev.flinkrecipes.core.serde.InvalidRecordException;
import dev.flinkrecipes.core.serde.RawRecord;
import dev.flinkrecipes.core.serde.RecordParser;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses raw records into typed ones; a record that fails goes, with the reason, to the dead-letter
 * side output (whole or, if huge, bounded: see {@link DeadLetter}) and the {@code deadLetters}
 * counter. The job never stops on bad input.
 */
public final class ParseOrDeadLetter<T> extends ProcessFunction<RawRecord, T> {
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** Files read to their end (only with end-of-file markers, see {@code --after-commit}). */
    /** Metrics of this operator (the Web UI's, and the progress line of a local run). */
    public static final String RECORDS_IN_METRIC = "inputRecords",
            DEAD_LETTERS_METRIC = "deadLetters";

    public static final OutputTag<String> COMPLETED_FILES = new OutputTag<>("completed-files") {};

    private final String job;
    private final RecordParser<T> parser;

    /** A record's event time; null: the job has none, nothing is checked. */
    private final SerializableTimestampAssigner<T> eventTime;

    /** {@code --max-future-skew} in milliseconds; 0: not checked. */
    private final long maxFutureSkew;

    private transient Counter deadLetters;

    /** The run summary's exact totals (accumulators come back with the job's result). */
    private transient LongCounter recordsIn, deadLetterTotal;

    public ParseOrDeadLetter(String job, RecordParser<T> parser) {
        this(job, parser, null, Duration.ZERO);
    }

    /**
     * Also a dead letter: a record whose {@code eventTime} is more than {@code maxFutureSkew} ahead
     * of this machine's clock (when above 0). One such record (a producer's clock hours ahead)
     * would move the watermark that far and make every on-time record after it late.
     */
    public ParseOrDeadLetter(
            String job,
            RecordParser<T> parser,
            SerializableTimestampAssigner<T> eventTime,
            Duration maxFutureSkew) {
        this.job = job;
        this.parser = parser;
        this.eventTime = eventTime;
        this.maxFutureSkew = maxFutureSkew.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        deadLetters = getRuntimeContext().getMetricGroup().counter(DEAD_LETTERS_METRIC);
        recordsIn = getRuntimeContext().getLongCounter(RunSummary.RECORDS_IN);
        LongCounter in = recordsIn;
        getRuntimeContext()
                .getMetricGroup()
                .gauge(RECORDS_IN_METRIC, (Gauge<Long>) in::getLocalValuePrimitive);
        deadLetterTotal = getRuntimeContext().getLongCounter(RunSummary.DEAD_LETTERS);
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
        if (raw.endOfFile) {
            ctx.output(COMPLETED_FILES, raw.origin);
            return;
        }
        recordsIn.add(1);
        T parsed;
        try {
            parsed = parser.parse(raw);
        } catch (InvalidRecordException e) {
            deadLetter(e.getMessage(), raw, ctx);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            // A parser bug must not lose the record either, nor stop the job: keep it, with what
            // went wrong.
            // (A stack overflow, e.g. a regular expression's recursion on a huge line, unwinds
            // harmlessly.)
            deadLetter("parser error: " + e, raw, ctx);
            return;
        }
        if (eventTime != null && maxFutureSkew > 0) {
            long at = eventTime.extractTimestamp(parsed, Long.MIN_VALUE);
            long now = ctx.timerService().currentProcessingTime();
            if (at - now > maxFutureSkew) {
                deadLetter(
                        "event time "
                                + Instant.ofEpochMilli(at)
                                + " is "
                                + DurationConverter.format(Duration.ofMillis(at - now))
                                + " ahead of the clock, more than --max-future-skew "
                                + DurationConverter.format(Duration.ofMillis(maxFutureSkew)),
                        raw,
                        ctx);
                return;
            }
        }
        out.collect(parsed);
    }

    private void deadLetter(String reason, RawRecord raw, Context ctx) {
        deadLetters.inc();
        deadLetterTotal.add(1);
        ctx.output(
                DEAD_LETTERS,
                new DeadLetter(job, reason, raw, ctx.timerService().currentProcessingTime()));
    }
}
