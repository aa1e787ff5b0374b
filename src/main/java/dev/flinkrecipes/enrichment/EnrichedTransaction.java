package dev.flinkrecipes.enrichment;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.flinkrecipes.core.serde.IsoInstantSerializer;
import dev.flinkrecipes.transactions.Transaction;
import java.util.Map;

/** A transaction joined with one profile update of its user made in the hour before it. */
public class EnrichedTransaction extends Transaction {
    @JsonSerialize(using = IsoInstantSerializer.class)
    public long updateTime;

    public Map<String, String> profile;

    public EnrichedTransaction() {}

    public EnrichedTransaction(Transaction t, UserUpdate u) {
        super(t);
        this.updateTime = u.updateTime;
        this.profile = u.profile;
    }
}
