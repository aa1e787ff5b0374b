package dev.flinkrecipes.core.io;

import dev.flinkrecipes.core.serde.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;

/** Kafka values as text, never failing here: parsing happens downstream, where bad records go to the DLQ. */
final class KafkaRawRecords implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        String text = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        out.collect(new RawRecord(text, record.topic(), record.partition(), record.offset()));
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
