package dev.flinkrecipes.core.serde;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/** A record that failed to parse or validate, kept whole with the reason, for the dead-letter output. */
public class DeadLetter {
    public String job;
    public String reason;
    public String raw;
    public String origin;
    public int partition;
    public long offset;

    @JsonSerialize(using = IsoInstantSerializer.class)
    public long rejectedAt;

    public DeadLetter() {}

    public DeadLetter(String job, String reason, RawRecord record, long rejectedAt) {
        this.job = job;
        this.reason = reason;
        this.raw = record.text;
        this.origin = record.origin;
        this.partition = record.partition;
        this.offset = record.offset;
        this.rejectedAt = rejectedAt;
    }
}
