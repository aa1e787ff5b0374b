package dev.flinkrecipes.core.windows;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;

/** A window's result row starts with the window's bounds: Spark's {@code window} struct, flattened. */
public abstract class WindowRow {
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowStart;
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long windowEnd;
}
