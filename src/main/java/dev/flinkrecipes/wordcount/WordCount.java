package dev.flinkrecipes.wordcount;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;

/**
 * A word's count at a trigger ("batch", as Spark's console sink numbers them), or in one DStream
 * batch.
 */
public class WordCount {
    /** The trigger time (the end of the batch). */
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long batch;

    public String word;
    public long count;

    public WordCount() {}

    public WordCount(long batch, String word, long count) {
        this.batch = batch;
        this.word = word;
        this.count = count;
    }
}
