package dev.flinkrecipes.bizum;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.ops.Accumulate;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;

/** A person's highest bizum so far, with its concept, as of a trigger ("batch"). */
public class HighestBizum {
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long batch;

    public String name;
    public double amount;
    public String concept;

    public HighestBizum() {}

    public HighestBizum(long batch, Bizum b) {
        this.batch = batch;
        this.name = b.name;
        this.amount = b.amount;
        this.concept = b.concept;
    }

    /** Keeps the highest bizum; on a tie, the one seen first keeps its concept. */
    public static final class Max extends Accumulate<Bizum, Bizum> {
        @Override
        public Bizum createAccumulator() {
            return new Bizum(null, Double.NEGATIVE_INFINITY, null);
        }

        @Override
        public Bizum add(Bizum b, Bizum best) {
            return b.amount > best.amount ? b : best;
        }

        @Override
        public Bizum merge(Bizum a, Bizum b) {
            return b.amount > a.amount ? b : a;
        }
    }
}
