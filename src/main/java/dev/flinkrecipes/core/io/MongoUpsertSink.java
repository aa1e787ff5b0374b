package dev.flinkrecipes.core.io;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import dev.flinkrecipes.core.options.Secrets;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.bson.Document;

/**
 * Upserts documents into a MongoDB collection by a key field, with the official driver ({@code
 * replaceOne(eq(key, value), document, upsert)}): buffered, and written on every checkpoint (the
 * writer's {@code flush}) and when the buffer is full. Delivery is at least once, and a replay
 * after a failure replaces each document with itself, so the collection ends with exactly one
 * document per key. Feed it keyed by the same key, so that one writer owns each key.
 */
public final class MongoUpsertSink<T> implements Sink<T> {
    /** The document of a record; its {@code keyField} is the upsert's key. */
    @FunctionalInterface
    public interface ToDocument<T> extends Serializable {
        Document of(T value);
    }

    private final String uri;
    private final String database;
    private final String collection;
    private final String keyField;
    private final ToDocument<T> toDocument;
    private final int batchSize;

    /**
     * @param uri a MongoDB connection string; it may hold a password, so it is never shown (see
     *     {@link #toString})
     * @param batchSize documents buffered before a write even without a checkpoint
     */
    public MongoUpsertSink(
            String uri,
            String database,
            String collection,
            String keyField,
            ToDocument<T> toDocument,
            int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be 1 or more");
        // Checked on the client, where a typo is cheap; the driver's message names no password.
        new ConnectionString(uri);
        this.uri = uri;
        this.database = database;
        this.collection = collection;
        this.keyField = keyField;
        this.toDocument = toDocument;
        this.batchSize = batchSize;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new Writer<>(this);
    }

    @Override
    public String toString() {
        return "MongoUpsertSink{"
                + Secrets.withoutUriPasswords(uri)
                + ", "
                + database
                + "."
                + collection
                + " by "
                + keyField
                + "}";
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final MongoClient client;
        private final MongoCollection<Document> documents;
        private final String keyField;
        private final ToDocument<T> toDocument;
        private final int batchSize;
        // by key: a key seen twice between two writes is written once, with its latest document
        private final Map<Object, Document> pending = new LinkedHashMap<>();

        Writer(MongoUpsertSink<T> sink) {
            this.client = MongoClients.create(sink.uri);
            this.documents = client.getDatabase(sink.database).getCollection(sink.collection);
            this.keyField = sink.keyField;
            this.toDocument = sink.toDocument;
            this.batchSize = sink.batchSize;
            // One document per key even if two writers ever race on a new key.
            documents.createIndex(Indexes.ascending(keyField), new IndexOptions().unique(true));
        }

        @Override
        public void write(T value, Context context) {
            Document d = toDocument.of(value);
            pending.remove(d.get(keyField)); // keeps the order of the latest
            pending.put(d.get(keyField), d);
            if (pending.size() >= batchSize) writePending();
        }

        /** On every checkpoint and at the end of the input. */
        @Override
        public void flush(boolean endOfInput) {
            writePending();
        }

        private void writePending() {
            if (pending.isEmpty()) return;
            List<ReplaceOneModel<Document>> upserts =
                    pending.entrySet().stream()
                            .map(
                                    e ->
                                            new ReplaceOneModel<>(
                                                    Filters.eq(keyField, e.getKey()),
                                                    e.getValue(),
                                                    new ReplaceOptions().upsert(true)))
                            .toList();
            documents.bulkWrite(upserts, new BulkWriteOptions().ordered(false));
            pending.clear();
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
